package io.github.mysqlpool.routing;

import java.util.List;

import io.github.mysqlpool.pool.MySqlPool;

/**
 * The replicas currently fit to serve reads. Readers get the current snapshot with one
 * volatile read; writers replace it whole (copy-on-write).
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ReplicaRotation {

	private volatile ReplicaSnapshot snapshot;

	/**
	 * Create a rotation holding the given replicas.
	 * @param replicas the replicas initially in rotation
	 */
	public ReplicaRotation(List<MySqlPool> replicas) {
		this.snapshot = ReplicaSnapshot.of(replicas);
	}

	/**
	 * The replicas in rotation now.
	 * @return the current snapshot
	 */
	public ReplicaSnapshot current() {
		return this.snapshot;
	}

	/**
	 * Replace the replicas in rotation.
	 * @param replicas the replicas fit to serve reads
	 */
	public void update(List<MySqlPool> replicas) {
		this.snapshot = ReplicaSnapshot.of(replicas);
	}

}
