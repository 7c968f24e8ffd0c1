package io.github.mysqlpool.routing;

import io.github.mysqlpool.pool.MySqlPool;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the replica that serves a read. Called on every read borrow: implementations
 * must not allocate or lock.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@FunctionalInterface
public interface ReplicaSelector {

	/**
	 * Choose a replica among those in rotation.
	 * @param snapshot the replicas in rotation
	 * @return the chosen replica, or {@code null} when none is in rotation
	 */
	@Nullable MySqlPool select(ReplicaSnapshot snapshot);

}
