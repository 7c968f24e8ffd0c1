package io.github.mysqlpool.routing;

import java.util.ArrayList;
import java.util.List;

import io.github.mysqlpool.pool.MySqlPool;

/**
 * Immutable view of the replicas currently in rotation, built off the borrow path and
 * published with one volatile write.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class ReplicaSnapshot {

	private static final MySqlPool[] NONE = new MySqlPool[0];

	static final ReplicaSnapshot EMPTY = new ReplicaSnapshot(NONE);

	private final MySqlPool[] replicas;

	private final MySqlPool[] weightedWheel;

	private ReplicaSnapshot(MySqlPool[] replicas) {
		this.replicas = replicas;
		this.weightedWheel = buildWheel(replicas);
	}

	/**
	 * Create a snapshot of the given replicas.
	 * @param replicas the replicas in rotation
	 * @return the snapshot
	 */
	public static ReplicaSnapshot of(List<MySqlPool> replicas) {
		return replicas.isEmpty() ? EMPTY : new ReplicaSnapshot(replicas.toArray(NONE));
	}

	/**
	 * Interleaves the replicas by weight (smooth weighted round-robin, as nginx does), so
	 * a counter over the wheel spreads reads by weight without bursts to one replica.
	 */
	private static MySqlPool[] buildWheel(MySqlPool[] replicas) {
		int total = 0;
		for (MySqlPool replica : replicas) {
			total += Math.max(1, replica.getWeight());
		}
		List<MySqlPool> wheel = new ArrayList<>(total);
		int[] current = new int[replicas.length];
		for (int slot = 0; slot < total; slot++) {
			int best = 0;
			for (int i = 0; i < replicas.length; i++) {
				current[i] += Math.max(1, replicas[i].getWeight());
				if (current[i] > current[best]) {
					best = i;
				}
			}
			current[best] -= total;
			wheel.add(replicas[best]);
		}
		return wheel.toArray(NONE);
	}

	/**
	 * The replicas in rotation. The array is shared: callers must not modify it.
	 * @return the replicas
	 */
	public MySqlPool[] replicas() {
		return this.replicas;
	}

	/**
	 * The replicas repeated in proportion to their weights. The array is shared: callers
	 * must not modify it.
	 * @return the weighted wheel
	 */
	public MySqlPool[] weightedWheel() {
		return this.weightedWheel;
	}

	/**
	 * Whether no replica is in rotation.
	 * @return {@code true} when empty
	 */
	public boolean isEmpty() {
		return this.replicas.length == 0;
	}

}
