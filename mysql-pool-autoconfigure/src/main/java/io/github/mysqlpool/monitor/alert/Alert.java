package io.github.mysqlpool.monitor.alert;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An alert, active or resolved.
 *
 * @param severity how serious it is
 * @param rule what it watches, for example {@code pool-utilization}
 * @param pool the pool it concerns
 * @param value the value that raised it
 * @param peakValue the highest value seen while it was active
 * @param threshold the threshold the value reached
 * @param unit unit of the values and threshold
 * @param raisedAt when it was raised
 * @param resolvedAt when it was resolved, {@code null} while active
 * @author mysql-pool team
 * @since 0.1.0
 */
public record Alert(AlertSeverity severity, String rule, String pool, double value, double peakValue, double threshold,
		String unit, Instant raisedAt, @Nullable Instant resolvedAt) {

	/**
	 * Whether the alert is still active.
	 * @return {@code true} until it is resolved
	 */
	public boolean active() {
		return this.resolvedAt == null;
	}

}
