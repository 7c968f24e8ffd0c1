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
	 * Choose a replica among those in rotation whose lag is within a bound.
	 * @param snapshot the replicas in rotation
	 * @param maxLagMillis largest lag the read accepts,
	 * {@link ReplicaSnapshot#UNKNOWN_LAG} for no bound
	 * @return the chosen replica, or {@code null} when none in rotation is within the
	 * bound
	 */
	@Nullable MySqlPool select(ReplicaSnapshot snapshot, long maxLagMillis);

	/**
	 * Choose a replica among those in rotation.
	 * @param snapshot the replicas in rotation
	 * @return the chosen replica, or {@code null} when none is in rotation
	 */
	default @Nullable MySqlPool select(ReplicaSnapshot snapshot) {
		return select(snapshot, ReplicaSnapshot.UNKNOWN_LAG);
	}

}
