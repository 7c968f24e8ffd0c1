package io.github.mysqlpool.replica.lag.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.internal.DirectConnections;
import org.jspecify.annotations.Nullable;

/**
 * Opens the monitor's own connections with the settings of a pool but short connect and
 * socket timeouts: probes never borrow from the application's pools, and a hung server
 * fails a probe within the timeout instead of stalling the monitor.
 *
 * @author mysql-pool team
 */
final class MonitorConnections {

	private MonitorConnections() {
	}

	static Connection open(HikariDataSource pool, Duration timeout) throws SQLException {
		return DirectConnections.open(pool, timeout);
	}

	static @Nullable String queryForString(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
			return resultSet.next() ? resultSet.getString(1) : null;
		}
	}

	/**
	 * Close without waiting for a server that may be hung.
	 */
	static void closeQuietly(@Nullable Connection connection) {
		if (connection == null) {
			return;
		}
		try {
			connection.abort(Runnable::run);
		}
		catch (SQLException | RuntimeException ex) {
			// Nothing left to release
		}
	}

	/**
	 * A message that says what failed without the driver's multi-line detail.
	 */
	static String describe(Throwable failure) {
		return DirectConnections.describe(failure);
	}

}
