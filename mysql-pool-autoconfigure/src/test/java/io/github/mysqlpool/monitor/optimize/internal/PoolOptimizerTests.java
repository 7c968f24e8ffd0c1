package io.github.mysqlpool.monitor.optimize.internal;

import java.time.Clock;
import java.time.Duration;

import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.monitor.history.internal.PoolSampler;
import io.github.mysqlpool.monitor.internal.ServerInfoReader;
import io.github.mysqlpool.monitor.optimize.internal.Recommendation.Action;
import io.github.mysqlpool.monitor.optimize.internal.Recommendation.Figures;
import io.github.mysqlpool.monitor.timing.internal.PoolInstrumentation;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the reasoning of {@link PoolOptimizer}.
 *
 * @author mysql-pool team
 */
class PoolOptimizerTests {

	private static PoolOptimizer optimizer(int maximum, @Nullable Integer serverCores) {
		Clock clock = Clock.systemUTC();
		return new PoolOptimizer(new OptimizerSettings(1, maximum, 2, 0.2, Duration.ofMillis(50), serverCores),
				new PoolHistory(10), new PoolSampler(new PoolInstrumentation(), null, null, clock),
				new ServerInfoReader(Duration.ofSeconds(30), Duration.ofSeconds(1), clock), clock);
	}

	@Test
	void waitingCallersGrowThePoolToPeakConcurrencyWithHeadroom() {
		Recommendation recommendation = optimizer(50, null).decide("primary", 2, 2,
				figures(2, 3, 1.0, 3000, 0, 0, null));
		assertThat(recommendation.action()).isEqualTo(Action.GROW);
		assertThat(recommendation.maximumPoolSize()).isEqualTo(6);
		assertThat(recommendation.minimumIdle()).isEqualTo(6);
		assertThat(String.join(" ", recommendation.reasoning())).contains("peak concurrency 5")
			.contains("acquire p95 3000.0 ms")
			.contains("fixed-size");
	}

	@Test
	void littlesLawRaisesDemandAboveObservedPeaks() {
		Recommendation recommendation = optimizer(50, null).decide("primary", 4, 4,
				figures(4, 1, 1.0, 80, 200, 50, null));
		assertThat(recommendation.figures().littlesLawConnections()).isEqualTo(10.0);
		assertThat(recommendation.maximumPoolSize()).isEqualTo(12);
	}

	@Test
	void serverShareAndHikariFormulaCapTheSize() {
		Recommendation capped = optimizer(50, null).decide("primary", 2, 2, figures(2, 30, 1.0, 5000, 0, 0, 20L));
		assertThat(capped.maximumPoolSize()).isEqualTo(10);
		assertThat(String.join(" ", capped.reasoning())).contains("max_connections 20 / 2 instances = 10");
		Recommendation formula = optimizer(50, 2).decide("primary", 2, 2, figures(2, 30, 1.0, 5000, 0, 0, null, 5));
		assertThat(formula.maximumPoolSize()).isEqualTo(5);
	}

	@Test
	void idlePoolShrinksAndBusyPoolKeeps() {
		Recommendation shrink = optimizer(50, null).decide("replica-1", 20, 5, figures(2, 0, 0.1, 1, 0, 0, null));
		assertThat(shrink.action()).isEqualTo(Action.SHRINK);
		assertThat(shrink.maximumPoolSize()).isEqualTo(3);
		assertThat(shrink.minimumIdle()).isEqualTo(3);
		Recommendation tooEarly = optimizer(50, null).decide("replica-1", 20, 5,
				figures(5, 2, 0, 0.1, 1, 0, 0, null, null));
		assertThat(tooEarly.action()).isEqualTo(Action.KEEP);
		assertThat(String.join(" ", tooEarly.reasoning())).contains("only 5 samples");
		Recommendation keep = optimizer(50, null).decide("replica-1", 10, 10, figures(7, 0, 0.7, 1, 0, 0, null));
		assertThat(keep.action()).isEqualTo(Action.KEEP);
		assertThat(keep.changesPool()).isFalse();
	}

	@Test
	void configuredMaximumBoundsGrowth() {
		Recommendation recommendation = optimizer(4, null).decide("primary", 2, 2,
				figures(2, 10, 1.0, 3000, 0, 0, null));
		assertThat(recommendation.maximumPoolSize()).isEqualTo(4);
	}

	private static Figures figures(int peakActive, int peakPending, double peakUtilization, double acquireP95,
			double throughput, double holdMillis, Long maxConnections) {
		return figures(peakActive, peakPending, peakUtilization, acquireP95, throughput, holdMillis, maxConnections,
				null);
	}

	private static Figures figures(int peakActive, int peakPending, double peakUtilization, double acquireP95,
			double throughput, double holdMillis, Long maxConnections, Integer hikariFormula) {
		return figures(40, peakActive, peakPending, peakUtilization, acquireP95, throughput, holdMillis, maxConnections,
				hikariFormula);
	}

	private static Figures figures(int samples, int peakActive, int peakPending, double peakUtilization,
			double acquireP95, double throughput, double holdMillis, Long maxConnections, Integer hikariFormula) {
		return new Figures(samples, 400, peakActive, peakPending, peakActive + peakPending, peakUtilization, acquireP95,
				acquireP95, throughput, holdMillis, throughput * holdMillis / 1000, maxConnections, 2,
				(maxConnections != null) ? maxConnections / 2 : null, hikariFormula);
	}

}
