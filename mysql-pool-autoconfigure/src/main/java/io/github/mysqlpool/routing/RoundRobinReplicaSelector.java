package io.github.mysqlpool.routing;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.mysqlpool.pool.MySqlPool;
import org.jspecify.annotations.Nullable;

/**
 * Takes the replicas in turn, ignoring weights, skipping those over the read's lag bound.
 * One atomic increment per call, no lock.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class RoundRobinReplicaSelector implements ReplicaSelector {

	private final AtomicInteger counter = new AtomicInteger();

	@Override
	public @Nullable MySqlPool select(ReplicaSnapshot snapshot, long maxLagMillis) {
		int size = snapshot.size();
		if (size == 0) {
			return null;
		}
		// Masking keeps the index positive after the counter wraps around
		int start = (this.counter.getAndIncrement() & Integer.MAX_VALUE) % size;
		for (int i = 0; i < size; i++) {
			int index = (start + i < size) ? start + i : start + i - size;
			if (snapshot.isWithin(index, maxLagMillis)) {
				return snapshot.replica(index);
			}
		}
		return null;
	}

}
