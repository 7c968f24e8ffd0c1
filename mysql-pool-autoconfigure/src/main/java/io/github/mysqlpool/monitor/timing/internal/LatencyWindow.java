package io.github.mysqlpool.monitor.timing.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The last durations recorded, in a fixed ring written without lock or allocation (one
 * atomic increment and one ordered store), read off the hot path to compute percentiles.
 * A reader racing a writer may see a slot's previous value: good enough for monitoring.
 *
 * @author mysql-pool team
 */
final class LatencyWindow {

	static final int CAPACITY = 1024;

	private static final int MASK = CAPACITY - 1;

	private final AtomicLongArray nanos = new AtomicLongArray(CAPACITY);

	private final AtomicLong recorded = new AtomicLong();

	void record(long durationNanos) {
		long index = this.recorded.getAndIncrement();
		this.nanos.lazySet((int) (index & MASK), durationNanos);
	}

	/**
	 * Number of durations recorded since start.
	 * @return the count
	 */
	long count() {
		return this.recorded.get();
	}

	/**
	 * Percentiles of the durations recorded since the given count (at most the last
	 * {@link #CAPACITY}).
	 * @param sinceCount a value of {@link #count()} taken earlier, 0 for all retained
	 * @return the distribution
	 */
	Percentiles since(long sinceCount) {
		long end = this.recorded.get();
		long start = Math.max(sinceCount, end - CAPACITY);
		int length = (int) Math.max(0, end - start);
		long[] values = new long[length];
		for (int i = 0; i < length; i++) {
			values[i] = this.nanos.get((int) ((start + i) & MASK));
		}
		return Percentiles.ofNanos(values, length);
	}

}
