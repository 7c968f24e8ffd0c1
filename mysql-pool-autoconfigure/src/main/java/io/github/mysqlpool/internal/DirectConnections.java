package io.github.mysqlpool.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Opens connections of the starter's own (inspection, monitoring) with the settings of a
 * pool but short connect and socket timeouts, never borrowing from the pool: a hung
 * server then fails the caller within the timeout instead of stalling it, and a saturated
 * pool does not hide its server.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class DirectConnections {

	/**
	 * The connection property set to {@code true} on these connections, so that driver
	 * extensions can tell them from the application's: their statements (probes,
	 * inspection) are never timed as slow statements of the pool.
	 */
	public static final String STARTER_CONNECTION_PROPERTY = "mysqlPoolStarterConnection";

	private DirectConnections() {
	}

	/**
	 * Open a connection to a pool's server, in autocommit mode.
	 * @param pool the pool whose URL, credentials and driver properties to use
	 * @param timeout connect and socket timeout
	 * @return the connection, for the caller to close
	 * @throws SQLException when the server cannot be reached in time
	 */
	public static Connection open(HikariDataSource pool, Duration timeout) throws SQLException {
		Properties properties = new Properties();
		properties.putAll(pool.getDataSourceProperties());
		if (pool.getUsername() != null) {
			properties.setProperty("user", pool.getUsername());
		}
		if (pool.getPassword() != null) {
			properties.setProperty("password", pool.getPassword());
		}
		String millis = Long.toString(Math.max(1, timeout.toMillis()));
		properties.setProperty("connectTimeout", millis);
		properties.setProperty("socketTimeout", millis);
		properties.setProperty(STARTER_CONNECTION_PROPERTY, "true");
		String url = pool.getJdbcUrl();
		Connection connection;
		try {
			connection = DriverManager.getConnection(url, properties);
		}
		catch (SQLException ex) {
			throw withoutSecrets(ex, url);
		}
		connection.setAutoCommit(true);
		return connection;
	}

	/**
	 * The failure without the URL's secrets: {@code DriverManager} names the whole URL
	 * when no driver accepts it, and a driver may quote the part it cannot parse.
	 */
	private static SQLException withoutSecrets(SQLException failure, String url) {
		String message = failure.getMessage();
		if (message == null) {
			return failure;
		}
		String redacted = JdbcUrls.redactSecretsOf(message, url);
		if (message.equals(redacted)) {
			return failure;
		}
		SQLException safe = new SQLException(redacted, failure.getSQLState(), failure.getErrorCode());
		safe.setStackTrace(failure.getStackTrace());
		return safe;
	}

	/**
	 * A message that says what failed without the driver's multi-line detail.
	 * @param failure the failure of a connection of the starter's own
	 * @return its first line, or its type when it has no message
	 */
	public static String describe(Throwable failure) {
		String message = failure.getMessage();
		if (message == null || message.isBlank()) {
			return failure.getClass().getSimpleName();
		}
		int newline = message.indexOf('\n');
		return (newline > 0) ? message.substring(0, newline).trim() : message.trim();
	}

}
