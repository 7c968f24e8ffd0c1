package io.github.mysqlpool.actuate.endpoint;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint.PoolDescriptor;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint.PoolsDescriptor;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint.SlowQueries;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint.TopologyDescriptor;
import io.github.mysqlpool.monitor.history.internal.PoolSample;
import io.github.mysqlpool.monitor.history.internal.PoolSampler;
import io.github.mysqlpool.monitor.history.internal.RouterSampler;
import io.github.mysqlpool.monitor.internal.ServerInfo;
import io.github.mysqlpool.monitor.internal.ServerInfoReader;
import io.github.mysqlpool.monitor.statement.internal.LongStatementGuard;
import io.github.mysqlpool.monitor.statement.internal.SlowQueryLog;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.topology.internal.TopologyMonitor;
import org.jspecify.annotations.Nullable;

/**
 * Builds the endpoint's main read: every pool now, the routing's counters and, with
 * topology discovery, which server takes the writes.
 *
 * @author mysql-pool team
 */
final class PoolDescriptions {

	private final MySqlPools pools;

	private final PoolSampler sampler;

	private final ServerInfoReader serverInfo;

	private final @Nullable SlowQueryLog slowQueries;

	private @Nullable TopologyMonitor topology;

	private @Nullable RouterSampler router;

	private @Nullable LongStatementGuard guard;

	PoolDescriptions(MySqlPools pools, PoolSampler sampler, ServerInfoReader serverInfo,
			@Nullable SlowQueryLog slowQueries) {
		this.pools = pools;
		this.sampler = sampler;
		this.serverInfo = serverInfo;
		this.slowQueries = slowQueries;
	}

	void setTopology(@Nullable TopologyMonitor topology) {
		this.topology = topology;
	}

	void setRouterSampler(@Nullable RouterSampler router) {
		this.router = router;
	}

	void setStatementGuard(@Nullable LongStatementGuard guard) {
		this.guard = guard;
	}

	PoolsDescriptor describeAll() {
		List<PoolDescriptor> descriptors = new ArrayList<>();
		for (MySqlPool pool : this.pools.getAll()) {
			descriptors.add(describe(pool));
		}
		TopologyMonitor topology = this.topology;
		RouterSampler routerSampler = this.router;
		return new PoolsDescriptor(descriptors, (routerSampler != null) ? routerSampler.sample() : null,
				(topology != null) ? describe(topology) : null);
	}

	private PoolDescriptor describe(MySqlPool pool) {
		PoolSample now = this.sampler.current(pool);
		HikariDataSource hikari = pool.getHikari();
		ReplicaStatus status = this.sampler.replicaStatus(pool);
		ServerInfo server = this.serverInfo.refreshIfStale(pool);
		SlowQueries slow = (this.slowQueries != null) ? new SlowQueries(this.slowQueries.getThreshold().toMillis(),
				this.slowQueries.count(pool.getName()), this.slowQueries.slowest(pool.getName())) : null;
		return new PoolDescriptor(pool.getName(), pool.getRole(), state(hikari), now.active(), now.idle(),
				now.pending(), now.total(), now.max(), now.minIdle(), Math.round(now.utilization() * 1000) / 1000.0,
				now.acquireTime(), now.usageTime(), now.borrows(), now.routedBorrows(), now.timeouts(),
				(status != null) ? status.lagSeconds() : null, (status != null) ? status.state() : null,
				(status != null) ? status.lastProbe() : null, server, slow, now.statementTime(), now.statements(),
				now.statementErrors(), (this.guard != null) ? this.guard.getKills(pool.getName()) : null);
	}

	private static TopologyDescriptor describe(TopologyMonitor monitor) {
		return new TopologyDescriptor(monitor.getDiscovery(), monitor.getWriter(), monitor.isSplitBrain(),
				monitor.getState(), monitor.getWriterChanges(), monitor.getLastChange(),
				List.copyOf(monitor.getRoles().values()));
	}

	private static String state(@Nullable HikariDataSource hikari) {
		if (hikari == null) {
			return "UNKNOWN";
		}
		if (hikari.isClosed()) {
			return "CLOSED";
		}
		return hikari.isRunning() ? "RUNNING" : "NOT_STARTED";
	}

}
