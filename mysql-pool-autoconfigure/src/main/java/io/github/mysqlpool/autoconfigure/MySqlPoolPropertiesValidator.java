package io.github.mysqlpool.autoconfigure;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.Driver;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.Pool;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.PoolOverrides;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.Replica;
import io.github.mysqlpool.internal.JdbcUrls;
import io.github.mysqlpool.topology.TopologyDiscovery;
import org.jspecify.annotations.Nullable;

/**
 * Checks the properties before any pool is built, failing with an
 * {@link InvalidMySqlPoolPropertyException} that names the property and the fix.
 *
 * @author mysql-pool team
 */
final class MySqlPoolPropertiesValidator {

	/** HikariCP's own lower bounds, which it otherwise enforces by silently resetting. */
	private static final Duration MINIMUM_TIMEOUT = Duration.ofMillis(250);

	private static final Duration MINIMUM_LIFETIME = Duration.ofSeconds(30);

	private static final Duration MINIMUM_LEAK_DETECTION = Duration.ofSeconds(2);

	private static final Pattern SQL_MODE = Pattern.compile("[A-Za-z_]*( *, *[A-Za-z_]+)*");

	private static final Pattern TIME_ZONE = Pattern.compile("SYSTEM|[+-]\\d{1,2}:\\d{2}|[A-Za-z][A-Za-z0-9_/+-]*");

	private MySqlPoolPropertiesValidator() {
	}

	/**
	 * Validate the properties.
	 * @param properties the bound properties
	 * @param ownPrimary whether the starter builds the primary pool from
	 * {@code mysql-pool.primary.*} (rather than adopting the application's data source)
	 * @param password the password the replicas inherit: the primary's
	 */
	static void validate(MySqlPoolProperties properties, boolean ownPrimary, @Nullable String password) {
		checkSharedPool(properties.getPool());
		checkDriver(properties.getDriver());
		if (ownPrimary) {
			String url = properties.getPrimary().getUrl();
			if (url == null || url.isBlank()) {
				throw new InvalidMySqlPoolPropertyException("mysql-pool.primary.url", null,
						"the primary URL is required when mysql-pool.replicas are configured",
						"Set mysql-pool.primary.url (for example jdbc:mysql://db-host:3306/app), or set "
								+ "spring.datasource.url to keep Boot's own pool as the primary.");
			}
			checkUrl("mysql-pool.primary.url", url, properties.getPrimary().getPassword());
			checkPool("mysql-pool.primary.pool", properties.getPrimary().getPool(), properties.getPool());
		}
		checkReplicas(properties, password);
		checkTopology(properties, ownPrimary);
	}

	/**
	 * Discovery chooses the writer among distinct servers: a server listed twice would be
	 * two writable servers forever, and read-only discovery needs the starter's own
	 * primary pool to build every server's write pool from the same settings.
	 */
	private static void checkTopology(MySqlPoolProperties properties, boolean ownPrimary) {
		TopologyDiscovery discovery = properties.getTopology().getDiscovery();
		if (discovery == TopologyDiscovery.NONE) {
			return;
		}
		if (discovery.choosesAmongServers() && !ownPrimary) {
			throw new InvalidMySqlPoolPropertyException("mysql-pool.topology.discovery",
					discovery.name().toLowerCase(Locale.ROOT).replace('_', '-'),
					"discovery among the servers needs the primary pool built by the starter, and the primary comes from "
							+ "spring.datasource",
					"Move the primary's URL and credentials to mysql-pool.primary.*, or set "
							+ "mysql-pool.topology.discovery to endpoint or none.");
		}
		if (discovery.choosesAmongServers() && properties.getReplicas().isEmpty()) {
			throw new InvalidMySqlPoolPropertyException("mysql-pool.topology.discovery",
					discovery.name().toLowerCase(Locale.ROOT).replace('_', '-'),
					"discovery among the servers chooses the writer among the configured servers, and no replica is configured",
					"Configure mysql-pool.replicas, or set mysql-pool.topology.discovery to endpoint (a DNS name "
							+ "or virtual IP that follows the primary) or none.");
		}
		Map<String, String> servers = new HashMap<>();
		String primaryUrl = properties.getPrimary().getUrl();
		if (ownPrimary && primaryUrl != null) {
			servers.put(serverOf(primaryUrl), "mysql-pool.primary.url");
		}
		for (int i = 0; i < properties.getReplicas().size(); i++) {
			String property = "mysql-pool.replicas[" + i + "].url";
			String url = properties.getReplicas().get(i).getUrl();
			String earlier = (url != null) ? servers.putIfAbsent(serverOf(url), property) : null;
			if (earlier != null) {
				throw new InvalidMySqlPoolPropertyException(property, JdbcUrls.redact(url),
						"it names the same server as " + earlier + ", and topology discovery needs each server once",
						"Remove the duplicate entry, or point " + property + " at another server.");
			}
		}
	}

	/**
	 * Check that no replica pool takes the name of the adopted primary, which the
	 * application may have named itself ({@code spring.datasource.hikari.pool-name}).
	 * @param properties the bound properties
	 * @param primaryName the adopted primary's pool name
	 */
	static void validateAdoptedPrimaryName(MySqlPoolProperties properties, String primaryName) {
		for (int i = 0; i < properties.getReplicas().size(); i++) {
			if (properties.replicaName(i).equals(primaryName)) {
				String prefix = "mysql-pool.replicas[" + i + "]";
				throw new InvalidMySqlPoolPropertyException(prefix + ".name", primaryName,
						"the primary adopted from spring.datasource is named '" + primaryName + "' already",
						"Give " + prefix + ".name another name, or rename the primary with "
								+ "spring.datasource.hikari.pool-name.");
			}
		}
	}

	private static String serverOf(String url) {
		String server = JdbcUrls.hostAndPort(url);
		return (server != null) ? server.toLowerCase(Locale.ROOT) : url;
	}

	private static void checkReplicas(MySqlPoolProperties properties, @Nullable String password) {
		List<Replica> replicas = properties.getReplicas();
		Set<String> names = new HashSet<>();
		names.add("primary");
		for (int i = 0; i < replicas.size(); i++) {
			Replica replica = replicas.get(i);
			String prefix = "mysql-pool.replicas[" + i + "]";
			String url = replica.getUrl();
			if (url == null || url.isBlank()) {
				throw new InvalidMySqlPoolPropertyException(prefix + ".url", null, "every replica needs a URL",
						"Set " + prefix + ".url (for example jdbc:mysql://replica-host:3306/app) or remove the entry.");
			}
			checkUrl(prefix + ".url", url, MySqlPoolAutoConfiguration.replicaPassword(replica, password));
			String name = properties.replicaName(i);
			if (!names.add(name)) {
				throw new InvalidMySqlPoolPropertyException(prefix + ".name", name,
						"pool names must be unique and 'primary' is taken", "Give " + prefix
								+ ".name a name no other pool uses, or leave it unset for 'replica-" + (i + 1) + "'.");
			}
			if (replica.getWeight() < 1) {
				throw new InvalidMySqlPoolPropertyException(prefix + ".weight", replica.getWeight(),
						"the weight must be at least 1", "Set " + prefix + ".weight to 1 or more.");
			}
			checkPool(prefix + ".pool", replica.getPool(), properties.getPool());
		}
	}

	private static void checkUrl(String property, String url, @Nullable String password) {
		if (!url.startsWith("jdbc:mysql:") && !url.startsWith("jdbc:mariadb:")) {
			throw new InvalidMySqlPoolPropertyException(property, JdbcUrls.redact(url),
					"the URL must start with jdbc:mysql: or jdbc:mariadb:",
					"Use a MySQL or MariaDB JDBC URL, for example jdbc:mysql://db-host:3306/app.");
		}
		PoolUrl poolUrl = PoolUrl.of(url, password);
		if (poolUrl.problem() != null) {
			String passwordProperty = property.substring(0, property.length() - "url".length()) + "password";
			throw new InvalidMySqlPoolPropertyException(property, JdbcUrls.redact(url), poolUrl.problem(),
					"Remove the passwords from the URL and set " + passwordProperty
							+ " (one password for every host of the URL), or give each server its own pool.");
		}
		checkDriverAccepts(property, url, poolUrl.url());
	}

	/**
	 * Fail here, naming the property and the dependency, rather than in HikariCP, whose
	 * message shows the URL.
	 */
	private static void checkDriverAccepts(String property, String url, String urlWithoutSecrets) {
		try {
			DriverManager.getDriver(urlWithoutSecrets);
		}
		catch (SQLException ex) {
			boolean mariaDb = JdbcUrls.isMariaDbDriverUrl(url);
			throw new InvalidMySqlPoolPropertyException(property, JdbcUrls.redact(url),
					"no JDBC driver on the class path accepts the URL",
					mariaDb ? "Add MariaDB Connector/J (org.mariadb.jdbc:mariadb-java-client) to the dependencies, "
							+ "or use a jdbc:mysql: URL with MySQL Connector/J."
							: "Add MySQL Connector/J (com.mysql:mysql-connector-j) to the dependencies, or use a "
									+ "jdbc:mariadb: URL with MariaDB Connector/J.");
		}
	}

	private static void checkSharedPool(Pool pool) {
		checkSession("mysql-pool.pool.session", pool.getSession());
		checkSizes("mysql-pool.pool", pool.getMaximumPoolSize(), pool.getMinimumIdle());
		checkTimeouts("mysql-pool.pool", pool.getConnectionTimeout(), pool.getValidationTimeout(),
				pool.getIdleTimeout(), pool.getMaxLifetime(), pool.getKeepaliveTime(),
				pool.getLeakDetectionThreshold());
		notNegative("mysql-pool.pool.statement-timeout", pool.getStatementTimeout());
		notNegative("mysql-pool.pool.replica-statement-timeout", pool.getReplicaStatementTimeout());
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

	private static void checkPool(String prefix, PoolOverrides overrides, Pool shared) {
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

	private static void checkDriver(Driver driver) {
		atLeast("mysql-pool.driver.connect-timeout", driver.getConnectTimeout(), Duration.ofMillis(1));
		atLeast("mysql-pool.driver.socket-timeout", driver.getSocketTimeout(), Duration.ofMillis(1));
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
