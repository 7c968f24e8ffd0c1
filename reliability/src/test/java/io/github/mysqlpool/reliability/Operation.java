package io.github.mysqlpool.reliability;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What a worker calls.
 *
 * @author mysql-pool team
 */
enum Operation {

	/** {@code @RetryableTransaction} write of a row with a unique request id. */
	WRITE("write", null),

	/** {@code @ReadOnly} read, bounded by the global max-lag. */
	READ("read @ReadOnly", SoakApplication.MAX_LAG),

	/** {@code @ReadOnly(maxLag = "500ms")} read. */
	BOUNDED_READ("read @ReadOnly(maxLag=500ms)", SoakApplication.BOUNDED_LAG),

	/**
	 * {@code @RetryableTransaction(readOnly = true)} read, bounded by the global max-lag.
	 */
	TRANSACTIONAL_READ("read @RetryableTransaction(readOnly)", SoakApplication.MAX_LAG);

	private final String label;

	private final @Nullable Duration bound;

	Operation(String label, @Nullable Duration bound) {
		this.label = label;
		this.bound = bound;
	}

	String label() {
		return this.label;
	}

	/**
	 * Largest staleness the starter promises for this read, before its detection delay.
	 * @return the bound in microseconds
	 */
	long boundMicros() {
		return (this.bound != null) ? this.bound.toNanos() / 1000 : Long.MAX_VALUE;
	}

}
