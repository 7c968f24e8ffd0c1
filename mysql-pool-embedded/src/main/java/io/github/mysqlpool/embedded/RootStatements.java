package io.github.mysqlpool.embedded;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Statements run as root on one node, each on a short-lived {@link RootJdbc} connection,
 * a failure turned into an {@link EmbeddedMariaDbException} that names the node.
 *
 * @author mysql-pool team
 */
final class RootStatements {

	private final Node node;

	private final RootJdbc jdbc;

	RootStatements(Node node, RootJdbc jdbc) {
		this.node = node;
		this.jdbc = jdbc;
	}

	void execute(String sql) {
		call(sql, RootJdbc.SOCKET_TIMEOUT, (connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
			return null;
		});
	}

	@Nullable String queryForString(String sql) {
		return call(sql, RootJdbc.SOCKET_TIMEOUT, (connection) -> {
			try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
				return rows.next() ? rows.getString(1) : null;
			}
		});
	}

	long queryForLong(String sql) {
		String value = queryForString(sql);
		if (value == null) {
			throw new IllegalStateException("No value from " + this.node.name() + " for: " + sql);
		}
		return Long.parseLong(value);
	}

	Map<String, @Nullable String> replicaStatus() {
		return call("SHOW REPLICA STATUS", RootJdbc.SOCKET_TIMEOUT, (connection) -> {
			Map<String, @Nullable String> status = new LinkedHashMap<>();
			try (Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery("SHOW REPLICA STATUS")) {
				if (rows.next()) {
					ResultSetMetaData metaData = rows.getMetaData();
					for (int i = 1; i <= metaData.getColumnCount(); i++) {
						status.put(metaData.getColumnLabel(i), rows.getString(i));
					}
				}
			}
			return status;
		});
	}

	/**
	 * Run a callback on a new root connection to the node.
	 * @param <T> the result type
	 * @param what what the callback does, for the message of a failure
	 * @param socketTimeout the read timeout
	 * @param callback the callback
	 * @return the callback's result
	 * @throws EmbeddedMariaDbException when the callback fails, with the
	 * {@link SQLException} as its cause
	 */
	<T> T call(String what, Duration socketTimeout, RootJdbc.Callback<T> callback) {
		try {
			return this.jdbc.call(this.node.host(), this.node.port(), socketTimeout, callback);
		}
		catch (SQLException ex) {
			throw new EmbeddedMariaDbException(
					"Failed on " + this.node + " as root: " + what + " (" + ex.getErrorCode() + "): " + ex.getMessage(),
					ex);
		}
	}

}
