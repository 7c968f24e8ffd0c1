package io.github.mysqlpool.autoconfigure;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Checks the {@code mysql-pool.replication.*} properties when they are bound, failing
 * with an {@link InvalidMySqlPoolPropertyException} that names the property and the fix.
 *
 * @author mysql-pool team
 */
final class MySqlPoolReplicationPropertiesValidator {

	private static final String PREFIX = "mysql-pool.replication.";

	private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_$]+(\\.[A-Za-z0-9_$]+)?");

	private MySqlPoolReplicationPropertiesValidator() {
	}

	static void validate(MySqlPoolReplicationProperties properties) {
		positive("probe-interval", properties.getProbeInterval(), "1s");
		positive("probe-timeout", properties.getProbeTimeout(), "1s");
		positive("max-lag", properties.getMaxLag(), "5s");
		positive("heartbeat.interval", properties.getHeartbeat().getInterval(), "250ms");
		Duration readmitLag = properties.determineReadmitLag();
		if (readmitLag.isNegative() || readmitLag.compareTo(properties.getMaxLag()) > 0) {
			throw new InvalidMySqlPoolPropertyException(PREFIX + "readmit-lag", readmitLag,
					"the re-admit limit must be between 0 and max-lag (" + properties.getMaxLag() + ")", "Set " + PREFIX
							+ "readmit-lag at or below " + PREFIX + "max-lag, or leave it unset for half of max-lag.");
		}
		if (properties.getReadmitProbes() < 1) {
			throw new InvalidMySqlPoolPropertyException(PREFIX + "readmit-probes", properties.getReadmitProbes(),
					"a replica needs at least one good probe to return",
					"Set " + PREFIX + "readmit-probes to 1 or more.");
		}
		String table = properties.getHeartbeat().getTable();
		if (table == null || !TABLE.matcher(table).matches()) {
			throw new InvalidMySqlPoolPropertyException(PREFIX + "heartbeat.table", table,
					"the table name must be a plain or database-qualified identifier",
					"Set " + PREFIX + "heartbeat.table to a name such as mysql_pool_heartbeat or ops.heartbeat.");
		}
	}

	private static void positive(String property, Duration value, String example) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new InvalidMySqlPoolPropertyException(PREFIX + property, value, "the duration must be positive",
					"Set " + PREFIX + property + " to a positive duration, for example " + example + ".");
		}
	}

}
