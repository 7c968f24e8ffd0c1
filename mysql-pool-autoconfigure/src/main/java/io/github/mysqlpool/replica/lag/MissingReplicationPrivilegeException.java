package io.github.mysqlpool.replica.lag;

import io.github.mysqlpool.pool.ServerFlavor;

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
	 * @param flavor the server's flavor
	 * @param cause the server's refusal
	 */
	MissingReplicationPrivilegeException(String pool, String account, ServerFlavor flavor, Throwable cause) {
		super("The user " + account + " of replica '" + pool + "' (" + flavor.displayName() + ") may not read "
				+ flavor.replicaStatusStatement() + ": it lacks the " + flavor.monitorPrivilege() + " privilege",
				cause);
		this.pool = pool;
		this.grant = "GRANT " + flavor.monitorPrivilege() + " ON *.* TO " + account + ";";
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
