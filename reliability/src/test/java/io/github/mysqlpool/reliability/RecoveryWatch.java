package io.github.mysqlpool.reliability;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Tells when the application is served again after a fault: by the primary (a write
 * acknowledged) and by each replica (a read it answered), counting only operations that
 * began after the fault was undone. Workers report every success; the injector arms the
 * watch and waits.
 *
 * @author mysql-pool team
 */
final class RecoveryWatch {

	static final int WRITES = 0;

	static final long NOT_RECOVERED = -1;

	private final long[] replicaServerIds;

	private final AtomicLongArray recoveredAt;

	private volatile long since = Long.MAX_VALUE;

	/**
	 * Create a watch.
	 * @param replicaServerIds the server id of each replica, in order
	 */
	RecoveryWatch(long[] replicaServerIds) {
		this.replicaServerIds = replicaServerIds.clone();
		this.recoveredAt = new AtomicLongArray(replicaServerIds.length + 1);
	}

	/**
	 * The target of a read served by a server: 1 + the replica's index, or -1 for the
	 * primary.
	 * @param serverId the server that answered
	 * @return the target
	 */
	int readTarget(long serverId) {
		for (int i = 0; i < this.replicaServerIds.length; i++) {
			if (this.replicaServerIds[i] == serverId) {
				return i + 1;
			}
		}
		return -1;
	}

	int targets() {
		return this.recoveredAt.length();
	}

	static String targetName(int target) {
		return (target == WRITES) ? "writes" : "replica-" + target;
	}

	void succeeded(int target, long startNanos, long endNanos) {
		if (target >= 0 && startNanos >= this.since) {
			this.recoveredAt.compareAndSet(target, 0, endNanos);
		}
	}

	/**
	 * Count successes of operations that begin from now on.
	 * @param sinceNanos the instant, from {@link System#nanoTime()}
	 */
	void arm(long sinceNanos) {
		for (int i = 0; i < this.recoveredAt.length(); i++) {
			this.recoveredAt.set(i, 0);
		}
		this.since = sinceNanos;
	}

	/**
	 * Wait until writes and every replica are served again.
	 * @param timeout how long to wait
	 * @return for each target, nanoseconds from the armed instant to its first success,
	 * or {@link #NOT_RECOVERED}
	 */
	long[] await(Duration timeout) {
		long armed = this.since;
		long deadline = System.nanoTime() + timeout.toNanos();
		boolean all = false;
		while (!all && System.nanoTime() < deadline) {
			Clocks.sleep(Duration.ofMillis(10));
			all = true;
			for (int i = 0; i < this.recoveredAt.length(); i++) {
				all &= this.recoveredAt.get(i) != 0;
			}
		}
		this.since = Long.MAX_VALUE;
		long[] delays = new long[this.recoveredAt.length()];
		for (int i = 0; i < delays.length; i++) {
			long at = this.recoveredAt.get(i);
			delays[i] = (at != 0) ? Math.max(0, at - armed) : NOT_RECOVERED;
		}
		return delays;
	}

}
