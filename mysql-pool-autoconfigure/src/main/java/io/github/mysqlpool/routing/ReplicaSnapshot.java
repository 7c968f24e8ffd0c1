package io.github.mysqlpool.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.mysqlpool.pool.MySqlPool;

/**
 * Immutable view of the replicas currently in rotation and their last measured lag, built
 * off the borrow path and published with one volatile write.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class ReplicaSnapshot {

	/**
	 * Lag of a replica whose lag has not been measured; also the "no limit" bound, which
	 * every replica meets.
	 */
	public static final long UNKNOWN_LAG = Long.MAX_VALUE;

	private static final MySqlPool[] NONE = new MySqlPool[0];

	static final ReplicaSnapshot EMPTY = new ReplicaSnapshot(NONE, new long[0], "");

	private final MySqlPool[] replicas;

	private final long[] lagMillis;

	private final MySqlPool[] weightedWheel;

	private final int[] wheelIndexes;

	private final String exclusions;

	private ReplicaSnapshot(MySqlPool[] replicas, long[] lagMillis, String exclusions) {
		this.replicas = replicas;
		this.lagMillis = lagMillis;
		this.wheelIndexes = buildWheel(replicas);
		this.weightedWheel = new MySqlPool[this.wheelIndexes.length];
		for (int i = 0; i < this.wheelIndexes.length; i++) {
			this.weightedWheel[i] = replicas[this.wheelIndexes[i]];
		}
		this.exclusions = exclusions;
	}

	/**
	 * Create a snapshot of the given replicas, their lag unknown.
	 * @param replicas the replicas in rotation
	 * @return the snapshot
	 */
	public static ReplicaSnapshot of(List<MySqlPool> replicas) {
		long[] lags = new long[replicas.size()];
		Arrays.fill(lags, UNKNOWN_LAG);
		return of(replicas, lags, "");
	}

	/**
	 * Create a snapshot of the given replicas with their lag.
	 * @param replicas the replicas in rotation
	 * @param lagMillis each replica's last measured lag in milliseconds,
	 * {@link #UNKNOWN_LAG} when unknown
	 * @param exclusions which replicas are out of rotation and why, for log lines and
	 * exception messages; empty when none is
	 * @return the snapshot
	 */
	public static ReplicaSnapshot of(List<MySqlPool> replicas, long[] lagMillis, String exclusions) {
		if (replicas.size() != lagMillis.length) {
			throw new IllegalArgumentException("One lag per replica is needed");
		}
		if (replicas.isEmpty() && exclusions.isEmpty()) {
			return EMPTY;
		}
		return new ReplicaSnapshot(replicas.toArray(NONE), lagMillis.clone(), exclusions);
	}

	/**
	 * Interleaves the replicas by weight (smooth weighted round-robin, as nginx does), so
	 * a counter over the wheel spreads reads by weight without bursts to one replica.
	 */
	private static int[] buildWheel(MySqlPool[] replicas) {
		int total = 0;
		for (MySqlPool replica : replicas) {
			total += Math.max(1, replica.getWeight());
		}
		List<Integer> wheel = new ArrayList<>(total);
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
			wheel.add(best);
		}
		return wheel.stream().mapToInt(Integer::intValue).toArray();
	}

	/**
	 * Number of replicas in rotation.
	 * @return the count
	 */
	public int size() {
		return this.replicas.length;
	}

	/**
	 * The replica at a position.
	 * @param index position from 0
	 * @return the replica
	 */
	public MySqlPool replica(int index) {
		return this.replicas[index];
	}

	/**
	 * Last measured lag of the replica at a position.
	 * @param index position from 0
	 * @return the lag in milliseconds, {@link #UNKNOWN_LAG} when unknown
	 */
	public long lagMillis(int index) {
		return this.lagMillis[index];
	}

	/**
	 * Whether the replica at a position lags no more than a bound.
	 * @param index position from 0
	 * @param maxLagMillis the bound, {@link #UNKNOWN_LAG} for none
	 * @return {@code true} when it may serve the read
	 */
	public boolean isWithin(int index, long maxLagMillis) {
		return this.lagMillis[index] <= maxLagMillis;
	}

	/**
	 * The replicas repeated in proportion to their weights. The array is shared: callers
	 * must not modify it.
	 * @return the weighted wheel
	 */
	MySqlPool[] weightedWheel() {
		return this.weightedWheel;
	}

	/**
	 * Positions of the replicas on the weighted wheel. The array is shared: callers must
	 * not modify it.
	 * @return for each slot of the wheel, the position of its replica
	 */
	int[] wheelIndexes() {
		return this.wheelIndexes;
	}

	/**
	 * Which replicas are out of rotation and why.
	 * @return a description, empty when every replica is in rotation
	 */
	public String exclusions() {
		return this.exclusions;
	}

	/**
	 * Whether no replica is in rotation.
	 * @return {@code true} when empty
	 */
	public boolean isEmpty() {
		return this.replicas.length == 0;
	}

}
