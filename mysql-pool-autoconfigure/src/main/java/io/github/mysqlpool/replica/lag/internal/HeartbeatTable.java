package io.github.mysqlpool.replica.lag.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The heartbeat table: one row per primary (keyed by its server id) holding the time of
 * its last write with microseconds. Lag on a replica is its clock minus the newest
 * replicated time, so it grows whenever the replica falls behind for any reason,
 * including a hung primary, at the cost of reading up to one write interval high.
 * <p>
 * One instance of a service writes it, however many run: the one whose monitor connection
 * holds a named lock on the primary ({@code GET_LOCK}), which the server releases when
 * that session ends, the instance stopped or dead.
 *
 * @author mysql-pool team
 */
final class HeartbeatTable {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$]+(\\.[A-Za-z0-9_$]+)?");

	/** MySQL and MariaDB: table does not exist. */
	static final int NO_SUCH_TABLE = 1146;

	private final String table;

	private final String lockName;

	HeartbeatTable(String name) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Invalid heartbeat table name '" + name + "'");
		}
		this.table = name;
		// Names of locks are server-wide and at most 64 characters: a digest of the
		// qualified table name, the same for every instance whatever their URL's database
		String qualified = name.contains(".") ? "'" + name + "'" : "CONCAT(DATABASE(), '." + name + "')";
		this.lockName = "CONCAT('mysql_pool_heartbeat_', MD5(" + qualified + "))";
	}

	String name() {
		return this.table;
	}

	void create(Connection connection) throws SQLException {
		execute(connection, "CREATE TABLE IF NOT EXISTS " + this.table
				+ " (id INT UNSIGNED NOT NULL PRIMARY KEY, ts TIMESTAMP(6) NOT NULL)");
	}

	boolean exists(Connection connection) throws SQLException {
		try {
			execute(connection, "SELECT 1 FROM " + this.table + " LIMIT 0");
			return true;
		}
		catch (SQLException ex) {
			if (ex.getErrorCode() == NO_SUCH_TABLE) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * Try, without waiting, to become the instance that writes the heartbeat on this
	 * primary. Called again on a connection that holds the lock, it would take it once
	 * more.
	 * @return {@code true} when the connection now holds the writer's lock
	 */
	boolean tryTakeWriterLock(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("SELECT GET_LOCK(" + this.lockName + ", 0)")) {
			return resultSet.next() && resultSet.getInt(1) == 1;
		}
	}

	/**
	 * The query for the id of the session holding the writer's lock, {@code NULL} when
	 * none does.
	 */
	String writerLockHolderQuery() {
		return "SELECT IS_USED_LOCK(" + this.lockName + ")";
	}

	void write(Connection connection) throws SQLException {
		execute(connection, "INSERT INTO " + this.table
				+ " (id, ts) VALUES (@@server_id, NOW(6)) ON DUPLICATE KEY UPDATE ts = NOW(6)");
	}

	/**
	 * The age of the newest replicated heartbeat on a replica.
	 * @return the lag, {@code null} when the table has no row yet
	 */
	@Nullable Duration lag(Connection connection) throws SQLException {
		// UNIX_TIMESTAMP keeps the difference independent of the session time zone
		try (Statement statement = connection.createStatement();
				ResultSet resultSet = statement
					.executeQuery("SELECT UNIX_TIMESTAMP(NOW(6)) - UNIX_TIMESTAMP(MAX(ts)) FROM " + this.table)) {
			if (!resultSet.next()) {
				return null;
			}
			BigDecimal seconds = resultSet.getBigDecimal(1);
			if (seconds == null) {
				return null;
			}
			long micros = seconds.movePointRight(6).longValue();
			return Duration.ofNanos(Math.max(0, micros) * 1000);
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
