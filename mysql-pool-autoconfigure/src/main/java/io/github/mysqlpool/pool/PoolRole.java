package io.github.mysqlpool.pool;

/**
 * Role of a pool's server in the replication topology.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public enum PoolRole {

	/**
	 * Read-write server every write goes to.
	 */
	PRIMARY,

	/**
	 * Read-only server that serves reads.
	 */
	REPLICA

}
