package io.github.mysqlpool.sample.load;

import java.util.Arrays;

/**
 * Latencies of one kind of operation on one pool, recorded by one thread. Not
 * thread-safe: each worker keeps its own and they are merged at the end.
 *
 * @author mysql-pool team
 */
final class LatencyLog {

	private long[] nanos = new long[1024];

	private int size;

	void record(long latencyNanos) {
		if (this.size == this.nanos.length) {
			this.nanos = Arrays.copyOf(this.nanos, this.size * 2);
		}
		this.nanos[this.size++] = latencyNanos;
	}

	void addAll(LatencyLog other) {
		for (int i = 0; i < other.size; i++) {
			record(other.nanos[i]);
		}
	}

	int count() {
		return this.size;
	}

	/**
	 * The latency below which the given share of operations fell.
	 * @param quantile from 0 to 1
	 * @return the latency in milliseconds
	 */
	double percentileMillis(double quantile) {
		if (this.size == 0) {
			return 0;
		}
		long[] sorted = Arrays.copyOf(this.nanos, this.size);
		Arrays.sort(sorted);
		int index = (int) Math.min(this.size - 1, Math.ceil(quantile * this.size) - 1);
		return sorted[Math.max(0, index)] / 1_000_000.0;
	}

}
