package io.github.mysqlpool.metrics.internal;

import java.util.Locale;

import io.github.mysqlpool.monitor.alert.AlertSeverity;
import io.github.mysqlpool.monitor.alert.internal.PoolAlerts;
import io.github.mysqlpool.monitor.statement.internal.SlowQueryLog;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The starter's own meters, tagged with the pool name: connections routed to each pool,
 * slow statements per pool, and active alerts by severity. HikariCP's own
 * {@code hikaricp.connections.*} meters come from its Micrometer tracker.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class MySqlPoolMeterBinder implements MeterBinder {

	private final MySqlPools pools;

	private final @Nullable SlowQueryLog slowQueries;

	private final @Nullable PoolAlerts alerts;

	/**
	 * Create the binder.
	 * @param pools the pools
	 * @param slowQueries the slow-statement log, or {@code null} when statements are not
	 * timed
	 * @param alerts the alerts, or {@code null} when they are off
	 */
	public MySqlPoolMeterBinder(MySqlPools pools, @Nullable SlowQueryLog slowQueries, @Nullable PoolAlerts alerts) {
		this.pools = pools;
		this.slowQueries = slowQueries;
		this.alerts = alerts;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (MySqlPool pool : this.pools.getEveryPool()) {
			SlowQueryLog log = this.slowQueries;
			if (log != null) {
				FunctionCounter.builder("mysqlpool.slow.queries", log, (each) -> each.count(pool.getName()))
					.description("Statements slower than mysql-pool.monitor.slow-query-threshold")
					.tag("pool", pool.getName())
					.register(registry);
			}
		}
		PoolAlerts poolAlerts = this.alerts;
		if (poolAlerts != null) {
			for (AlertSeverity severity : AlertSeverity.values()) {
				Gauge.builder("mysqlpool.alerts.active", poolAlerts, (each) -> each.activeCount(severity))
					.description("Active mysql-pool alerts")
					.tag("severity", severity.name().toLowerCase(Locale.ROOT))
					.register(registry);
			}
		}
	}

}
