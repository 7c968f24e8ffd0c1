package io.github.mysqlpool.routing;

import io.github.mysqlpool.pool.MySqlPool;
import org.jspecify.annotations.Nullable;

/**
 * Takes the replicas in turn, each as often as its weight says (plain round-robin when
 * all weights are equal), skipping those over the read's lag bound. Each thread takes its
 * own turns: nothing shared is written, no lock.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
class WeightedRoundRobinReplicaSelector implements ReplicaSelector {

	private final Turns turns = new Turns();

	@Override
	public @Nullable MySqlPool select(ReplicaSnapshot snapshot, long maxLagMillis) {
		int[] wheel = snapshot.wheelIndexes();
		int slots = wheel.length;
		if (slots == 0) {
			return null;
		}
		int start = this.turns.next(slots);
		for (int i = 0; i < slots; i++) {
			int index = wheel[(start + i < slots) ? start + i : start + i - slots];
			if (snapshot.isWithin(index, maxLagMillis)) {
				return snapshot.replica(index);
			}
		}
		return null;
	}

}
