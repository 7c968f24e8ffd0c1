package io.github.mysqlpool.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived root connections to one node, with short timeouts so that a hung server
 * fails a call instead of blocking it. Connections in flight are tracked so that closing
 * the topology can abort them first.
 *
 * @author mysql-pool team
 */
final class RootJdbc {

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

	private final Set<Connection> open = ConcurrentHashMap.newKeySet();

	private final String password;

	RootJdbc(String password) {
		this.password = password;
	}

	/**
	 * Run a callback on a new root connection.
	 * @param <T> the result type
	 * @param host the node's address
	 * @param port the node's port
	 * @param socketTimeout the read timeout
	 * @param callback the callback
	 * @return the callback's result
	 * @throws SQLException on failure
	 */
	<T> T call(String host, int port, Duration socketTimeout, Callback<T> callback) throws SQLException {
		try (Connection connection = connect(host, port, CONNECT_TIMEOUT, socketTimeout)) {
			this.open.add(connection);
			try {
				return callback.apply(connection);
			}
			finally {
				this.open.remove(connection);
			}
		}
	}

	/**
	 * Return whether a root connection can be opened and used right now.
	 * @param host the node's address
	 * @param port the node's port
	 * @return whether the server answered
	 */
	boolean ping(String host, int port) {
		Duration timeout = Duration.ofSeconds(1);
		try (Connection connection = connect(host, port, timeout, timeout)) {
			return connection.isValid(1);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	void abortAll() {
		for (Connection connection : this.open) {
			try {
				connection.abort(Runnable::run);
			}
			catch (SQLException ex) {
				// Closing anyway
			}
		}
		this.open.clear();
	}

	private Connection connect(String host, int port, Duration connectTimeout, Duration socketTimeout)
			throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", "root");
		properties.setProperty("password", this.password);
		properties.setProperty("connectTimeout", Long.toString(connectTimeout.toMillis()));
		properties.setProperty("socketTimeout", Long.toString(socketTimeout.toMillis()));
		properties.setProperty("sslMode", "DISABLED");
		return DriverManager.getConnection("jdbc:mysql://" + host + ":" + port + "/", properties);
	}

	/**
	 * Work done on a root connection.
	 *
	 * @param <T> the result type
	 */
	@FunctionalInterface
	interface Callback<T> {

		T apply(Connection connection) throws SQLException;

	}

}
