package io.github.mysqlpool.monitor.history.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.monitor.MonitorTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history on real pools: one sample per interval, never more than its bound. Judged
 * by what the history holds, not by how fast a busy machine takes the samples.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class PoolHistoryIntegrationTests {

	@Test
	void growsByOneSamplePerIntervalAndNeverBeyondItsBound(ReplicatedMariaDb db) {
		MonitorTestSupport.runner(db)
			.withPropertyValues("mysql-pool.monitor.sample-interval=200ms", "mysql-pool.monitor.retention=1s")
			.run((context) -> {
				PoolHistory history = context.getBean(PoolHistory.class);
				assertThat(history.getCapacity()).isEqualTo(5);
				// Polled until full and then until every retained sample is newer than
				// the
				// first full history: a poll missed on a busy machine only skips a size
				List<Integer> sizes = new ArrayList<>();
				List<PoolSample> full = null;
				long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
				while (full == null || !history.samples("primary").get(0).time().isAfter(last(full).time())) {
					assertThat(System.nanoTime()).as("history sizes seen %s", sizes).isLessThan(deadline);
					List<PoolSample> samples = history.samples("primary");
					assertThat(samples).hasSizeLessThanOrEqualTo(5);
					if (sizes.isEmpty() || last(sizes) != samples.size()) {
						sizes.add(samples.size());
					}
					if (full == null && samples.size() == 5) {
						full = samples;
					}
					Thread.sleep(20);
				}
				System.out.println("History sizes seen: " + sizes);
				assertThat(sizes).isSorted().endsWith(5);
				List<PoolSample> samples = history.samples("primary");
				assertThat(samples).hasSize(5);
				for (int i = 1; i < samples.size(); i++) {
					// Sampled with a fixed delay: never two samples within one interval
					long gap = Duration.between(samples.get(i - 1).time(), samples.get(i).time()).toMillis();
					assertThat(gap).as("gap between samples").isGreaterThanOrEqualTo(190L);
				}
				assertThat(history.samples(null, null)).containsOnlyKeys("primary", "replica-1", "replica-2");
			});
	}

	private static <T> T last(List<T> list) {
		return list.get(list.size() - 1);
	}

}
