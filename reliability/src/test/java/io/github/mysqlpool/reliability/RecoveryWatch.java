package io.github.mysqlpool.reliability;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Tells when the application is served again after a fault: by the primary (a write
 * acknowledged) and by each replica (a read it answered), counting only operations that
 * began after the fault was undone. Workers report every success; the injector arms the
 * watch with the replicas of the moment (roles change with switchovers and failovers) and
 * waits.
 *
 * @author mysql-pool team
 */
final class RecoveryWatch {

	static final int WRITES = 0;

	static final long NOT_RECOVERED = -1;

	private volatile long[] replicaServerIds = new long[0];

	private volatile AtomicLongArray recoveredAt = new AtomicLongArray(1);

	private volatile long since = Long.MAX_VALUE;

	/**
	 * The target of a read served by a server: 1 + the replica's index, or -1 for the
	 * primary.
	 * @param serverId the server that answered
	 * @return the target
	 */
	int readTarget(long serverId) {
		long[] replicas = this.replicaServerIds;
		for (int i = 0; i < replicas.length; i++) {
			if (replicas[i] == serverId) {
				return i + 1;
			}
		}
		return -1;
	}

	static String targetName(int target) {
		return (target == WRITES) ? "writes" : "replica-" + target;
	}

	void succeeded(int target, long startNanos, long endNanos) {
		AtomicLongArray recovered = this.recoveredAt;
		if (target >= 0 && target < recovered.length() && startNanos >= this.since) {
			recovered.compareAndSet(target, 0, endNanos);
		}
	}

	/**
	 * Count successes of operations that begin from now on.
	 * @param sinceNanos the instant, from {@link System#nanoTime()}
	 * @param replicas the server id of each current replica, in start order
	 */
	void arm(long sinceNanos, long[] replicas) {
		this.since = Long.MAX_VALUE;
		this.recoveredAt = new AtomicLongArray(replicas.length + 1);
		this.replicaServerIds = replicas.clone();
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
		AtomicLongArray recovered = this.recoveredAt;
		long deadline = System.nanoTime() + timeout.toNanos();
		boolean all = false;
		while (!all && System.nanoTime() < deadline) {
			Clocks.sleep(Duration.ofMillis(10));
			all = true;
			for (int i = 0; i < recovered.length(); i++) {
				all &= recovered.get(i) != 0;
			}
		}
		this.since = Long.MAX_VALUE;
		long[] delays = new long[recovered.length()];
		for (int i = 0; i < delays.length; i++) {
			long at = recovered.get(i);
			delays[i] = (at != 0) ? Math.max(0, at - armed) : NOT_RECOVERED;
		}
		return delays;
	}

}
