package io.github.mysqlpool.monitor.history.internal;

import java.time.Duration;
import java.time.Instant;

import io.github.mysqlpool.monitor.timing.internal.Percentiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PoolHistory}.
 *
 * @author mysql-pool team
 */
class PoolHistoryTests {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void capacityCoversTheRetention() {
		assertThat(PoolHistory.capacityFor(Duration.ofHours(1), Duration.ofSeconds(10))).isEqualTo(360);
		assertThat(PoolHistory.capacityFor(Duration.ofSeconds(1), Duration.ofMillis(300))).isEqualTo(4);
	}

	@Test
	void neverHoldsMoreThanItsCapacityAndDropsTheOldest() {
		PoolHistory history = new PoolHistory(3);
		for (int i = 0; i < 10; i++) {
			history.add("primary", sample(i));
		}
		assertThat(history.samples("primary")).extracting(PoolSample::active).containsExactly(7, 8, 9);
	}

	@Test
	void filtersByPoolAndTime() {
		PoolHistory history = new PoolHistory(10);
		for (int i = 0; i < 5; i++) {
			history.add("primary", sample(i));
			history.add("replica-1", sample(i));
		}
		assertThat(history.samples("replica-1", START.plusSeconds(2))).containsOnlyKeys("replica-1");
		assertThat(history.samples("replica-1", START.plusSeconds(2)).get("replica-1")).extracting(PoolSample::active)
			.containsExactly(3, 4);
		assertThat(history.atOrBefore("primary", START.plusMillis(2500)).active()).isEqualTo(2);
		assertThat(history.atOrBefore("primary", START.minusSeconds(5)).active()).isZero();
	}

	@Test
	void keepsABoundedNumberOfEvents() {
		PoolHistory history = new PoolHistory(1);
		for (int i = 0; i < PoolHistory.MAX_EVENTS + 5; i++) {
			history.addEvent(new PoolEvent(START.plusSeconds(i), "primary", "optimize", "change " + i));
		}
		assertThat(history.events(null, null)).hasSize(PoolHistory.MAX_EVENTS)
			.first()
			.extracting(PoolEvent::description)
			.isEqualTo("change 5");
	}

	static PoolSample sample(int i) {
		return new PoolSample(START.plusSeconds(i), i, 0, 0, i, 10, 10, i / 10.0, Percentiles.NONE, Percentiles.NONE, 0,
				0, 0, 0, null, null);
	}

}
