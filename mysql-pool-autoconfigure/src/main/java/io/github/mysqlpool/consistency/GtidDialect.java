package io.github.mysqlpool.consistency;

/**
 * The GTID statements of each server flavor: reading the primary's position and waiting
 * on a replica until it has applied it.
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
	public boolean reached(@org.jspecify.annotations.Nullable Number result) {
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
	public boolean enabled(@org.jspecify.annotations.Nullable String answer) {
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
	 * The dialect of a server.
	 * @param mariaDb whether the server is MariaDB
	 * @return the dialect
	 */
	public static GtidDialect of(boolean mariaDb) {
		return mariaDb ? MARIADB : MYSQL;
	}

}
