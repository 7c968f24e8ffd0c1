package io.github.mysqlpool.routing;

import io.github.mysqlpool.pool.MySqlPool;
import org.jspecify.annotations.Nullable;

/**
 * Takes the replicas in turn, ignoring weights, skipping those over the read's lag bound.
 * Each thread takes its own turns: nothing shared is written, no lock.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
class RoundRobinReplicaSelector implements ReplicaSelector {

	private final Turns turns = new Turns();

	@Override
	public @Nullable MySqlPool select(ReplicaSnapshot snapshot, long maxLagMillis) {
		int size = snapshot.size();
		if (size == 0) {
			return null;
		}
		int start = this.turns.next(size);
		for (int i = 0; i < size; i++) {
			int index = (start + i < size) ? start + i : start + i - size;
			if (snapshot.isWithin(index, maxLagMillis)) {
				return snapshot.replica(index);
			}
		}
		return null;
	}

}
