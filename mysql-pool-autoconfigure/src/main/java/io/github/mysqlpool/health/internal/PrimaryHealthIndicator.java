package io.github.mysqlpool.health.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.replica.lag.internal.PrimaryStatus;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import io.github.mysqlpool.topology.internal.TopologyMonitor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the pool writes go to: UP while the primary answers the monitor's probes
 * (and, with topology discovery, some server takes writes), DOWN otherwise.
 *
 * @author mysql-pool team
 */
class PrimaryHealthIndicator extends AbstractHealthIndicator {

	private final MySqlPools pools;

	private final ReplicaMonitor monitor;

	private final @Nullable TopologyMonitor topology;

	PrimaryHealthIndicator(MySqlPools pools, ReplicaMonitor monitor, @Nullable TopologyMonitor topology) {
		super("MySQL primary health check failed");
		this.pools = pools;
		this.monitor = monitor;
		this.topology = topology;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		PrimaryStatus primary = this.monitor.primaryStatus();
		TopologyMonitor topology = this.topology;
		boolean writer = topology == null || topology.getWriter() != null;
		boolean up = primary.up() && writer;
		if (up) {
			builder.up();
		}
		else {
			builder.down();
		}
		builder.withDetail("state", up ? "UP" : "DOWN");
		putIfPresent(builder, "lastProbe", primary.lastProbe());
		putIfPresent(builder, "lastError", primary.lastError());
		MySqlPool writerPool = this.pools.getWriter();
		builder.withDetail("pool", poolFigures((writerPool != null) ? writerPool : this.pools.getPrimary()));
		if (topology != null) {
			builder.withDetail("server", (topology.getWriter() != null) ? topology.getWriter() : "none");
			builder.withDetail("discovery", topology.getDiscovery().name());
			builder.withDetail("splitBrain", topology.isSplitBrain());
			builder.withDetail("topology", topology.getState());
		}
	}

	static Map<String, Object> poolFigures(MySqlPool pool) {
		Map<String, Object> figures = new LinkedHashMap<>();
		HikariDataSource hikari = pool.getHikari();
		HikariPoolMXBean mxBean = (hikari != null) ? hikari.getHikariPoolMXBean() : null;
		if (mxBean != null) {
			figures.put("active", mxBean.getActiveConnections());
			figures.put("idle", mxBean.getIdleConnections());
			figures.put("total", mxBean.getTotalConnections());
			figures.put("waiting", mxBean.getThreadsAwaitingConnection());
		}
		else {
			figures.put("started", false);
		}
		if (hikari != null) {
			figures.put("maximum", hikari.getMaximumPoolSize());
		}
		figures.put("routedBorrows", pool.getRoutedBorrows());
		return figures;
	}

	static void putIfPresent(Health.Builder builder, String key, @Nullable Object value) {
		if (value != null) {
			builder.withDetail(key, (value instanceof Instant) ? value.toString() : value);
		}
	}

}
