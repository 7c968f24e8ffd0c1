package io.github.mysqlpool.routing.internal;

import java.sql.SQLException;

import io.github.mysqlpool.pool.MySqlPool;

/**
 * Told by the routing when a replica's pool fails to hand out a connection because the
 * server cannot be reached, so that the replica leaves the rotation at once.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@FunctionalInterface
public interface ReplicaFailureListener {

	/**
	 * A borrow from a replica's pool failed with a connection error. Implementations
	 * publish a new rotation without the replica before returning.
	 * @param replica the replica
	 * @param failure the borrow's failure
	 */
	void replicaConnectionFailed(MySqlPool replica, SQLException failure);

}
