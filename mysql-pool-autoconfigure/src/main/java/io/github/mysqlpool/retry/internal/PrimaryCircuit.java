package io.github.mysqlpool.retry.internal;

/**
 * Guards the primary: asked before each write attempt, told how the attempt went. While
 * the primary keeps failing, it refuses attempts so that callers fail fast instead of
 * each waiting for the pool's connection timeout.
 *
 * @author mysql-pool team
 * @since 0.1.0
 * @see Resilience4jPrimaryCircuit
 */
public interface PrimaryCircuit {

	/**
	 * A circuit that never opens.
	 */
	PrimaryCircuit ALWAYS_CLOSED = new PrimaryCircuit() {

		@Override
		public boolean tryAcquirePermission() {
			return true;
		}

		@Override
		public void onAnswered(long durationNanos) {
		}

		@Override
		public void onUnavailable(long durationNanos, Throwable failure) {
		}

		@Override
		public String describe() {
			return "disabled";
		}

	};

	/**
	 * Ask whether an attempt may call the primary now. Every permission granted must be
	 * followed by {@link #onAnswered(long)} or {@link #onUnavailable(long, Throwable)}.
	 * @return {@code false} when the circuit is open
	 */
	boolean tryAcquirePermission();

	/**
	 * Record that the primary answered, with a result or with an error of its own such as
	 * a deadlock or a duplicate key.
	 * @param durationNanos how long the attempt took
	 */
	void onAnswered(long durationNanos);

	/**
	 * Record that the primary could not be reached or lost the connection.
	 * @param durationNanos how long the attempt took
	 * @param failure the failure
	 */
	void onUnavailable(long durationNanos, Throwable failure);

	/**
	 * Describe the circuit's state and settings for an exception message.
	 * @return the description
	 */
	String describe();

}
