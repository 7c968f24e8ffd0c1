package io.github.mysqlpool.monitor.alert.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.mysqlpool.monitor.alert.Alert;
import io.github.mysqlpool.monitor.alert.AlertRaisedEvent;
import io.github.mysqlpool.monitor.alert.AlertResolvedEvent;
import io.github.mysqlpool.monitor.alert.AlertRule;
import io.github.mysqlpool.monitor.alert.AlertSeverity;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.monitor.history.internal.PoolSample;
import io.github.mysqlpool.monitor.timing.internal.Percentiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PoolAlerts}: thresholds, hysteresis and events, on hand-made samples.
 *
 * @author mysql-pool team
 */
class PoolAlertsTests {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private final List<Object> events = new ArrayList<>();

	private final PoolHistory history = new PoolHistory(100);

	private final PoolAlerts alerts = new PoolAlerts(
			Map.of(AlertRule.POOL_UTILIZATION, new AlertThresholds(80.0, 95.0), AlertRule.SLOW_QUERIES,
					new AlertThresholds(10.0, 50.0)),
			0.1, 1, 3, 2, this.events::add, Clock.fixed(START, ZoneOffset.UTC));

	private int second;

	@Test
	void raisesWarningThenCriticalAndResolvesEachOnce() {
		feed(10, 85);
		assertThat(this.alerts.active()).extracting(Alert::severity).containsExactly(AlertSeverity.WARNING);
		feed(10, 100, 100);
		assertThat(this.alerts.active()).extracting(Alert::severity)
			.containsExactly(AlertSeverity.CRITICAL, AlertSeverity.WARNING);
		assertThat(this.alerts.active().get(0).peakValue()).isEqualTo(100.0);
		feed(10, 10, 10, 10);
		assertThat(this.alerts.active()).isEmpty();
		assertThat(this.alerts.resolved()).hasSize(2).allSatisfy((alert) -> assertThat(alert.active()).isFalse());
		assertThat(this.events).hasSize(4);
		assertThat(this.events).filteredOn(AlertRaisedEvent.class::isInstance).hasSize(2);
		assertThat(this.events).filteredOn(AlertResolvedEvent.class::isInstance).hasSize(2);
	}

	@Test
	void availabilityConditionsAreRaisedWhileTheyHoldAndResolvedWhenTheyStop() {
		List<ServerAvailability.Condition> holding = new ArrayList<>();
		this.alerts.setServerAvailability(() -> List.copyOf(holding));
		holding.add(new ServerAvailability.Condition(AlertRule.PRIMARY_UNAVAILABLE, "primary", AlertSeverity.CRITICAL));
		holding
			.add(new ServerAvailability.Condition(AlertRule.REPLICA_UNAVAILABLE, "replica-1", AlertSeverity.WARNING));
		this.alerts.evaluateAvailability();
		this.alerts.evaluateAvailability();
		assertThat(this.alerts.active()).extracting(Alert::rule, Alert::pool, Alert::severity)
			.containsExactly(
					org.assertj.core.groups.Tuple.tuple("primary-unavailable", "primary", AlertSeverity.CRITICAL),
					org.assertj.core.groups.Tuple.tuple("replica-unavailable", "replica-1", AlertSeverity.WARNING));
		assertThat(this.events).filteredOn(AlertRaisedEvent.class::isInstance).hasSize(2);
		holding.remove(0);
		this.alerts.evaluateAvailability();
		assertThat(this.alerts.active()).extracting(Alert::rule).containsExactly("replica-unavailable");
		assertThat(this.alerts.resolved()).extracting(Alert::rule).containsExactly("primary-unavailable");
		assertThat(this.events).filteredOn(AlertResolvedEvent.class::isInstance).hasSize(1);
	}

	@Test
	void valuesHoveringAroundTheThresholdDoNotFlap() {
		feed(10, 81, 79, 81, 78, 80, 75, 79, 81, 77);
		assertThat(this.alerts.active()).hasSize(1);
		assertThat(this.events).hasSize(1);
	}

	@Test
	void resolvesOnlyAfterConsecutiveSamplesBelowTheMargin() {
		feed(10, 90, 70, 70, 75, 70, 70);
		assertThat(this.alerts.active()).hasSize(1);
		feed(10, 70);
		assertThat(this.alerts.active()).isEmpty();
	}

	@Test
	void keepsABoundedListOfResolvedAlerts() {
		for (int i = 0; i < 4; i++) {
			feed(10, 85, 0, 0, 0);
		}
		assertThat(this.alerts.resolved()).hasSize(2);
	}

	@Test
	void slowQueryRateCountsTheLastMinute() {
		long slow = 0;
		for (int i = 0; i < 5; i++) {
			slow += 3;
			add(sample(10, 0, slow));
		}
		assertThat(this.alerts.active()).extracting(Alert::rule).containsExactly("slow-queries");
		assertThat(this.alerts.active().get(0).value()).isEqualTo(12.0);
	}

	private void feed(int max, double... utilizationPercent) {
		for (double percent : utilizationPercent) {
			add(sample(max, (int) Math.round(percent * max / 100), 0));
		}
	}

	private void add(PoolSample sample) {
		this.history.add("primary", sample);
		this.alerts.evaluate("primary", sample, this.history);
	}

	private PoolSample sample(int max, int active, long slowQueries) {
		Instant time = START.plusSeconds(10L * this.second++);
		return new PoolSample(time, active, max - active, 0, max, max, max, (double) active / max, Percentiles.NONE,
				Percentiles.NONE, 0, 0, 0, slowQueries, null, null);
	}

}
