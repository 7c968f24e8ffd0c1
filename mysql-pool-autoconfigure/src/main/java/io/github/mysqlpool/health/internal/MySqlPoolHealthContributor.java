package io.github.mysqlpool.health.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import io.github.mysqlpool.topology.internal.TopologyMonitor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

/**
 * The {@code mysqlpool} health contributor: one indicator per pool, from what the replica
 * monitor last saw, without touching the servers. The {@code primary} indicator is DOWN
 * while the primary fails its probes or no server takes writes; a replica's indicator
 * stays UP whatever the replica's state (FIT, LAGGING, DOWN, shown in its details), since
 * reads then go elsewhere and a replica must never take the application out of service.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class MySqlPoolHealthContributor implements CompositeHealthContributor {

	private final CompositeHealthContributor pools;

	/**
	 * Create the contributor.
	 * @param pools the pools
	 * @param monitor the replica monitor
	 * @param topology the topology monitor, {@code null} without discovery
	 */
	public MySqlPoolHealthContributor(MySqlPools pools, ReplicaMonitor monitor, @Nullable TopologyMonitor topology) {
		Map<String, HealthContributor> indicators = new LinkedHashMap<>();
		indicators.put(pools.getPrimary().getName(), new PrimaryHealthIndicator(pools, monitor, topology));
		for (MySqlPool replica : pools.getReplicas()) {
			indicators.put(replica.getName(), new ReplicaHealthIndicator(replica, monitor));
		}
		this.pools = CompositeHealthContributor.fromMap(indicators);
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return this.pools.getContributor(name);
	}

	@Override
	public Stream<Entry> stream() {
		return this.pools.stream();
	}

}
