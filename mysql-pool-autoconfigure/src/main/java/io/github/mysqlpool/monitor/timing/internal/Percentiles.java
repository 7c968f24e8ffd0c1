package io.github.mysqlpool.monitor.timing.internal;

import java.util.Arrays;

/**
 * Distribution of a set of durations, in milliseconds.
 *
 * @param count number of durations
 * @param p50 median
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param max longest
 * @param mean arithmetic mean
 * @author mysql-pool team
 * @since 0.1.0
 */
public record Percentiles(long count, double p50, double p95, double p99, double max, double mean) {

	/**
	 * No durations recorded.
	 */
	public static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0, 0);

	/**
	 * Compute the distribution of durations given in nanoseconds.
	 * @param nanos the durations; sorted in place
	 * @param length how many of the array's first values to use
	 * @return the distribution in milliseconds
	 */
	public static Percentiles ofNanos(long[] nanos, int length) {
		if (length == 0) {
			return NONE;
		}
		Arrays.sort(nanos, 0, length);
		double sum = 0;
		for (int i = 0; i < length; i++) {
			sum += nanos[i];
		}
		return new Percentiles(length, millis(nanos[rank(0.50, length)]), millis(nanos[rank(0.95, length)]),
				millis(nanos[rank(0.99, length)]), millis(nanos[length - 1]), millis(sum / length));
	}

	/**
	 * Nearest-rank percentile index.
	 */
	private static int rank(double quantile, int length) {
		return Math.max(0, (int) Math.ceil(quantile * length) - 1);
	}

	private static double millis(double nanos) {
		return Math.round(nanos / 1_000.0) / 1_000.0;
	}

}
