package io.github.mysqlpool.autoconfigure;

import java.time.Duration;
import java.util.regex.Pattern;

import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.Driver;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.Pool;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.PoolOverrides;
import org.jspecify.annotations.Nullable;

/**
 * Checks the pool and driver settings ({@code mysql-pool.pool.*},
 * {@code mysql-pool.driver.*} and each pool's overrides), failing with an
 * {@link InvalidMySqlPoolPropertyException} that names the property and the fix.
 *
 * @author mysql-pool team
 */
final class PoolSettingsValidator {

	/** HikariCP's own lower bounds, which it otherwise enforces by silently resetting. */
	private static final Duration MINIMUM_TIMEOUT = Duration.ofMillis(250);

	private static final Duration MINIMUM_LIFETIME = Duration.ofSeconds(30);

	private static final Duration MINIMUM_LEAK_DETECTION = Duration.ofSeconds(2);

	private static final Pattern SQL_MODE = Pattern.compile("[A-Za-z_]*( *, *[A-Za-z_]+)*");

	private static final Pattern TIME_ZONE = Pattern.compile("SYSTEM|[+-]\\d{1,2}:\\d{2}|[A-Za-z][A-Za-z0-9_/+-]*");

	private PoolSettingsValidator() {
	}

	static void checkShared(Pool pool, Driver driver) {
		checkSession("mysql-pool.pool.session", pool.getSession());
		checkSizes("mysql-pool.pool", pool.getMaximumPoolSize(), pool.getMinimumIdle());
		checkTimeouts("mysql-pool.pool", pool.getConnectionTimeout(), pool.getValidationTimeout(),
				pool.getIdleTimeout(), pool.getMaxLifetime(), pool.getKeepaliveTime(),
				pool.getLeakDetectionThreshold());
		notNegative("mysql-pool.pool.statement-timeout", pool.getStatementTimeout());
		notNegative("mysql-pool.pool.replica-statement-timeout", pool.getReplicaStatementTimeout());
		atLeast("mysql-pool.driver.connect-timeout", driver.getConnectTimeout(), Duration.ofMillis(1));
		atLeast("mysql-pool.driver.socket-timeout", driver.getSocketTimeout(), Duration.ofMillis(1));
	}

	private static void notNegative(String property, @Nullable Duration value) {
		if (value != null && value.isNegative()) {
			throw new InvalidMySqlPoolPropertyException(property, value, "the limit cannot be negative",
					"Set " + property + " to 0 (no limit) or more, such as 30s.");
		}
	}

	/**
	 * The session variables go into the driver's quoted, comma-separated
	 * sessionVariables: a value must not end its quotes.
	 */
	private static void checkSession(String prefix, MySqlPoolProperties.Session session) {
		String sqlMode = session.getSqlMode();
		if (sqlMode != null && !SQL_MODE.matcher(sqlMode).matches()) {
			throw new InvalidMySqlPoolPropertyException(prefix + ".sql-mode", sqlMode,
					"an SQL mode is a comma-separated list of mode names",
					"Set it to mode names separated by commas, for example STRICT_TRANS_TABLES,NO_ZERO_DATE, or "
							+ "leave it unset to keep the server's sql_mode.");
		}
		String timeZone = session.getTimeZone();
		if (timeZone != null && !TIME_ZONE.matcher(timeZone).matches()) {
			throw new InvalidMySqlPoolPropertyException(prefix + ".time-zone", timeZone,
					"a time zone is an offset, a zone name or SYSTEM",
					"Set it to an offset such as +00:00, a zone name loaded in the server such as Europe/Paris, or "
							+ "SYSTEM.");
		}
		String initSql = session.getInitSql();
		if (initSql != null && initSql.isBlank()) {
			throw new InvalidMySqlPoolPropertyException(prefix + ".init-sql", initSql, "the statement is blank",
					"Set one SQL statement, or remove the property.");
		}
	}

	static void checkPool(String prefix, PoolOverrides overrides, Pool shared) {
		checkSession(prefix + ".session", overrides.getSession());
		int maximum = (overrides.getMaximumPoolSize() != null) ? overrides.getMaximumPoolSize()
				: shared.getMaximumPoolSize();
		Integer minimum = (overrides.getMinimumIdle() != null) ? overrides.getMinimumIdle() : shared.getMinimumIdle();
		String sizePrefix = (overrides.getMaximumPoolSize() != null || overrides.getMinimumIdle() != null) ? prefix
				: "mysql-pool.pool";
		checkSizes(sizePrefix, maximum, minimum);
		checkTimeouts(prefix, orShared(overrides.getConnectionTimeout(), shared.getConnectionTimeout()),
				orShared(overrides.getValidationTimeout(), shared.getValidationTimeout()),
				orShared(overrides.getIdleTimeout(), shared.getIdleTimeout()),
				orShared(overrides.getMaxLifetime(), shared.getMaxLifetime()),
				orShared(overrides.getKeepaliveTime(), shared.getKeepaliveTime()),
				orShared(overrides.getLeakDetectionThreshold(), shared.getLeakDetectionThreshold()));
		notNegative(prefix + ".statement-timeout", overrides.getStatementTimeout());
	}

	private static Duration orShared(@Nullable Duration override, Duration shared) {
		return (override != null) ? override : shared;
	}

	private static void checkSizes(String prefix, int maximum, @Nullable Integer minimum) {
		if (maximum < 1) {
			throw new InvalidMySqlPoolPropertyException(prefix + ".maximum-pool-size", maximum,
					"the pool needs room for at least one connection",
					"Set " + prefix + ".maximum-pool-size to 1 or more (10 is the default).");
		}
		if (minimum != null && minimum < 0) {
			throw new InvalidMySqlPoolPropertyException(prefix + ".minimum-idle", minimum,
					"the minimum number of idle connections cannot be negative",
					"Set " + prefix + ".minimum-idle to 0 or more, or leave it unset for a fixed-size pool.");
		}
		if (minimum != null && minimum > maximum) {
			throw new InvalidMySqlPoolPropertyException(prefix + ".minimum-idle", minimum,
					"minimum-idle is above maximum-pool-size (" + maximum + ")", "Set " + prefix
							+ ".minimum-idle to at most " + maximum + ", or raise " + prefix + ".maximum-pool-size.");
		}
	}

	private static void checkTimeouts(String prefix, Duration connectionTimeout, Duration validationTimeout,
			Duration idleTimeout, Duration maxLifetime, Duration keepaliveTime, Duration leakDetectionThreshold) {
		atLeast(prefix + ".connection-timeout", connectionTimeout, MINIMUM_TIMEOUT);
		atLeast(prefix + ".validation-timeout", validationTimeout, MINIMUM_TIMEOUT);
		if (validationTimeout.compareTo(connectionTimeout) > 0) {
			throw new InvalidMySqlPoolPropertyException(prefix + ".validation-timeout", validationTimeout,
					"the validation timeout is longer than the connection timeout (" + connectionTimeout + ")",
					"Set " + prefix + ".validation-timeout below " + prefix + ".connection-timeout.");
		}
		if (idleTimeout.isNegative()) {
			throw new InvalidMySqlPoolPropertyException(prefix + ".idle-timeout", idleTimeout,
					"the idle timeout cannot be negative", "Set " + prefix + ".idle-timeout to 0 (never) or more.");
		}
		zeroOrAtLeast(prefix + ".max-lifetime", maxLifetime, MINIMUM_LIFETIME);
		zeroOrAtLeast(prefix + ".keepalive-time", keepaliveTime, MINIMUM_LIFETIME);
		if (!keepaliveTime.isZero() && !maxLifetime.isZero() && keepaliveTime.compareTo(maxLifetime) >= 0) {
			throw new InvalidMySqlPoolPropertyException(prefix + ".keepalive-time", keepaliveTime,
					"keepalive-time must be below max-lifetime (" + maxLifetime + ")",
					"Set " + prefix + ".keepalive-time below " + prefix + ".max-lifetime, or to 0 to disable it.");
		}
		zeroOrAtLeast(prefix + ".leak-detection-threshold", leakDetectionThreshold, MINIMUM_LEAK_DETECTION);
	}

	private static void atLeast(String property, Duration value, Duration minimum) {
		if (value.compareTo(minimum) < 0) {
			throw new InvalidMySqlPoolPropertyException(property, value,
					"the value must be positive and at least " + minimum.toMillis() + " ms", "Set " + property
							+ " to a positive duration of at least " + minimum.toMillis() + " ms, for example 5s.");
		}
	}

	private static void zeroOrAtLeast(String property, Duration value, Duration minimum) {
		if (!value.isZero() && value.compareTo(minimum) < 0) {
			throw new InvalidMySqlPoolPropertyException(property, value,
					"the value must be 0 (disabled) or at least " + minimum.toSeconds() + " s, HikariCP's minimum",
					"Set " + property + " to 0 or to " + minimum.toSeconds() + "s or more.");
		}
	}

}
