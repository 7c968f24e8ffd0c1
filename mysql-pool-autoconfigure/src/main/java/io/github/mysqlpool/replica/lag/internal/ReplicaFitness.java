package io.github.mysqlpool.replica.lag.internal;

import java.time.Duration;
import java.time.Instant;

import io.github.mysqlpool.pool.ReplicaStatus.State;
import io.github.mysqlpool.pool.ReplicaStatus;
import org.jspecify.annotations.Nullable;

/**
 * Fitness of one replica with hysteresis: it leaves the rotation at once when it lags
 * past max-lag, fails a probe or fails a borrow, and returns only after a number of
 * consecutive good probes with lag under the lower re-admit limit, so that it does not
 * flap. Not thread-safe: the monitor calls it under its lock.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
final class ReplicaFitness {

	private final FitnessPolicy policy;

	private boolean inRotation = true;

	private int goodProbes;

	private ReplicaStatus status = ReplicaStatus.UNKNOWN;

	/**
	 * Create the fitness of a replica that is in rotation until a probe says otherwise.
	 * @param policy when the replica leaves and rejoins
	 */
	public ReplicaFitness(FitnessPolicy policy) {
		this.policy = policy;
	}

	/**
	 * Take a probe that measured the lag.
	 * @param lag the measured lag, {@code null} when unknown
	 * @param unknownReason why the lag is unknown, {@code null} when it is known
	 * @param at when the probe ran
	 */
	public void lagMeasured(@Nullable Duration lag, @Nullable String unknownReason, Instant at) {
		Double seconds = (lag != null) ? lag.toNanos() / 1e9 : null;
		if (lag == null) {
			leave(new ReplicaStatus(State.LAGGING, null, at,
					(unknownReason != null) ? "lag unknown: " + unknownReason : "lag unknown"));
			return;
		}
		if (lag.compareTo(this.policy.maxLag()) > 0) {
			leave(new ReplicaStatus(State.LAGGING, seconds, at, null));
			return;
		}
		if (this.inRotation) {
			this.status = new ReplicaStatus(State.FIT, seconds, at, null);
			return;
		}
		this.goodProbes = (lag.compareTo(this.policy.readmitLag()) <= 0) ? this.goodProbes + 1 : 0;
		if (this.goodProbes >= this.policy.readmitProbes()) {
			this.inRotation = true;
			this.goodProbes = 0;
			this.status = new ReplicaStatus(State.FIT, seconds, at, null);
		}
		else {
			// Answers and catches up, but has not earned its way back yet
			this.status = new ReplicaStatus(State.LAGGING, seconds, at, null);
		}
	}

	/**
	 * Take a probe that failed to reach the server, or a borrow from its pool that did.
	 * @param error what failed
	 * @param at when
	 */
	public void failed(String error, Instant at) {
		leave(new ReplicaStatus(State.DOWN, null, at, error));
	}

	private void leave(ReplicaStatus status) {
		this.inRotation = false;
		this.goodProbes = 0;
		this.status = status;
	}

	/**
	 * Whether the replica serves reads.
	 * @return {@code true} when in rotation
	 */
	public boolean isInRotation() {
		return this.inRotation;
	}

	/**
	 * Consecutive good probes counted towards the replica's return.
	 * @return the count
	 */
	public int getGoodProbes() {
		return this.goodProbes;
	}

	/**
	 * The replica's current status.
	 * @return the status
	 */
	public ReplicaStatus getStatus() {
		return this.status;
	}

}
