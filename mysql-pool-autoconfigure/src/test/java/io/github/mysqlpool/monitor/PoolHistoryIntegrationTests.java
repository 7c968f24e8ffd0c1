package io.github.mysqlpool.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history on real pools: one sample per interval, never more than its bound.
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
				List<Integer> sizes = new ArrayList<>();
				long end = System.nanoTime() + Duration.ofMillis(2500).toNanos();
				while (System.nanoTime() < end) {
					int size = history.samples("primary").size();
					assertThat(size).isLessThanOrEqualTo(5);
					if (sizes.isEmpty() || sizes.get(sizes.size() - 1) != size) {
						sizes.add(size);
					}
					Thread.sleep(20);
				}
				System.out.println("History sizes seen: " + sizes);
				assertThat(sizes).startsWith(0, 1, 2, 3, 4, 5).endsWith(5);
				List<PoolSample> samples = history.samples("primary");
				for (int i = 1; i < samples.size(); i++) {
					long gap = Duration.between(samples.get(i - 1).time(), samples.get(i).time()).toMillis();
					assertThat(gap).as("gap between samples").isBetween(190L, 600L);
				}
				assertThat(samples.get(samples.size() - 1).time()).isAfter(samples.get(0).time().plusMillis(700));
				assertThat(history.samples(null, null)).containsOnlyKeys("primary", "replica-1", "replica-2");
			});
	}

}
