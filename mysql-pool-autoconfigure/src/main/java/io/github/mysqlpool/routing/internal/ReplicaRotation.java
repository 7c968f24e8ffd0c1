package io.github.mysqlpool.routing.internal;

import java.sql.SQLException;
import java.util.List;

import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.routing.ReplicaSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * The replicas currently fit to serve reads. Readers get the current snapshot with one
 * volatile read; writers replace it whole (copy-on-write).
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ReplicaRotation {

	private volatile ReplicaSnapshot snapshot;

	private volatile @Nullable ReplicaFailureListener failureListener;

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
	 * Replace the replicas in rotation, their lag unknown.
	 * @param replicas the replicas fit to serve reads
	 */
	public void update(List<MySqlPool> replicas) {
		this.snapshot = ReplicaSnapshot.of(replicas);
	}

	/**
	 * Replace the replicas in rotation.
	 * @param snapshot the replicas fit to serve reads, with their lag
	 */
	public void update(ReplicaSnapshot snapshot) {
		this.snapshot = snapshot;
	}

	/**
	 * Set who takes a replica out of rotation when a borrow from its pool fails to reach
	 * the server: the replica monitor.
	 * @param failureListener the listener, or {@code null} for none
	 */
	public void setFailureListener(@Nullable ReplicaFailureListener failureListener) {
		this.failureListener = failureListener;
	}

	/**
	 * Report that a borrow from a replica's pool failed to reach the server.
	 * @param replica the replica
	 * @param failure the borrow's failure
	 * @return whether a listener took note (and so the replica is out of rotation now)
	 */
	boolean reportConnectionFailure(MySqlPool replica, SQLException failure) {
		ReplicaFailureListener listener = this.failureListener;
		if (listener == null) {
			return false;
		}
		listener.replicaConnectionFailed(replica, failure);
		return true;
	}

}
