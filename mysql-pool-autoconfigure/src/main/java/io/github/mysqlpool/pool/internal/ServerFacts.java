package io.github.mysqlpool.pool.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.internal.DirectConnections;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a server says about itself: its product and version (told apart by
 * {@link ServerFlavor}), {@code wait_timeout} and {@code max_connections}, and its
 * {@code Threads_connected} and {@code Uptime} status. The one place the starter asks a
 * server about itself, whatever connection it asks over: the start-up inspection, the
 * endpoint's server figures, the probes of the replica monitor and topology discovery,
 * the GTID dialect of read-your-writes.
 *
 * @author mysql-pool team
 */
public final class ServerFacts {

	private static final String VARIABLES_SQL = "SELECT VERSION(), @@version_comment, @@GLOBAL.wait_timeout, "
			+ "@@GLOBAL.max_connections";

	private static final String STATUS_SQL = "SHOW GLOBAL STATUS WHERE Variable_name IN ('Threads_connected', 'Uptime')";

	private ServerFacts() {
	}

	/**
	 * Read a server's flavor and settings over a connection of the caller's.
	 * @param connection the connection, left open
	 * @return what the server said
	 * @throws SQLException when the server does not answer
	 */
	public static InspectedServer read(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(VARIABLES_SQL)) {
			if (!resultSet.next()) {
				throw new SQLException("The server answered " + VARIABLES_SQL + " with no row");
			}
			String version = resultSet.getString(1);
			return new InspectedServer(ServerFlavor.parse((version != null) ? version : "", resultSet.getString(2)),
					resultSet.getLong(3), resultSet.getLong(4));
		}
	}

	/**
	 * Read a pool's server's flavor and settings over a short-lived connection of the
	 * starter's own (see {@link DirectConnections}).
	 * @param pool the pool whose URL, credentials and driver settings to connect with
	 * @param timeout connect and socket timeout
	 * @return what the server said
	 * @throws SQLException when the server cannot be reached or does not answer
	 */
	public static InspectedServer read(HikariDataSource pool, Duration timeout) throws SQLException {
		try (Connection connection = DirectConnections.open(pool, timeout)) {
			return read(connection);
		}
	}

	/**
	 * Read a server's connection count and uptime.
	 * @param connection the connection, left open
	 * @return the status, whose figures are {@code null} when the server did not give
	 * them
	 * @throws SQLException when the server does not answer
	 */
	public static Status status(Connection connection) throws SQLException {
		Long threads = null;
		Long uptime = null;
		try (Statement statement = connection.createStatement();
				ResultSet status = statement.executeQuery(STATUS_SQL)) {
			while (status.next()) {
				if ("Threads_connected".equalsIgnoreCase(status.getString(1))) {
					threads = status.getLong(2);
				}
				else {
					uptime = status.getLong(2);
				}
			}
		}
		return new Status(threads, uptime);
	}

	/**
	 * A server's status figures.
	 *
	 * @param threadsConnected {@code Threads_connected}
	 * @param uptimeSeconds {@code Uptime}
	 */
	public record Status(@Nullable Long threadsConnected, @Nullable Long uptimeSeconds) {

	}

}
