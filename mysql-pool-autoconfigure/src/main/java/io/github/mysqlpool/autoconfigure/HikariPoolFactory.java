package io.github.mysqlpool.autoconfigure;

import java.util.HashMap;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.Driver;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.Pool;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.PoolOverrides;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.Session;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.SslMode;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.TransactionIsolation;
import io.github.mysqlpool.internal.JdbcUrls;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Builds one HikariCP pool per server from the properties: the shared pool settings with
 * the server's overrides, and the MySQL driver defaults. This is the one place where
 * durations become HikariCP's milliseconds.
 *
 * @author mysql-pool team
 */
class HikariPoolFactory {

	/**
	 * Replica sessions are read-only on the server too: Connector/J does not send
	 * {@code setReadOnly(true)} to every MariaDB version.
	 */
	static final String READ_ONLY_SESSION_SQL = "SET SESSION TRANSACTION READ ONLY";

	private static final String ADOPTED_PRIMARY_NAME = "primary";

	private static final Log logger = LogFactory.getLog(HikariPoolFactory.class);

	private static final String SESSION_VARIABLES = "sessionVariables";

	private final Pool shared;

	private final Map<String, Duration> statementTimeouts = new HashMap<>();

	private final Driver driver;

	private final @Nullable SslBundles sslBundles;

	private @Nullable SslBundleStores sslStores;

	HikariPoolFactory(MySqlPoolProperties properties) {
		this(properties, null);
	}

	HikariPoolFactory(MySqlPoolProperties properties, @Nullable SslBundles sslBundles) {
		this.shared = properties.getPool();
		this.driver = properties.getDriver();
		this.sslBundles = sslBundles;
	}

	/**
	 * Build a pool that starts on its first {@code getConnection()}.
	 * @param name pool name
	 * @param url JDBC URL, secrets included
	 * @param username login user
	 * @param password login password, for the hosts of the URL that give none
	 * @param overrides the server's own pool settings
	 * @param replica whether the server is a read-only replica
	 * @return the pool, not started
	 */
	HikariDataSource create(String name, String url, @Nullable String username, @Nullable String password,
			PoolOverrides overrides, boolean replica) {
		// HikariCP shows the URL in its debug log and in its exceptions, masking only
		// some
		// parameters: the URL's secrets go where it does not show them
		PoolUrl poolUrl = PoolUrl.of(url, password);
		if (poolUrl.problem() != null) {
			throw new IllegalStateException("The URL of pool " + name + " cannot be used: " + poolUrl.problem());
		}
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName(name);
		this.statementTimeouts.put(name, (overrides.getStatementTimeout() != null) ? overrides.getStatementTimeout()
				: replica ? this.shared.getReplicaStatementTimeout() : this.shared.getStatementTimeout());
		pool.setJdbcUrl(poolUrl.url());
		pool.setUsername(username);
		pool.setPassword(poolUrl.password());
		int maximumPoolSize = maximumPoolSize(overrides);
		pool.setMaximumPoolSize(maximumPoolSize);
		pool.setMinimumIdle(minimumIdle(overrides));
		pool.setConnectionTimeout(
				millis(overrides, PoolOverrides::getConnectionTimeout, this.shared.getConnectionTimeout()));
		pool.setIdleTimeout(millis(overrides, PoolOverrides::getIdleTimeout, this.shared.getIdleTimeout()));
		pool.setMaxLifetime(millis(overrides, PoolOverrides::getMaxLifetime, this.shared.getMaxLifetime()));
		pool.setKeepaliveTime(millis(overrides, PoolOverrides::getKeepaliveTime, this.shared.getKeepaliveTime()));
		pool.setValidationTimeout(
				millis(overrides, PoolOverrides::getValidationTimeout, this.shared.getValidationTimeout()));
		pool.setLeakDetectionThreshold(
				millis(overrides, PoolOverrides::getLeakDetectionThreshold, this.shared.getLeakDetectionThreshold()));
		Map<String, String> driverProperties = driverProperties(poolUrl.url());
		String sessionVariables = sessionVariables(overrides.getSession(), driverProperties.get(SESSION_VARIABLES));
		if (sessionVariables != null && !JdbcUrls.hasParameter(poolUrl.url(), SESSION_VARIABLES)) {
			driverProperties.put(SESSION_VARIABLES, sessionVariables);
		}
		driverProperties.forEach(pool::addDataSourceProperty);
		poolUrl.properties().forEach(pool::addDataSourceProperty);
		TransactionIsolation isolation = session(overrides, Session::getTransactionIsolation);
		if (isolation != null) {
			pool.setTransactionIsolation("TRANSACTION_" + isolation.name());
		}
		String initSql = session(overrides, Session::getInitSql);
		pool.setConnectionInitSql(initSql);
		if (replica) {
			pool.setReadOnly(true);
			if (initSql == null) {
				pool.setConnectionInitSql(READ_ONLY_SESSION_SQL);
			}
			// A replica that is down at start-up must not fail the application: the pool
			// starts anyway and keeps trying in the background.
			pool.setInitializationFailTimeout(-1);
		}
		return pool;
	}

	/**
	 * Make the application's own pool (Boot's {@code spring.datasource} pool, adopted as
	 * the primary) one of the starter's: it is named {@code primary} unless the
	 * application named it, and gets the driver properties of
	 * {@link #driverProperties(String)} except those its URL or its own data source
	 * properties set. Only a pool that has not started is changed (HikariCP seals its
	 * configuration then), and the driver properties only where the pool opens
	 * connections through MySQL Connector/J or MariaDB Connector/J from a JDBC URL.
	 * @param pool the adopted pool
	 * @return the pool's name, which its meters are tagged with
	 */
	String adopt(HikariDataSource pool) {
		if (pool.isRunning() || pool.isClosed()) {
			logger.warn("Pool '" + pool.getPoolName() + "' started before it was adopted as the primary: it keeps "
					+ "its own driver settings and is not instrumented (something borrowed from it during start-up)");
			return pool.getPoolName();
		}
		if (pool.getPoolName() == null) {
			pool.setPoolName(ADOPTED_PRIMARY_NAME);
		}
		String url = pool.getJdbcUrl();
		if (url != null && pool.getDataSource() == null && pool.getDataSourceClassName() == null
				&& (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:"))) {
			Properties own = pool.getDataSourceProperties();
			driverProperties(url).forEach((name, value) -> {
				if (!own.containsKey(name)) {
					pool.addDataSourceProperty(name, value);
				}
			});
		}
		return pool.getPoolName();
	}

	/**
	 * The statement time limit of each pool built, by pool name.
	 */
	Map<String, Duration> statementTimeouts() {
		return this.statementTimeouts;
	}

	private <T> @Nullable T session(PoolOverrides overrides, Function<Session, @Nullable T> setting) {
		T value = setting.apply(overrides.getSession());
		return (value != null) ? value : setting.apply(this.shared.getSession());
	}

	/**
	 * The driver's {@code sessionVariables} of a pool: its sql_mode and time_zone, then
	 * those of mysql-pool.driver.properties. Both drivers send them in one SET statement
	 * while they set up the connection, before HikariCP hands it out.
	 */
	@Nullable String sessionVariables(Session own, @Nullable String configured) {
		StringBuilder variables = new StringBuilder();
		String sqlMode = (own.getSqlMode() != null) ? own.getSqlMode() : this.shared.getSession().getSqlMode();
		if (sqlMode != null) {
			variables.append("sql_mode='").append(sqlMode.replace(" ", "")).append('\'');
		}
		String timeZone = (own.getTimeZone() != null) ? own.getTimeZone() : this.shared.getSession().getTimeZone();
		if (timeZone != null) {
			variables.append(variables.isEmpty() ? "" : ",").append("time_zone='").append(timeZone).append('\'');
		}
		if (configured != null && !configured.isBlank()) {
			variables.append(variables.isEmpty() ? "" : ",").append(configured);
		}
		return variables.isEmpty() ? null : variables.toString();
	}

	int maximumPoolSize(PoolOverrides overrides) {
		return (overrides.getMaximumPoolSize() != null) ? overrides.getMaximumPoolSize()
				: this.shared.getMaximumPoolSize();
	}

	int minimumIdle(PoolOverrides overrides) {
		if (overrides.getMinimumIdle() != null) {
			return overrides.getMinimumIdle();
		}
		return (this.shared.getMinimumIdle() != null) ? this.shared.getMinimumIdle() : maximumPoolSize(overrides);
	}

	private static long millis(PoolOverrides overrides, Function<PoolOverrides, @Nullable Duration> override,
			Duration shared) {
		Duration value = override.apply(overrides);
		return ((value != null) ? value : shared).toMillis();
	}

	/**
	 * The driver properties of a pool: the tuned defaults, then the timeouts, TLS and
	 * character set, then the user's extra properties. Properties the URL sets are left
	 * out, so the URL always wins.
	 * @param url the pool's JDBC URL
	 * @return the properties to pass to the driver
	 */
	Map<String, String> driverProperties(String url) {
		boolean mariaDbDriver = JdbcUrls.isMariaDbDriverUrl(url);
		Map<String, String> properties = new LinkedHashMap<>();
		if (this.driver.isTuned()) {
			properties.put("cachePrepStmts", "true");
			properties.put("prepStmtCacheSize", "250");
			properties.put("useServerPrepStmts", "true");
			if (!mariaDbDriver) {
				properties.put("prepStmtCacheSqlLimit", "2048");
				properties.put("useLocalSessionState", "true");
				properties.put("rewriteBatchedStatements", "true");
				properties.put("cacheResultSetMetadata", "true");
				properties.put("cacheServerConfiguration", "true");
				properties.put("elideSetAutoCommits", "true");
				properties.put("maintainTimeStats", "false");
			}
		}
		properties.put("connectTimeout", Long.toString(this.driver.getConnectTimeout().toMillis()));
		properties.put("socketTimeout", Long.toString(this.driver.getSocketTimeout().toMillis()));
		if (!mariaDbDriver) {
			// Connector/J maps UTF-8 to utf8mb4
			properties.put("characterEncoding", "UTF-8");
		}
		SslMode sslMode = this.driver.getSslMode();
		if (sslMode != null) {
			properties.put("sslMode", mariaDbDriver ? mariaDbSslMode(sslMode) : sslMode.name());
		}
		if (this.driver.getTrustStore() != null) {
			properties.put(mariaDbDriver ? "trustStore" : "trustCertificateKeyStoreUrl", this.driver.getTrustStore());
		}
		if (this.driver.getTrustStorePassword() != null) {
			properties.put(mariaDbDriver ? "trustStorePassword" : "trustCertificateKeyStorePassword",
					this.driver.getTrustStorePassword());
		}
		if (this.driver.getTrustStoreType() != null) {
			properties.put(mariaDbDriver ? "trustStoreType" : "trustCertificateKeyStoreType",
					this.driver.getTrustStoreType());
		}
		SslBundleStores stores = sslStores();
		if (stores != null) {
			putStore(properties, mariaDbDriver ? "trustStore" : "trustCertificateKeyStore", stores.trustStoreUrl(),
					stores.password());
			putStore(properties, mariaDbDriver ? "keyStore" : "clientCertificateKeyStore", stores.keyStoreUrl(),
					stores.password());
		}
		properties.putAll(this.driver.getProperties());
		properties.keySet().removeIf((name) -> JdbcUrls.hasParameter(url, name));
		return properties;
	}

	private static void putStore(Map<String, String> properties, String prefix, @Nullable String url, String password) {
		if (url != null) {
			boolean mariaDb = prefix.endsWith("Store") && !prefix.contains("Certificate");
			properties.put(prefix + (mariaDb ? "" : "Url"), url);
			properties.put(prefix + "Password", password);
			properties.put(prefix + "Type", "PKCS12");
		}
	}

	/**
	 * The stores of mysql-pool.driver.ssl-bundle, written once for all pools.
	 */
	private @Nullable SslBundleStores sslStores() {
		String name = this.driver.getSslBundle();
		if (name == null) {
			return null;
		}
		if (this.sslStores == null) {
			if (this.sslBundles == null) {
				throw new InvalidMySqlPoolPropertyException("mysql-pool.driver.ssl-bundle", name,
						"there are no SSL bundles", "Define it under spring.ssl.bundle.pem." + name
								+ " or spring.ssl.bundle.jks." + name + ", or remove the property.");
			}
			SslBundle bundle;
			try {
				bundle = this.sslBundles.getBundle(name);
			}
			catch (NoSuchSslBundleException ex) {
				throw new InvalidMySqlPoolPropertyException("mysql-pool.driver.ssl-bundle", name,
						"there is no SSL bundle of that name", "Define it under spring.ssl.bundle.pem." + name
								+ " or spring.ssl.bundle.jks." + name + ", or set the name of an existing bundle.");
			}
			this.sslStores = SslBundleStores.write(name, bundle);
		}
		return this.sslStores;
	}

	private static String mariaDbSslMode(SslMode sslMode) {
		return switch (sslMode) {
			case DISABLED, PREFERRED -> "disable";
			case REQUIRED -> "trust";
			case VERIFY_CA -> "verify-ca";
			case VERIFY_IDENTITY -> "verify-full";
		};
	}

}
