package io.github.mysqlpool.routing;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.mysqlpool.pool.MySqlPool;
import org.jspecify.annotations.Nullable;

/**
 * Takes the replicas in turn, each as often as its weight says (plain round-robin when
 * all weights are equal). One atomic increment per call, no lock.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class WeightedRoundRobinReplicaSelector implements ReplicaSelector {

	private final AtomicInteger counter = new AtomicInteger();

	@Override
	public @Nullable MySqlPool select(ReplicaSnapshot snapshot) {
		MySqlPool[] wheel = snapshot.weightedWheel();
		if (wheel.length == 0) {
			return null;
		}
		// Masking keeps the index positive after the counter wraps around
		return wheel[(this.counter.getAndIncrement() & Integer.MAX_VALUE) % wheel.length];
	}

}
