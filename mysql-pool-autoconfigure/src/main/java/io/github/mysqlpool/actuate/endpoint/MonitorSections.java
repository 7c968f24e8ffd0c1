package io.github.mysqlpool.actuate.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint.AlertsDescriptor;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint.ChangesDescriptor;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint.HistoryDescriptor;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint.RecommendationsDescriptor;
import io.github.mysqlpool.monitor.alert.Alert;
import io.github.mysqlpool.monitor.alert.internal.PoolAlerts;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.monitor.optimize.internal.PoolOptimizer;
import io.github.mysqlpool.monitor.optimize.internal.PoolSizeChange;
import io.github.mysqlpool.monitor.optimize.internal.Recommendation;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import org.jspecify.annotations.Nullable;

/**
 * Builds the sections the pool monitor feeds: the history, the size recommendations (and
 * their application) and the alerts. Each answers a 400 naming the property to set while
 * the monitor is off.
 *
 * @author mysql-pool team
 */
final class MonitorSections {

	private final MySqlPools pools;

	private final EndpointParameters parameters;

	private final @Nullable PoolHistory history;

	private final @Nullable PoolAlerts alerts;

	private final @Nullable PoolOptimizer optimizer;

	private final Duration sampleInterval;

	private final Duration retention;

	MonitorSections(MySqlPools pools, EndpointParameters parameters, @Nullable PoolHistory history,
			@Nullable PoolAlerts alerts, @Nullable PoolOptimizer optimizer, Duration sampleInterval,
			Duration retention) {
		this.pools = pools;
		this.parameters = parameters;
		this.history = history;
		this.alerts = alerts;
		this.optimizer = optimizer;
		this.sampleInterval = sampleInterval;
		this.retention = retention;
	}

	HistoryDescriptor history(@Nullable String pool, @Nullable String since) {
		PoolHistory poolHistory = EndpointParameters.requireMonitor(this.history);
		if (pool != null) {
			this.parameters.selectedPools(pool);
		}
		Instant from = this.parameters.since(since);
		long capacity = poolHistory.getCapacity();
		return new HistoryDescriptor(this.sampleInterval.toMillis() / 1000.0, this.retention.toSeconds(), capacity,
				capacity * (PoolHistory.BYTES_PER_SAMPLE * this.pools.getAll().size()
						+ PoolHistory.BYTES_PER_ROUTER_SAMPLE),
				poolHistory.samples(pool, from), (pool != null) ? List.of() : poolHistory.router(from),
				poolHistory.events(pool, from));
	}

	RecommendationsDescriptor recommendations(@Nullable String pool) {
		PoolOptimizer poolOptimizer = EndpointParameters.requireMonitor(this.optimizer);
		List<Recommendation> recommendations = new ArrayList<>();
		for (MySqlPool each : this.parameters.selectedPools(pool)) {
			Recommendation recommendation = poolOptimizer.recommend(each);
			if (recommendation != null) {
				recommendations.add(recommendation);
			}
		}
		return new RecommendationsDescriptor(recommendations);
	}

	ChangesDescriptor applyRecommendations(@Nullable String pool) {
		PoolOptimizer poolOptimizer = EndpointParameters.requireMonitor(this.optimizer);
		List<PoolSizeChange> changes = new ArrayList<>();
		for (MySqlPool each : this.parameters.selectedPools(pool)) {
			Recommendation recommendation = poolOptimizer.recommend(each);
			if (recommendation != null) {
				changes.add(poolOptimizer.apply(each, recommendation));
			}
		}
		return new ChangesDescriptor(changes);
	}

	AlertsDescriptor alerts(@Nullable String pool) {
		PoolAlerts poolAlerts = EndpointParameters.requireMonitor(this.alerts);
		if (pool == null) {
			return new AlertsDescriptor(poolAlerts.active(), poolAlerts.resolved());
		}
		this.parameters.selectedPools(pool);
		return new AlertsDescriptor(ofPool(poolAlerts.active(), pool), ofPool(poolAlerts.resolved(), pool));
	}

	private static List<Alert> ofPool(List<Alert> alerts, String pool) {
		List<Alert> selected = new ArrayList<>();
		for (Alert alert : alerts) {
			if (alert.pool().equals(pool)) {
				selected.add(alert);
			}
		}
		return selected;
	}

}
