package io.github.mysqlpool.replica.lag.internal;

import java.util.concurrent.atomic.LongAdder;

import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.ReplicaStatus;
import org.jspecify.annotations.Nullable;

/**
 * A replica the monitor watches: its pool, its probe, its fitness and last status.
 *
 * @author mysql-pool team
 */
final class MonitoredReplica {

	final MySqlPool pool;

	final @Nullable ReplicaProbe probe;

	/**
	 * Changed only under the {@link ReplicaRotationPublisher}'s lock.
	 */
	final ReplicaFitness fitness;

	final LongAdder probeFailures = new LongAdder();

	/**
	 * Failed borrows reported by callers, changed under the publisher's lock.
	 */
	volatile long failureReports;

	volatile ReplicaStatus status = ReplicaStatus.UNKNOWN;

	MonitoredReplica(MySqlPool pool, @Nullable ReplicaProbe probe, ReplicaFitness fitness) {
		this.pool = pool;
		this.probe = probe;
		this.fitness = fitness;
	}

	String name() {
		return this.pool.getName();
	}

}
