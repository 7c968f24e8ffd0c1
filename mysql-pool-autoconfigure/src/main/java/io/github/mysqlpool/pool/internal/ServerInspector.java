package io.github.mysqlpool.pool.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.internal.DirectConnections;
import io.github.mysqlpool.internal.JdbcUrls;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPoolCustomizer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

/**
 * Connects once to each pool's server, before the pool starts, over a short-lived
 * connection of its own, and adapts the pool to what it finds:
 * <ul>
 * <li>where the pool's max-lifetime is not below the server's {@code wait_timeout}, it
 * logs a warning naming both values and lowers max-lifetime, so that the pool retires
 * connections before the server closes them while they sit idle;</li>
 * <li>for MariaDB 11 and later reached through MySQL Connector/J, it turns off the
 * driver's {@code useInformationSchema}, which the driver switches on for any server
 * version above 8.0.3 and whose metadata queries MariaDB does not support.</li>
 * </ul>
 * What each server said is kept ({@link #inspected(MySqlPool)}) for the customizers after
 * this one, read-your-writes and Hibernate's dialect. An unreachable server is logged and
 * skipped: the pool then keeps its settings. A setting of the pool the server rejects
 * fails the inspection, as the given function reports it. Applied as a
 * {@link MySqlPoolCustomizer} at {@link MySqlPoolCustomizer#SERVER_INSPECTION_ORDER},
 * after the driver settings it connects with.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ServerInspector implements MySqlPoolCustomizer, Ordered {

	/** HikariCP ignores a max-lifetime below 30 seconds and falls back to 30 minutes. */
	static final long HIKARI_MINIMUM_LIFETIME_MS = 30_000;

	private static final Log logger = LogFactory.getLog(ServerInspector.class);

	private final Duration timeout;

	private final BiFunction<MySqlPool, Throwable, ? extends @Nullable RuntimeException> rejectedSetting;

	private final Map<MySqlPool, InspectedServer> inspected = new ConcurrentHashMap<>();

	/**
	 * Create the inspector.
	 * @param timeout connect and socket timeout of the inspection's own connection
	 */
	public ServerInspector(Duration timeout) {
		this(timeout, (pool, failure) -> null);
	}

	/**
	 * Create the inspector.
	 * @param timeout connect and socket timeout of the inspection's own connection
	 * @param rejectedSetting the failure to throw when the server rejected a setting of
	 * the pool, or {@code null} when it did not
	 */
	public ServerInspector(Duration timeout,
			BiFunction<MySqlPool, Throwable, ? extends @Nullable RuntimeException> rejectedSetting) {
		this.timeout = timeout;
		this.rejectedSetting = rejectedSetting;
	}

	@Override
	public void customize(MySqlPool pool, HikariDataSource dataSource) {
		inspect(pool);
	}

	@Override
	public int getOrder() {
		return SERVER_INSPECTION_ORDER;
	}

	/**
	 * What a pool's server said about itself when it was inspected.
	 * @param pool the pool
	 * @return the server's details, or {@code null} when the pool was not inspected (not
	 * yet, or its server could not be reached)
	 */
	public @Nullable InspectedServer inspected(MySqlPool pool) {
		return this.inspected.get(pool);
	}

	/**
	 * Inspect one pool's server and adapt the pool.
	 * @param pool the pool
	 * @return what the server said, or {@code null} when it could not be reached
	 */
	public @Nullable InspectedServer inspect(MySqlPool pool) {
		HikariDataSource hikari = pool.getHikari();
		if (hikari == null || hikari.getJdbcUrl() == null) {
			return null;
		}
		InspectedServer server;
		try {
			server = ServerFacts.read(hikari, this.timeout);
		}
		catch (SQLException ex) {
			RuntimeException rejected = this.rejectedSetting.apply(pool, ex);
			if (rejected != null) {
				throw rejected;
			}
			logger.warn("Pool '" + pool.getName() + "': could not inspect " + JdbcUrls.hostAndPort(hikari.getJdbcUrl())
					+ " (" + ex.getMessage() + "); max-lifetime left at " + hikari.getMaxLifetime() + " ms");
			return null;
		}
		this.inspected.put(pool, server);
		capLifetime(pool.getName(), hikari, server.waitTimeoutSeconds());
		if (server.version().mariaDb() && server.version().major() >= 11 && !hikari.isRunning()
				&& !JdbcUrls.isMariaDbDriverUrl(hikari.getJdbcUrl())
				&& !JdbcUrls.hasParameter(hikari.getJdbcUrl(), "useInformationSchema")
				&& !hikari.getDataSourceProperties().containsKey("useInformationSchema")) {
			hikari.addDataSourceProperty("useInformationSchema", "false");
		}
		return server;
	}

	private void capLifetime(String name, HikariDataSource hikari, long waitTimeoutSeconds) {
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

}
