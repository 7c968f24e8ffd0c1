package io.github.mysqlpool.pool;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Keeps each pool's max-lifetime below its server's {@code wait_timeout}, so that the
 * pool retires connections before the server closes them while they sit idle.
 * <p>
 * At start-up it reads {@code @@wait_timeout} over a short-lived connection of its own
 * (the pools themselves are not started) and, where a pool's max-lifetime is not below
 * it, logs a warning naming both values and lowers max-lifetime.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class WaitTimeoutGuard implements SmartInitializingSingleton {

	/** HikariCP ignores a max-lifetime below 30 seconds and falls back to 30 minutes. */
	static final long HIKARI_MINIMUM_LIFETIME_MS = 30_000;

	private static final Log logger = LogFactory.getLog(WaitTimeoutGuard.class);

	private final MySqlPools pools;

	private final Duration timeout;

	/**
	 * Create the guard.
	 * @param pools the pools to check
	 * @param timeout connect and socket timeout of the check's own connection
	 */
	public WaitTimeoutGuard(MySqlPools pools, Duration timeout) {
		this.pools = pools;
		this.timeout = timeout;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (MySqlPool pool : this.pools.getAll()) {
			HikariDataSource hikari = pool.getHikari();
			if (hikari != null && hikari.getJdbcUrl() != null) {
				check(pool.getName(), hikari);
			}
		}
	}

	private void check(String name, HikariDataSource hikari) {
		long waitTimeoutSeconds;
		try {
			waitTimeoutSeconds = readWaitTimeout(hikari);
		}
		catch (SQLException ex) {
			logger.warn("Pool '" + name + "': could not read @@wait_timeout from "
					+ JdbcUrls.hostAndPort(hikari.getJdbcUrl()) + " (" + ex.getMessage() + "); max-lifetime left at "
					+ hikari.getMaxLifetime() + " ms");
			return;
		}
		long capped = cappedLifetime(hikari.getMaxLifetime(), waitTimeoutSeconds * 1000);
		if (capped != hikari.getMaxLifetime()) {
			logger.warn("Pool '" + name + "': max-lifetime " + describe(hikari.getMaxLifetime())
					+ " is not below the server's wait_timeout of " + waitTimeoutSeconds
					+ " s; lowering max-lifetime to " + capped + " ms"
					+ ((capped >= waitTimeoutSeconds * 1000)
							? " (HikariCP's minimum; raise wait_timeout above 30 s to avoid idle connections being closed by the server)"
							: ""));
			hikari.setMaxLifetime(capped);
		}
	}

	private static String describe(long lifetimeMs) {
		return (lifetimeMs == 0) ? "(infinite)" : lifetimeMs + " ms";
	}

	/**
	 * The max-lifetime to use given the server's wait_timeout: unchanged when already
	 * below it, else a margin of 10% (at least 5 s) below it, never below HikariCP's
	 * minimum.
	 * @param maxLifetimeMs configured max-lifetime, 0 meaning infinite
	 * @param waitTimeoutMs the server's wait_timeout
	 * @return the max-lifetime to apply
	 */
	static long cappedLifetime(long maxLifetimeMs, long waitTimeoutMs) {
		if (waitTimeoutMs <= 0 || (maxLifetimeMs > 0 && maxLifetimeMs < waitTimeoutMs)) {
			return maxLifetimeMs;
		}
		long margin = Math.max(5_000, waitTimeoutMs / 10);
		return Math.max(HIKARI_MINIMUM_LIFETIME_MS, waitTimeoutMs - margin);
	}

	private long readWaitTimeout(HikariDataSource hikari) throws SQLException {
		Properties properties = new Properties();
		properties.putAll(hikari.getDataSourceProperties());
		if (hikari.getUsername() != null) {
			properties.setProperty("user", hikari.getUsername());
		}
		if (hikari.getPassword() != null) {
			properties.setProperty("password", hikari.getPassword());
		}
		String millis = Long.toString(this.timeout.toMillis());
		properties.setProperty("connectTimeout", millis);
		properties.setProperty("socketTimeout", millis);
		try (Connection connection = DriverManager.getConnection(hikari.getJdbcUrl(), properties);
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("SELECT @@wait_timeout")) {
			resultSet.next();
			return resultSet.getLong(1);
		}
	}

}
