package io.github.mysqlpool.replica.lag;

/**
 * Thrown at start-up when the user of a replica's pool may not read the replication
 * status, which the configured lag source needs. The message holds the GRANT to run.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class MissingReplicationPrivilegeException extends RuntimeException {

	private final String pool;

	private final String grant;

	/**
	 * Create the exception.
	 * @param pool the replica's pool name
	 * @param account the account, such as {@code 'app'@'%'}
	 * @param server the server's product and version, such as {@code MariaDB 11.4.5}
	 * @param statement the statement that reads the replication status there
	 * @param privilege the privilege that statement needs there
	 * @param cause the server's refusal
	 */
	public MissingReplicationPrivilegeException(String pool, String account, String server, String statement,
			String privilege, Throwable cause) {
		super("The user " + account + " of replica '" + pool + "' (" + server + ") may not read " + statement
				+ ": it lacks the " + privilege + " privilege", cause);
		this.pool = pool;
		this.grant = "GRANT " + privilege + " ON *.* TO " + account + ";";
	}

	public String getPool() {
		return this.pool;
	}

	/**
	 * The statement that gives the missing privilege.
	 * @return the GRANT statement
	 */
	public String getGrant() {
		return this.grant;
	}

}
