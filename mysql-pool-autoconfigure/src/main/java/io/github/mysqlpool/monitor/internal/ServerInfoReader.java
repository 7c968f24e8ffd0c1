package io.github.mysqlpool.monitor.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.internal.DirectConnections;
import io.github.mysqlpool.internal.JdbcUrls;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.internal.InspectedServer;
import io.github.mysqlpool.pool.internal.ServerFacts;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@link ServerInfo} for each pool (through {@link ServerFacts}) and keeps it for a
 * while, so that the endpoint never waits on a server: the monitor refreshes it in the
 * background.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ServerInfoReader {

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
		try (Connection connection = DirectConnections.open(hikari, this.timeout)) {
			InspectedServer server = ServerFacts.read(connection);
			ServerFacts.Status status = ServerFacts.status(connection);
			return new ServerInfo(JdbcUrls.hostAndPort(url), JdbcUrls.redact(url), server.version().distribution(),
					server.version().version(), server.maxConnections(), status.threadsConnected(),
					server.waitTimeoutSeconds(), status.uptimeSeconds(), now, null);
		}
		catch (SQLException ex) {
			String message = safeMessage(ex, hikari.getPassword());
			return (previous != null) ? previous.withError(message, now) : new ServerInfo(JdbcUrls.hostAndPort(url),
					JdbcUrls.redact(url), null, null, null, null, null, null, now, message);
		}
	}

	private static String safeMessage(SQLException ex, @Nullable String password) {
		String message = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		return (password != null && !password.isEmpty()) ? message.replace(password, "******") : message;
	}

}
