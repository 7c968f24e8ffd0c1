package io.github.mysqlpool.consistency;

/**
 * The GTID statements of each server flavor: reading the primary's position and waiting
 * on a replica until it has applied it.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public enum GtidDialect {

	/**
	 * MariaDB: {@code @@gtid_binlog_pos} (for example {@code 0-1-381}) and
	 * {@code MASTER_GTID_WAIT}, which answers 0 when reached and -1 on timeout.
	 */
	MARIADB("SELECT @@GLOBAL.gtid_binlog_pos", "SELECT MASTER_GTID_WAIT(?, ?)"),

	/**
	 * MySQL: {@code @@gtid_executed} (a GTID set) and {@code WAIT_FOR_EXECUTED_GTID_SET},
	 * which answers 0 when reached and 1 on timeout.
	 */
	MYSQL("SELECT @@GLOBAL.gtid_executed", "SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)");

	private final String positionQuery;

	private final String waitQuery;

	GtidDialect(String positionQuery, String waitQuery) {
		this.positionQuery = positionQuery;
		this.waitQuery = waitQuery;
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
	 * The dialect of a server.
	 * @param mariaDb whether the server is MariaDB
	 * @return the dialect
	 */
	public static GtidDialect of(boolean mariaDb) {
		return mariaDb ? MARIADB : MYSQL;
	}

}
