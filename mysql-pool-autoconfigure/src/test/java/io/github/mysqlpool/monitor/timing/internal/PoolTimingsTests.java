package io.github.mysqlpool.monitor.timing.internal;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PoolTimings} and its windows.
 *
 * @author mysql-pool team
 */
class PoolTimingsTests {

	@Test
	void percentilesCoverTheBorrowsSinceACount() {
		PoolTimings timings = new PoolTimings();
		for (int i = 1; i <= 100; i++) {
			timings.recordAcquired(TimeUnit.MILLISECONDS.toNanos(i));
		}
		long mark = timings.getBorrows();
		timings.recordAcquired(TimeUnit.SECONDS.toNanos(3));
		Percentiles all = timings.acquireTime(0);
		assertThat(all.count()).isEqualTo(101);
		assertThat(all.p50()).isEqualTo(51.0);
		assertThat(all.p99()).isEqualTo(100.0);
		assertThat(all.max()).isEqualTo(3000.0);
		Percentiles sinceMark = timings.acquireTime(mark);
		assertThat(sinceMark.count()).isEqualTo(1);
		assertThat(sinceMark.p95()).isEqualTo(3000.0);
		assertThat(timings.acquireTime(timings.getBorrows())).isEqualTo(Percentiles.NONE);
	}

	@Test
	void windowKeepsOnlyTheLastDurations() {
		PoolTimings timings = new PoolTimings();
		for (int i = 0; i < LatencyWindow.CAPACITY * 3; i++) {
			timings.recordUsage(i < LatencyWindow.CAPACITY * 2 ? 1_000 : 5);
		}
		Percentiles usage = timings.usageTime(0);
		assertThat(usage.count()).isEqualTo(LatencyWindow.CAPACITY);
		assertThat(usage.max()).isEqualTo(5.0);
	}

	@Test
	void connectionsInUseAreBorrowsLessReturnsAndTimeouts() {
		PoolTimings timings = new PoolTimings();
		for (int i = 0; i < 3; i++) {
			timings.recordAcquired(1_000);
		}
		timings.recordUsage(1);
		timings.recordTimeout();
		assertThat(timings.getInUse()).isEqualTo(1);
	}

}
