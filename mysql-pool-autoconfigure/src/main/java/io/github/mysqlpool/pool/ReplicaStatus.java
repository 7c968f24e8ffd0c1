package io.github.mysqlpool.pool;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What is known of a replica's health and replication lag.
 *
 * @param state whether the replica is in rotation, and if not why
 * @param lagSeconds last measured replication lag in seconds, {@code null} when unknown
 * @param lastProbe when the replica was last probed, {@code null} when never
 * @param lastError the last probe's error, {@code null} when it succeeded
 * @author mysql-pool team
 * @since 0.1.0
 */
public record ReplicaStatus(State state, @Nullable Double lagSeconds, @Nullable Instant lastProbe,
		@Nullable String lastError) {

	/**
	 * Status of a replica nobody monitors.
	 */
	public static final ReplicaStatus UNKNOWN = new ReplicaStatus(State.UNKNOWN, null, null, null);

	/**
	 * Whether a replica serves reads.
	 */
	public enum State {

		/**
		 * Answers probes within the lag limit: in rotation.
		 */
		FIT,

		/**
		 * Answers probes but lags past the limit, or its lag is unknown: out of rotation.
		 */
		LAGGING,

		/**
		 * Fails probes or connections: out of rotation.
		 */
		DOWN,

		/**
		 * Not monitored: in rotation.
		 */
		UNKNOWN

	}

}
