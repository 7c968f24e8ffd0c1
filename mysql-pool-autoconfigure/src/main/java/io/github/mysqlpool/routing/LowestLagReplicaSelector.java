package io.github.mysqlpool.routing;

import io.github.mysqlpool.pool.MySqlPool;
import org.jspecify.annotations.Nullable;

/**
 * Takes the replica with the lowest last measured lag, among those within the read's lag
 * bound. Ties go to each replica in turn. No lock, no allocation.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
class LowestLagReplicaSelector implements ReplicaSelector {

	private final Turns turns = new Turns();

	@Override
	public @Nullable MySqlPool select(ReplicaSnapshot snapshot, long maxLagMillis) {
		int size = snapshot.size();
		if (size == 0) {
			return null;
		}
		int start = this.turns.next(size);
		int best = -1;
		long bestLag = Long.MAX_VALUE;
		for (int i = 0; i < size; i++) {
			int index = (start + i < size) ? start + i : start + i - size;
			long lag = snapshot.lagMillis(index);
			if (lag <= maxLagMillis && (best < 0 || lag < bestLag)) {
				best = index;
				bestLag = lag;
			}
		}
		return (best >= 0) ? snapshot.replica(best) : null;
	}

}
