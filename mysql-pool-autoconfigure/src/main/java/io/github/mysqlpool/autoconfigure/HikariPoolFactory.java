package io.github.mysqlpool.autoconfigure;

import java.time.Duration;
import java.util.function.Function;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.Driver;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.Pool;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.PoolOverrides;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.Session;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.TransactionIsolation;
import io.github.mysqlpool.internal.JdbcUrls;
import io.github.mysqlpool.pool.MySqlPoolCustomizer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Builds one HikariCP pool per server from the properties: URL, credentials, the shared
 * pool settings with the server's overrides, and its session settings. This is the one
 * place where durations become HikariCP's milliseconds. Everything else the starter sets
 * on a pool (the driver defaults, what the server's inspection asks for, the statement
 * time limit, instrumentation) is a {@link MySqlPoolCustomizer}, applied to these pools
 * and to an adopted primary alike.
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

	private final Driver driver;

	HikariPoolFactory(MySqlPoolProperties properties) {
		this.shared = properties.getPool();
		this.driver = properties.getDriver();
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
		if (!JdbcUrls.hasParameter(poolUrl.url(), SESSION_VARIABLES)) {
			String sessionVariables = sessionVariables(overrides.getSession(),
					this.driver.getProperties().get(SESSION_VARIABLES));
			if (sessionVariables != null) {
				pool.addDataSourceProperty(SESSION_VARIABLES, sessionVariables);
			}
		}
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
	 * application named it. The customizers then give it the driver defaults and the rest
	 * as to the pools built here, if it has not started (HikariCP seals its configuration
	 * then).
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
		return pool.getPoolName();
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

}
