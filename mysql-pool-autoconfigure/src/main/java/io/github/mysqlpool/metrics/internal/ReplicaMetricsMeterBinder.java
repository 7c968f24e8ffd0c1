package io.github.mysqlpool.metrics.internal;

import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.pool.ReplicaStatusSource;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import io.github.mysqlpool.routing.internal.MySqlRoutingDataSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Meters of replica lag and fitness and of the routing, registered once and read from the
 * monitor's and the routing's own counters, so that the borrow path never touches
 * Micrometer:
 * <ul>
 * <li>{@code mysqlpool.replica.lag} (seconds, NaN when unknown) and
 * {@code mysqlpool.replica.fit} (1 in rotation, 0 out) per replica;</li>
 * <li>{@code mysqlpool.replica.probe.failures} per replica;</li>
 * <li>{@code mysqlpool.routing.borrows}: connections the routing handed out, per pool
 * (for a replica, its reads);</li>
 * <li>{@code mysqlpool.routing.fallbacks}: reads no replica was fit for, tagged
 * {@code outcome} {@code primary} (served there) or {@code failed}.</li>
 * </ul>
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ReplicaMetricsMeterBinder implements MeterBinder {

	private final MySqlPools pools;

	private final ReplicaStatusSource statuses;

	private final @Nullable ReplicaMonitor monitor;

	private final @Nullable MySqlRoutingDataSource routing;

	/**
	 * Create the binder.
	 * @param pools the pools
	 * @param statuses the replicas' status
	 * @param monitor the replica monitor, {@code null} when monitoring is off
	 * @param routing the routing data source, {@code null} when there is none
	 */
	public ReplicaMetricsMeterBinder(MySqlPools pools, ReplicaStatusSource statuses, @Nullable ReplicaMonitor monitor,
			@Nullable MySqlRoutingDataSource routing) {
		this.pools = pools;
		this.statuses = statuses;
		this.monitor = monitor;
		this.routing = routing;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (MySqlPool replica : this.pools.getReplicas()) {
			String name = replica.getName();
			Gauge.builder("mysqlpool.replica.lag", this.statuses, (source) -> lag(source.status(name)))
				.tag("pool", name)
				.baseUnit("seconds")
				.description("Last measured replication lag of the replica")
				.register(registry);
			Gauge.builder("mysqlpool.replica.fit", this.statuses, (source) -> fit(source.status(name)))
				.tag("pool", name)
				.description("Whether the replica is in rotation (1) or not (0)")
				.register(registry);
			Gauge.builder("mysqlpool.replica.available", this.statuses, (source) -> available(source.status(name)))
				.tag("pool", name)
				.description("Whether the replica answers its probes and connections (1) or is down (0)")
				.register(registry);
			ReplicaMonitor replicaMonitor = this.monitor;
			if (replicaMonitor != null) {
				FunctionCounter
					.builder("mysqlpool.replica.probe.failures", replicaMonitor, (source) -> source.probeFailures(name))
					.tag("pool", name)
					.description("Probes of the replica that failed or could not measure its lag")
					.register(registry);
			}
		}
		for (MySqlPool pool : this.pools.getEveryPool()) {
			FunctionCounter.builder("mysqlpool.routing.borrows", pool, MySqlPool::getRoutedBorrows)
				.tag("pool", pool.getName())
				.description("Connections the routing data source handed out from the pool")
				.register(registry);
		}
		MySqlRoutingDataSource routingDataSource = this.routing;
		if (routingDataSource != null) {
			FunctionCounter
				.builder("mysqlpool.routing.fallbacks", routingDataSource,
						MySqlRoutingDataSource::getFallbacksToPrimary)
				.tag("outcome", "primary")
				.description("Reads no replica was fit for")
				.register(registry);
			FunctionCounter
				.builder("mysqlpool.routing.fallbacks", routingDataSource, MySqlRoutingDataSource::getFailedReads)
				.tag("outcome", "failed")
				.description("Reads no replica was fit for")
				.register(registry);
		}
	}

	private static double lag(ReplicaStatus status) {
		Double lag = status.lagSeconds();
		return (lag != null) ? lag : Double.NaN;
	}

	private static double available(ReplicaStatus status) {
		return (status.state() == ReplicaStatus.State.DOWN) ? 0 : 1;
	}

	private static double fit(ReplicaStatus status) {
		return (status.state() == ReplicaStatus.State.FIT || status.state() == ReplicaStatus.State.UNKNOWN) ? 1 : 0;
	}

}
