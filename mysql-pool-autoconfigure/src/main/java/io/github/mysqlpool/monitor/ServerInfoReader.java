package io.github.mysqlpool.monitor;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.internal.DirectConnections;
import io.github.mysqlpool.internal.JdbcUrls;
import io.github.mysqlpool.pool.MySqlPool;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@link ServerInfo} for each pool and keeps it for a while, so that the endpoint
 * never waits on a server: the monitor refreshes it in the background.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ServerInfoReader {

	private static final String VARIABLES_SQL = "SELECT @@version, @@version_comment, @@max_connections, "
			+ "@@global.wait_timeout";

	private static final String STATUS_SQL = "SHOW GLOBAL STATUS WHERE Variable_name IN ('Threads_connected', 'Uptime')";

	private final Duration refreshInterval;

	private final Duration timeout;

	private final Clock clock;

	private final Map<String, ServerInfo> cache = new ConcurrentHashMap<>();

	/**
	 * Create the reader.
	 * @param refreshInterval how long a read stays fresh
	 * @param timeout connect and socket timeout of the reading connection
	 * @param clock the clock
	 */
	public ServerInfoReader(Duration refreshInterval, Duration timeout, Clock clock) {
		this.refreshInterval = refreshInterval;
		this.timeout = timeout;
		this.clock = clock;
	}

	/**
	 * The last figures read for a pool's server.
	 * @param pool the pool
	 * @return the figures, {@code null} before the first read or for a pool the starter
	 * cannot reach on its own
	 */
	public @Nullable ServerInfo cached(MySqlPool pool) {
		return this.cache.get(pool.getName());
	}

	/**
	 * Read a pool's server again when its figures are older than the refresh interval.
	 * @param pool the pool
	 * @return the current figures, or {@code null} when the pool has no URL to read from
	 */
	public @Nullable ServerInfo refreshIfStale(MySqlPool pool) {
		ServerInfo current = this.cache.get(pool.getName());
		Instant now = this.clock.instant();
		if (current != null && current.readAt() != null && current.readAt().plus(this.refreshInterval).isAfter(now)) {
			return current;
		}
		HikariDataSource hikari = pool.getHikari();
		if (hikari == null || hikari.getJdbcUrl() == null) {
			return null;
		}
		ServerInfo read = read(hikari, current, now);
		this.cache.put(pool.getName(), read);
		return read;
	}

	private ServerInfo read(HikariDataSource hikari, @Nullable ServerInfo previous, Instant now) {
		String url = hikari.getJdbcUrl();
		try (Connection connection = DirectConnections.open(hikari, this.timeout);
				Statement statement = connection.createStatement()) {
			String version;
			String comment;
			long maxConnections;
			long waitTimeout;
			try (ResultSet variables = statement.executeQuery(VARIABLES_SQL)) {
				variables.next();
				version = variables.getString(1);
				comment = variables.getString(2);
				maxConnections = variables.getLong(3);
				waitTimeout = variables.getLong(4);
			}
			Long threads = null;
			Long uptime = null;
			try (ResultSet status = statement.executeQuery(STATUS_SQL)) {
				while (status.next()) {
					if ("Threads_connected".equalsIgnoreCase(status.getString(1))) {
						threads = status.getLong(2);
					}
					else {
						uptime = status.getLong(2);
					}
				}
			}
			return new ServerInfo(JdbcUrls.hostAndPort(url), JdbcUrls.redact(url), flavor(version, comment), version,
					maxConnections, threads, waitTimeout, uptime, now, null);
		}
		catch (SQLException ex) {
			String message = safeMessage(ex, hikari.getPassword());
			return (previous != null) ? previous.withError(message, now) : new ServerInfo(JdbcUrls.hostAndPort(url),
					JdbcUrls.redact(url), null, null, null, null, null, null, now, message);
		}
	}

	static String flavor(@Nullable String version, @Nullable String comment) {
		String both = ((version != null) ? version : "") + " " + ((comment != null) ? comment : "");
		if (both.contains("MariaDB")) {
			return "MariaDB";
		}
		return both.contains("Percona") ? "Percona Server" : "MySQL";
	}

	private static String safeMessage(SQLException ex, @Nullable String password) {
		String message = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		return (password != null && !password.isEmpty()) ? message.replace(password, "******") : message;
	}

}
