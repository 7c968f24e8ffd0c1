package io.github.mysqlpool.actuate.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.mysqlpool.monitor.alert.Alert;
import io.github.mysqlpool.monitor.alert.internal.PoolAlerts;
import io.github.mysqlpool.monitor.check.internal.PoolCheck;
import io.github.mysqlpool.monitor.check.internal.PoolCheckResult;
import io.github.mysqlpool.monitor.history.internal.PoolEvent;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.monitor.history.internal.PoolSample;
import io.github.mysqlpool.monitor.history.internal.PoolSampler;
import io.github.mysqlpool.monitor.history.internal.RouterSample;
import io.github.mysqlpool.monitor.history.internal.RouterSampler;
import io.github.mysqlpool.monitor.internal.ServerInfo;
import io.github.mysqlpool.monitor.internal.ServerInfoReader;
import io.github.mysqlpool.monitor.optimize.internal.PoolOptimizer;
import io.github.mysqlpool.monitor.optimize.internal.PoolSizeChange;
import io.github.mysqlpool.monitor.optimize.internal.Recommendation;
import io.github.mysqlpool.monitor.statement.internal.LongStatementGuard;
import io.github.mysqlpool.monitor.statement.internal.SlowQuery;
import io.github.mysqlpool.monitor.statement.internal.SlowQueryLog;
import io.github.mysqlpool.monitor.timing.internal.Percentiles;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.PoolRole;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.topology.ServerRole;
import io.github.mysqlpool.topology.TopologyDiscovery;
import io.github.mysqlpool.topology.internal.TopologyMonitor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/mysqlpool}: every pool's state and server, its history, size
 * recommendations and alerts. The write operations need
 * {@code management.endpoint.mysqlpool.access=unrestricted}: {@code POST
 * /actuator/mysqlpool/optimize} resizes pools at run time, {@code POST
 * /actuator/mysqlpool/test} checks them for a bounded time, {@code POST
 * /actuator/mysqlpool/evict} soft-evicts one pool's connections.
 * <p>
 * The operations only dispatch: the parameters are checked and the responses built by
 * package-private collaborators. The response records are nested here, as Boot nests its
 * endpoints' responses, and make up most of this file.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@Endpoint(id = "mysqlpool", defaultAccess = Access.READ_ONLY)
public class MySqlPoolEndpoint {

	private final PoolDescriptions pools;

	private final MonitorSections monitor;

	private final PoolActions actions;

	/**
	 * Create the endpoint.
	 * @param pools the pools
	 * @param sampler reads a pool's current figures
	 * @param serverInfo the servers' figures
	 * @param slowQueries the slow-statement log, or {@code null} when statements are not
	 * timed
	 * @param history the samples, or {@code null} when the monitor is off
	 * @param alerts the alerts, or {@code null} when they are off
	 * @param optimizer the optimizer, or {@code null} when the monitor is off
	 * @param sampleInterval time between samples
	 * @param retention how long samples are kept
	 * @param clock the clock
	 */
	public MySqlPoolEndpoint(MySqlPools pools, PoolSampler sampler, ServerInfoReader serverInfo,
			@Nullable SlowQueryLog slowQueries, @Nullable PoolHistory history, @Nullable PoolAlerts alerts,
			@Nullable PoolOptimizer optimizer, Duration sampleInterval, Duration retention, Clock clock) {
		EndpointParameters parameters = new EndpointParameters(pools, clock);
		this.pools = new PoolDescriptions(pools, sampler, serverInfo, slowQueries);
		this.monitor = new MonitorSections(pools, parameters, history, alerts, optimizer, sampleInterval, retention);
		this.actions = new PoolActions(parameters, history, clock);
	}

	/**
	 * Show which server takes the writes and every server's role.
	 * @param topology the topology monitor, {@code null} without discovery
	 */
	public void setTopology(@Nullable TopologyMonitor topology) {
		this.pools.setTopology(topology);
	}

	/**
	 * Show the statements the kill guard killed.
	 * @param guard the guard, {@code null} when it is off
	 */
	public void setStatementGuard(@Nullable LongStatementGuard guard) {
		this.pools.setStatementGuard(guard);
	}

	/**
	 * Show the routing's counters.
	 * @param router reads them, {@code null} for none
	 */
	public void setRouterSampler(@Nullable RouterSampler router) {
		this.pools.setRouterSampler(router);
	}

	/**
	 * Every pool's state, timings and server, and with topology discovery every server's
	 * role.
	 * @return the pools
	 */
	@ReadOperation
	public PoolsDescriptor pools() {
		return this.pools.describeAll();
	}

	/**
	 * {@code history}, {@code optimize} or {@code alerts}.
	 * @param section the sub-path
	 * @param pool only this pool
	 * @param since only samples after this instant (ISO-8601) or within this duration
	 * back from now, such as {@code 5m} (history)
	 * @return the section
	 */
	@ReadOperation
	public OperationResponseBody section(@Selector String section, @Nullable String pool, @Nullable String since) {
		return switch (section) {
			case "history" -> this.monitor.history(pool, since);
			case "optimize" -> this.monitor.recommendations(pool);
			case "alerts" -> this.monitor.alerts(pool);
			default -> throw EndpointParameters.unknownSection(section);
		};
	}

	/**
	 * {@code optimize}: apply the size recommendations through HikariCP's config MXBean;
	 * {@code test}: check pools for a while with a harmless statement; {@code evict}:
	 * soft-evict one pool's connections (idle ones closed now, busy ones on return).
	 * @param section {@code optimize}, {@code test} or {@code evict}
	 * @param pool only this pool
	 * @param duration how long a test runs, such as {@code 5s} (seconds when no unit is
	 * given), at most {@link PoolCheck#MAX_DURATION}
	 * @param concurrency threads per pool a test uses, at most
	 * {@link PoolCheck#MAX_CONCURRENCY} and never more than half the pool's maximum size
	 * @return each pool's sizes before and after, or each pool's test results
	 */
	@WriteOperation
	public OperationResponseBody apply(@Selector String section, @Nullable String pool, @Nullable String duration,
			@Nullable Integer concurrency) {
		if ("test".equals(section)) {
			return this.actions.test(pool, duration, concurrency);
		}
		if (!"evict".equals(section) && !"optimize".equals(section)) {
			throw EndpointParameters.unknownWriteSection(section);
		}
		EndpointParameters.rejectTestParameters(duration, concurrency);
		return ("evict".equals(section)) ? this.actions.evict(pool) : this.monitor.applyRecommendations(pool);
	}

	/**
	 * Every pool.
	 *
	 * @param pools the pools, the primary first
	 * @param routing what the routing did since start-up
	 * @param topology which server takes the writes, with topology discovery
	 */
	public record PoolsDescriptor(List<PoolDescriptor> pools, @Nullable RouterSample routing,
			@Nullable TopologyDescriptor topology) implements OperationResponseBody {

	}

	/**
	 * Which server takes the writes, as topology discovery found.
	 *
	 * @param discovery how the writer is found
	 * @param primary the server that takes the writes, {@code null} while none does
	 * @param splitBrain whether more than one server is writable
	 * @param state what the last election found
	 * @param primaryChanges how often the writer changed since start-up
	 * @param lastChange when the writer last changed
	 * @param servers every server's last probed role
	 */
	public record TopologyDescriptor(TopologyDiscovery discovery, @Nullable String primary, boolean splitBrain,
			String state, long primaryChanges, @Nullable Instant lastChange, List<ServerRole> servers) {

	}

	/**
	 * One pool now.
	 *
	 * @param name pool name
	 * @param role {@code PRIMARY} or {@code REPLICA}
	 * @param state {@code NOT_STARTED}, {@code RUNNING} or {@code CLOSED}
	 * @param active connections in use
	 * @param idle idle connections
	 * @param pending threads waiting for a connection
	 * @param total open connections
	 * @param max maximum pool size
	 * @param minIdle minimum idle connections
	 * @param utilization active divided by max
	 * @param acquireTime time waited for a connection over the last 1024 borrows
	 * @param usageTime time connections were held over the last 1024 returns
	 * @param borrows connections handed out by the pool
	 * @param routedBorrows connections the routing data source took from this pool:
	 * reads, for a replica
	 * @param timeouts callers that gave up waiting
	 * @param lagSeconds replication lag of a replica
	 * @param fitness whether a replica serves reads
	 * @param lastProbe when a replica was last probed
	 * @param server the server's figures
	 * @param slowQueries statements slower than the threshold
	 * @param statementTime time the last 1024 statements took, from sending each to
	 * reading its results
	 * @param statements statements run since start
	 * @param statementErrors statements that failed since start
	 * @param killedStatements statements the kill guard killed since start, {@code null}
	 * when it is off
	 */
	public record PoolDescriptor(String name, PoolRole role, String state, int active, int idle, int pending, int total,
			int max, int minIdle, double utilization, Percentiles acquireTime, Percentiles usageTime, long borrows,
			long routedBorrows, long timeouts, @Nullable Double lagSeconds, ReplicaStatus.@Nullable State fitness,
			@Nullable Instant lastProbe, @Nullable ServerInfo server, @Nullable SlowQueries slowQueries,
			Percentiles statementTime, long statements, long statementErrors, @Nullable Long killedStatements) {

	}

	/**
	 * A pool's slow statements.
	 *
	 * @param thresholdMillis statements taking at least this long count
	 * @param count slow statements since start
	 * @param slowest the slowest statement shapes, slowest first
	 */
	public record SlowQueries(long thresholdMillis, long count, List<SlowQuery> slowest) {

	}

	/**
	 * The samples kept.
	 *
	 * @param sampleIntervalSeconds time between samples
	 * @param retentionSeconds how long samples are kept
	 * @param capacityPerPool samples kept per pool at most
	 * @param memoryBoundBytes approximate memory the history takes when full
	 * @param pools samples per pool, oldest first
	 * @param routing the routing's counters at each sample, oldest first (left out when
	 * one pool is asked for)
	 * @param events pool changes, oldest first
	 */
	public record HistoryDescriptor(double sampleIntervalSeconds, long retentionSeconds, long capacityPerPool,
			long memoryBoundBytes, Map<String, List<PoolSample>> pools, List<RouterSample> routing,
			List<PoolEvent> events) implements OperationResponseBody {

	}

	/**
	 * Size recommendations.
	 *
	 * @param recommendations one per pool
	 */
	public record RecommendationsDescriptor(List<Recommendation> recommendations) implements OperationResponseBody {

	}

	/**
	 * Size changes applied.
	 *
	 * @param changes one per pool
	 */
	public record ChangesDescriptor(List<PoolSizeChange> changes) implements OperationResponseBody {

	}

	/**
	 * Connections evicted from a pool.
	 *
	 * @param pool the pool
	 * @param evicted whether the pool was running and its connections were evicted
	 * @param idleClosed idle connections closed at once
	 * @param activeOnReturn connections in use, closed when returned
	 * @param description what was done
	 */
	public record EvictDescriptor(String pool, boolean evicted, int idleClosed, int activeOnReturn,
			String description) implements OperationResponseBody {

	}

	/**
	 * Results of an on-demand check.
	 *
	 * @param operation what each operation does
	 * @param pools one result per pool checked
	 */
	public record TestDescriptor(String operation, List<PoolCheckResult> pools) implements OperationResponseBody {

	}

	/**
	 * Alerts.
	 *
	 * @param active alerts active now, the most severe first
	 * @param resolved alerts resolved recently, the latest first
	 */
	public record AlertsDescriptor(List<Alert> active, List<Alert> resolved) implements OperationResponseBody {

	}

}
