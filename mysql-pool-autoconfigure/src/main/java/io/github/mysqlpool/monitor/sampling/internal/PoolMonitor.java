package io.github.mysqlpool.monitor.sampling.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.mysqlpool.monitor.alert.internal.PoolAlerts;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.monitor.history.internal.PoolSample;
import io.github.mysqlpool.monitor.history.internal.PoolSampler;
import io.github.mysqlpool.monitor.history.internal.RouterSampler;
import io.github.mysqlpool.monitor.internal.ServerInfoReader;
import io.github.mysqlpool.monitor.optimize.internal.PoolOptimizer;
import io.github.mysqlpool.monitor.optimize.internal.Recommendation;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.scheduling.internal.PeriodicTask;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * Samples every pool on a fixed interval on the starter's scheduler: adds the samples to
 * the history, evaluates the alerts, refreshes the server figures and, when enabled,
 * applies the optimizer's recommendations.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class PoolMonitor implements SmartLifecycle {

	/**
	 * The monitor's life-cycle phase: it starts before the web server starts to accept
	 * requests ({@code DEFAULT_PHASE - 2048} in Spring Boot) and stops after graceful
	 * shutdown ({@code DEFAULT_PHASE - 1024}) has drained the requests in flight, so that
	 * the history and alerts cover every request served.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

	private static final Log logger = LogFactory.getLog(PoolMonitor.class);

	private final MySqlPools pools;

	private final PoolSampler sampler;

	private final PoolHistory history;

	private final ServerInfoReader serverInfo;

	private final @Nullable PoolAlerts alerts;

	private final @Nullable PoolOptimizer optimizer;

	private final @Nullable Duration autoOptimizeInterval;

	private final Clock clock;

	private final PeriodicTask sampling;

	private volatile Instant lastOptimization = Instant.MIN;

	private volatile @Nullable String lastFailure;

	private @Nullable RouterSampler router;

	/**
	 * Create the monitor.
	 * @param pools the pools to sample
	 * @param sampler reads a pool's figures
	 * @param history where samples are kept
	 * @param serverInfo reads the servers' figures
	 * @param alerts evaluates the alert rules, or {@code null} when alerts are off
	 * @param optimizer the optimizer, or {@code null}
	 * @param sampleInterval time between samples
	 * @param autoOptimizeInterval time between automatic optimizations, or {@code null}
	 * when they are off
	 * @param clock the clock
	 * @param scheduler the starter's scheduler, which runs the sampling
	 */
	public PoolMonitor(MySqlPools pools, PoolSampler sampler, PoolHistory history, ServerInfoReader serverInfo,
			@Nullable PoolAlerts alerts, @Nullable PoolOptimizer optimizer, Duration sampleInterval,
			@Nullable Duration autoOptimizeInterval, Clock clock, TaskScheduler scheduler) {
		this.pools = pools;
		this.sampler = sampler;
		this.history = history;
		this.serverInfo = serverInfo;
		this.alerts = alerts;
		this.optimizer = optimizer;
		this.autoOptimizeInterval = autoOptimizeInterval;
		this.clock = clock;
		this.sampling = new PeriodicTask(scheduler, "pool sampling", sampleInterval, this::sampleSafely);
	}

	/**
	 * Keep the routing's counters in the history too.
	 * @param router reads the routing's counters, {@code null} for none
	 */
	public void setRouterSampler(@Nullable RouterSampler router) {
		this.router = router;
	}

	@Override
	public void start() {
		this.lastOptimization = this.clock.instant();
		this.sampling.start();
	}

	@Override
	public void stop() {
		this.sampling.stop();
	}

	@Override
	public boolean isRunning() {
		return this.sampling.isStarted();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void sampleSafely() {
		try {
			sampleAll();
			this.lastFailure = null;
		}
		catch (Throwable ex) {
			// An exception escaping the periodic task would cancel its later runs
			String failure = ex.getClass().getName() + ": " + ex.getMessage();
			if (!failure.equals(this.lastFailure)) {
				logger.warn("mysql-pool monitor could not sample the pools: " + failure, ex);
				this.lastFailure = failure;
			}
		}
	}

	/**
	 * Take one sample of every pool, then evaluate alerts and the optimizer.
	 */
	public void sampleAll() {
		for (MySqlPool pool : this.pools.getAll()) {
			PoolSample sample = this.sampler.sample(pool);
			this.history.add(pool.getName(), sample);
			if (this.alerts != null) {
				this.alerts.evaluate(pool.getName(), sample, this.history);
			}
		}
		if (this.alerts != null) {
			this.alerts.evaluateAvailability();
		}
		RouterSampler routerSampler = this.router;
		if (routerSampler != null) {
			this.history.addRouter(routerSampler.sample());
		}
		for (MySqlPool pool : this.pools.getAll()) {
			this.serverInfo.refreshIfStale(pool);
		}
		optimizeIfDue();
	}

	private void optimizeIfDue() {
		Duration interval = this.autoOptimizeInterval;
		if (this.optimizer == null || interval == null
				|| this.lastOptimization.plus(interval).isAfter(this.clock.instant())) {
			return;
		}
		this.lastOptimization = this.clock.instant();
		for (MySqlPool pool : this.pools.getAll()) {
			Recommendation recommendation = this.optimizer.recommend(pool);
			if (recommendation != null && recommendation.changesPool()) {
				this.optimizer.apply(pool, recommendation);
			}
		}
	}

}
