package io.github.mysqlpool.consistency;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * The GTID statements of each server flavor, and running them: reading the primary's
 * position and waiting on a replica until it has applied it.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
enum GtidDialect {

	/**
	 * MariaDB: {@code @@gtid_binlog_pos} (for example {@code 0-1-381}) and
	 * {@code MASTER_GTID_WAIT}, which answers 0 when reached and -1 on timeout.
	 */
	MARIADB("SELECT @@GLOBAL.gtid_binlog_pos", "SELECT MASTER_GTID_WAIT(?, ?)", "SELECT @@GLOBAL.log_bin",
			"its binary log is off (@@log_bin = 0), so its transactions get no GTID",
			"Start the primary with binary logging on (log-bin), or set"
					+ " mysql-pool.consistency.read-your-writes=primary-window."),

	/**
	 * MySQL: {@code @@gtid_executed} (a GTID set) and {@code WAIT_FOR_EXECUTED_GTID_SET},
	 * which answers 0 when reached and 1 on timeout.
	 */
	MYSQL("SELECT @@GLOBAL.gtid_executed", "SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)", "SELECT @@GLOBAL.gtid_mode",
			"its @@gtid_mode is not ON, so its transactions may get no GTID",
			"Set gtid_mode=ON and enforce_gtid_consistency=ON on the primary and its replicas, or set"
					+ " mysql-pool.consistency.read-your-writes=primary-window.");

	private final String positionQuery;

	private final String waitQuery;

	private final String enabledQuery;

	private final String disabledProblem;

	private final String disabledAction;

	GtidDialect(String positionQuery, String waitQuery, String enabledQuery, String disabledProblem,
			String disabledAction) {
		this.positionQuery = positionQuery;
		this.waitQuery = waitQuery;
		this.enabledQuery = enabledQuery;
		this.disabledProblem = disabledProblem;
		this.disabledAction = disabledAction;
	}

	/**
	 * Query answering the primary's current GTID position in one column.
	 * @return the SQL
	 */
	public String positionQuery() {
		return this.positionQuery;
	}

	/**
	 * Query waiting until the position (first parameter) is applied, at most the timeout
	 * in seconds (second parameter, a decimal).
	 * @return the SQL
	 */
	public String waitQuery() {
		return this.waitQuery;
	}

	/**
	 * Whether the wait query's answer means the position was reached.
	 * @param result the number the wait query answered, {@code null} for SQL NULL
	 * @return {@code true} when reached
	 */
	public boolean reached(@Nullable Number result) {
		return result != null && result.intValue() == 0;
	}

	/**
	 * Query answering, in one column, whether the server gives its transactions GTIDs:
	 * {@code @@log_bin} on MariaDB (which always does when it logs them),
	 * {@code @@gtid_mode} on MySQL.
	 * @return the SQL
	 */
	public String enabledQuery() {
		return this.enabledQuery;
	}

	/**
	 * Whether the enabled query's answer means that the server gives every transaction a
	 * GTID.
	 * @param answer the answer, {@code null} for SQL NULL
	 * @return {@code true} when it does
	 */
	public boolean enabled(@Nullable String answer) {
		if (answer == null) {
			return false;
		}
		String value = answer.trim();
		return value.equalsIgnoreCase("ON") || (this == MARIADB && value.equals("1"));
	}

	/**
	 * What is wrong with a server whose enabled query answered otherwise.
	 * @return the problem, starting with "its"
	 */
	public String disabledProblem() {
		return this.disabledProblem;
	}

	/**
	 * How to fix a server whose enabled query answered otherwise.
	 * @return the action
	 */
	public String disabledAction() {
		return this.disabledAction;
	}

	/**
	 * Read the primary's current GTID position.
	 * @param primary the primary's pool
	 * @return the position, empty when the primary has none
	 * @throws SQLException when the primary cannot be asked
	 */
	String readPosition(DataSource primary) throws SQLException {
		try (Connection connection = primary.getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(this.positionQuery)) {
			resultSet.next();
			String position = resultSet.getString(1);
			return (position != null) ? position.trim() : "";
		}
	}

	/**
	 * Wait on a replica until it has applied a position.
	 * @param replica a connection to the replica
	 * @param position the primary's position
	 * @param timeoutSeconds how long to wait at most
	 * @return {@code true} when the replica applied it in time
	 * @throws SQLException when the replica cannot be asked
	 */
	boolean awaitPosition(Connection replica, String position, BigDecimal timeoutSeconds) throws SQLException {
		try (PreparedStatement statement = replica.prepareStatement(this.waitQuery)) {
			statement.setString(1, position);
			statement.setBigDecimal(2, timeoutSeconds);
			try (ResultSet resultSet = statement.executeQuery()) {
				resultSet.next();
				return reached((Number) resultSet.getObject(1));
			}
		}
	}

	/**
	 * Check that the primary gives its transactions GTIDs.
	 * @param primary the primary's pool
	 * @return {@code null} when it does, else {@link #disabledProblem()}
	 * @throws SQLException when the primary cannot be asked
	 */
	@Nullable String checkEnabled(DataSource primary) throws SQLException {
		try (Connection connection = primary.getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(this.enabledQuery)) {
			resultSet.next();
			return enabled(resultSet.getString(1)) ? null : this.disabledProblem;
		}
	}

	/**
	 * The dialect of a server.
	 * @param mariaDb whether the server is MariaDB
	 * @return the dialect
	 */
	public static GtidDialect of(boolean mariaDb) {
		return mariaDb ? MARIADB : MYSQL;
	}

}
