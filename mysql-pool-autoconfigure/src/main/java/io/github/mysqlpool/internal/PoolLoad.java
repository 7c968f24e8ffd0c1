package io.github.mysqlpool.internal;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * How busy and how fast one pool's server is, for the replica selection: the connections
 * borrowed and not yet returned (counted by the pool's HikariCP metrics tracker) and a
 * time-decaying average of its statements' execution time (fed by the Connector/J
 * interceptor that times statements). Reading it costs no clock reading and no walk of
 * the pool's connections.
 * <p>
 * The average is updated without a lock: two threads finishing statements on one server
 * at the same instant may lose one sample, which a heuristic can afford.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class PoolLoad {

	/**
	 * Time over which old samples fade: a sample this much newer than the average
	 * replaces it, one a thousandth of it newer moves it a thousandth of the way.
	 */
	static final long DECAY_NANOS = 250_000_000L;

	/**
	 * Longest statement time taken into account, so that the arithmetic cannot overflow.
	 */
	private static final long MAX_SAMPLE_NANOS = 60_000_000_000L;

	private volatile @Nullable LongSupplier connectionsInUse;

	/**
	 * Connections the counters still count as borrowed but that the pool no longer has:
	 * HikariCP records no return for a connection it closed as broken while it was
	 * borrowed (a killed session, an aborted connection of a hung server).
	 */
	private volatile long neverReturned;

	private volatile long statementNanos;

	private volatile long sampledAtNanos;

	/**
	 * Count the connections in use with the counters that the pool's metrics tracker
	 * keeps anyway, so that the borrow path pays nothing more for it.
	 * @param connectionsInUse connections borrowed and not yet returned
	 */
	public void trackConnectionsInUse(LongSupplier connectionsInUse) {
		this.connectionsInUse = connectionsInUse;
	}

	/**
	 * Whether the pool's metrics tracker counts the connections in use.
	 * @return whether {@link #connectionsInUse()} counts
	 */
	public boolean isTracked() {
		return this.connectionsInUse != null;
	}

	/**
	 * Connections borrowed and not yet returned.
	 * @return the count, 0 when not {@link #isTracked() tracked}
	 */
	public long connectionsInUse() {
		LongSupplier source = this.connectionsInUse;
		return (source != null) ? Math.max(0, source.getAsLong() - this.neverReturned) : 0;
	}

	/**
	 * Correct the count with the pool's own count of active connections, read off the
	 * borrow path (HikariCP walks its connection list for it): without this, every
	 * connection closed as broken while borrowed would count as in use for ever, and the
	 * selection would shun its server. A reading raced by a borrow or a return is skipped
	 * or off by one until the next correction.
	 * @param activeConnections the pool's count of connections in use
	 */
	public void correctConnectionsInUse(IntSupplier activeConnections) {
		LongSupplier source = this.connectionsInUse;
		if (source == null) {
			return;
		}
		long before = source.getAsLong();
		int active = activeConnections.getAsInt();
		if (source.getAsLong() == before) {
			this.neverReturned = Math.max(0, before - active);
		}
	}

	/**
	 * Record the execution time of one statement.
	 * @param elapsedNanos how long it took
	 * @param nowNanos the {@link System#nanoTime()} at which it ended
	 */
	public void recordStatement(long elapsedNanos, long nowNanos) {
		long sample = Math.min(Math.max(elapsedNanos, 0), MAX_SAMPLE_NANOS);
		long average = this.statementNanos;
		long age = nowNanos - this.sampledAtNanos;
		if (average == 0 || age >= DECAY_NANOS || age < 0) {
			average = sample;
		}
		else {
			// At least 1/64 of the way, so that a burst of samples at one instant counts
			average += (sample - average) * Math.max(age, DECAY_NANOS >> 6) / DECAY_NANOS;
		}
		this.statementNanos = Math.max(average, 1);
		this.sampledAtNanos = nowNanos;
	}

	/**
	 * Time-decaying average execution time of the server's statements.
	 * @return the average in nanoseconds, 0 before the first statement
	 */
	public long statementNanos() {
		return this.statementNanos;
	}

	/**
	 * When the last statement time was recorded.
	 * @return a {@link System#nanoTime()} value, meaningful only when
	 * {@link #statementNanos()} is not 0
	 */
	public long sampledAtNanos() {
		return this.sampledAtNanos;
	}

}
