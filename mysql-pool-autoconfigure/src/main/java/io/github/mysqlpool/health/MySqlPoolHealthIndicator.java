package io.github.mysqlpool.health;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.replica.lag.PrimaryStatus;
import io.github.mysqlpool.replica.lag.ReplicaMonitor;
import io.github.mysqlpool.topology.TopologyMonitor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the topology from what the replica monitor last saw, without touching the
 * servers: UP while the primary answers, DOWN only when it does not. A lagging or dead
 * replica is shown in the details (state, lag, pool figures, last probe and error) and
 * does not take the application out of service, since reads then go elsewhere.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class MySqlPoolHealthIndicator extends AbstractHealthIndicator {

	private final MySqlPools pools;

	private final ReplicaMonitor monitor;

	private @Nullable TopologyMonitor topology;

	/**
	 * Create the indicator.
	 * @param pools the pools
	 * @param monitor the replica monitor
	 */
	public MySqlPoolHealthIndicator(MySqlPools pools, ReplicaMonitor monitor) {
		super("MySQL pool health check failed");
		this.pools = pools;
		this.monitor = monitor;
	}

	/**
	 * Report which server takes the writes: DOWN while none does, a split brain in the
	 * details.
	 * @param topology the topology monitor, {@code null} without discovery
	 */
	public void setTopology(@Nullable TopologyMonitor topology) {
		this.topology = topology;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		PrimaryStatus primary = this.monitor.primaryStatus();
		TopologyMonitor topology = this.topology;
		boolean writer = topology == null || topology.getWriter() != null;
		if (primary.up() && writer) {
			builder.up();
		}
		else {
			builder.down();
		}
		Map<String, Object> primaryDetails = new LinkedHashMap<>();
		primaryDetails.put("state", (primary.up() && writer) ? "UP" : "DOWN");
		putIfPresent(primaryDetails, "lastProbe", primary.lastProbe());
		putIfPresent(primaryDetails, "lastError", primary.lastError());
		MySqlPool writerPool = this.pools.getWriter();
		primaryDetails.put("pool", poolFigures((writerPool != null) ? writerPool : this.pools.getPrimary()));
		if (topology != null) {
			primaryDetails.put("server", (topology.getWriter() != null) ? topology.getWriter() : "none");
			primaryDetails.put("discovery", topology.getDiscovery().name());
			primaryDetails.put("splitBrain", topology.isSplitBrain());
			primaryDetails.put("topology", topology.getState());
		}
		builder.withDetail("primary", primaryDetails);
		Map<String, Object> replicas = new LinkedHashMap<>();
		int fit = 0;
		for (MySqlPool replica : this.pools.getReplicas()) {
			ReplicaStatus status = this.monitor.status(replica.getName());
			if (status.state() == ReplicaStatus.State.FIT) {
				fit++;
			}
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("state", status.state().name());
			putIfPresent(details, "lagSeconds", status.lagSeconds());
			putIfPresent(details, "lastProbe", status.lastProbe());
			putIfPresent(details, "lastError", status.lastError());
			details.put("pool", poolFigures(replica));
			replicas.put(replica.getName(), details);
		}
		builder.withDetail("replicasInRotation", fit + "/" + this.pools.getReplicas().size());
		builder.withDetail("replicas", replicas);
	}

	private static Map<String, Object> poolFigures(MySqlPool pool) {
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

	private static void putIfPresent(Map<String, Object> details, String key, @Nullable Object value) {
		if (value != null) {
			details.put(key, (value instanceof Instant) ? value.toString() : value);
		}
	}

}
