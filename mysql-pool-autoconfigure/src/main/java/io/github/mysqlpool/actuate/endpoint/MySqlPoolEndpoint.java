package io.github.mysqlpool.actuate.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.monitor.ServerInfo;
import io.github.mysqlpool.monitor.ServerInfoReader;
import io.github.mysqlpool.monitor.alert.Alert;
import io.github.mysqlpool.monitor.alert.PoolAlerts;
import io.github.mysqlpool.monitor.check.PoolCheck;
import io.github.mysqlpool.monitor.check.PoolCheckResult;
import io.github.mysqlpool.monitor.history.PoolEvent;
import io.github.mysqlpool.monitor.history.PoolHistory;
import io.github.mysqlpool.monitor.history.PoolSample;
import io.github.mysqlpool.monitor.history.PoolSampler;
import io.github.mysqlpool.monitor.history.RouterSample;
import io.github.mysqlpool.monitor.history.RouterSampler;
import io.github.mysqlpool.monitor.optimize.PoolOptimizer;
import io.github.mysqlpool.monitor.optimize.PoolSizeChange;
import io.github.mysqlpool.monitor.optimize.Recommendation;
import io.github.mysqlpool.monitor.statement.LongStatementGuard;
import io.github.mysqlpool.monitor.statement.SlowQuery;
import io.github.mysqlpool.monitor.statement.SlowQueryLog;
import io.github.mysqlpool.monitor.timing.Percentiles;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.PoolRole;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.topology.ServerRole;
import io.github.mysqlpool.topology.TopologyDiscovery;
import io.github.mysqlpool.topology.TopologyMonitor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@code /actuator/mysqlpool}: every pool's state and server, its history, size
 * recommendations and alerts. The write operations need
 * {@code management.endpoint.mysqlpool.access=unrestricted}: {@code POST
 * /actuator/mysqlpool/optimize} resizes pools at run time, {@code POST
 * /actuator/mysqlpool/test} checks them for a bounded time, {@code POST
 * /actuator/mysqlpool/evict} soft-evicts one pool's connections.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@Endpoint(id = "mysqlpool", defaultAccess = Access.READ_ONLY)
public class MySqlPoolEndpoint {

	private static final Log logger = LogFactory.getLog(MySqlPoolEndpoint.class);

	/**
	 * Longest duration {@code since} accepts: far beyond any retention, yet subtracted
	 * from now without leaving the instants Java can hold.
	 */
	private static final Duration MAX_SINCE = Duration.ofDays(36500);

	private static final Duration DEFAULT_TEST_DURATION = Duration.ofSeconds(5);

	private static final int DEFAULT_TEST_CONCURRENCY = 2;

	private static final String STATEMENT_DESCRIPTION = "borrow, SELECT @@hostname, @@port, return";

	private final MySqlPools pools;

	private final PoolSampler sampler;

	private final ServerInfoReader serverInfo;

	private final @Nullable SlowQueryLog slowQueries;

	private final @Nullable PoolHistory history;

	private final @Nullable PoolAlerts alerts;

	private final @Nullable PoolOptimizer optimizer;

	private final Duration sampleInterval;

	private final Duration retention;

	private final Clock clock;

	private final PoolCheck check = new PoolCheck();

	private @Nullable TopologyMonitor topology;

	private @Nullable RouterSampler router;

	private @Nullable LongStatementGuard guard;

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
		this.pools = pools;
		this.sampler = sampler;
		this.serverInfo = serverInfo;
		this.slowQueries = slowQueries;
		this.history = history;
		this.alerts = alerts;
		this.optimizer = optimizer;
		this.sampleInterval = sampleInterval;
		this.retention = retention;
		this.clock = clock;
	}

	/**
	 * Show which server takes the writes and every server's role.
	 * @param topology the topology monitor, {@code null} without discovery
	 */
	public void setTopology(@Nullable TopologyMonitor topology) {
		this.topology = topology;
	}

	/**
	 * Show the statements the kill guard killed.
	 * @param guard the guard, {@code null} when it is off
	 */
	public void setStatementGuard(@Nullable LongStatementGuard guard) {
		this.guard = guard;
	}

	/**
	 * Show the routing's counters.
	 * @param router reads them, {@code null} for none
	 */
	public void setRouterSampler(@Nullable RouterSampler router) {
		this.router = router;
	}

	/**
	 * Every pool's state, timings and server, and with topology discovery every server's
	 * role.
	 * @return the pools
	 */
	@ReadOperation
	public PoolsDescriptor pools() {
		List<PoolDescriptor> descriptors = new ArrayList<>();
		for (MySqlPool pool : this.pools.getAll()) {
			descriptors.add(describe(pool));
		}
		TopologyMonitor topology = this.topology;
		RouterSampler routerSampler = this.router;
		return new PoolsDescriptor(descriptors, (routerSampler != null) ? routerSampler.sample() : null,
				(topology != null) ? TopologyDescriptor.of(topology) : null);
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
			case "history" -> history(pool, since);
			case "optimize" -> recommendations(pool);
			case "alerts" -> alerts(pool);
			default -> throw unknownSection(section);
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
			return test(pool, duration, concurrency);
		}
		if ("evict".equals(section)) {
			rejectTestParameters(duration, concurrency);
			return evict(pool);
		}
		if (!"optimize".equals(section)) {
			throw unknownWriteSection(section);
		}
		rejectTestParameters(duration, concurrency);
		PoolOptimizer poolOptimizer = requireMonitor(this.optimizer);
		List<PoolSizeChange> changes = new ArrayList<>();
		for (MySqlPool each : selectedPools(pool)) {
			Recommendation recommendation = poolOptimizer.recommend(each);
			if (recommendation != null) {
				changes.add(poolOptimizer.apply(each, recommendation));
			}
		}
		return new ChangesDescriptor(changes);
	}

	private EvictDescriptor evict(@Nullable String pool) {
		if (pool == null || pool.isBlank()) {
			throw new InvalidEndpointRequestException("Parameter 'pool' is required: evict one pool at a time",
					"Missing pool");
		}
		MySqlPool selected = selectedPools(pool).get(0);
		HikariDataSource hikari = selected.getHikari();
		if (hikari == null) {
			throw new InvalidEndpointRequestException("Pool '" + pool + "' is not a HikariCP pool", "Not evictable");
		}
		HikariPoolMXBean mxBean = hikari.isRunning() ? hikari.getHikariPoolMXBean() : null;
		if (mxBean == null) {
			return new EvictDescriptor(pool, false, 0, 0, "The pool has not started: it holds no connection");
		}
		int active = mxBean.getActiveConnections();
		int idle = mxBean.getIdleConnections();
		mxBean.softEvictConnections();
		String description = "soft-evicted " + idle + " idle connection(s) now and " + active + " in use when returned";
		logger.info("mysql-pool evicted pool '" + pool + "': " + description);
		if (this.history != null) {
			this.history.addEvent(new PoolEvent(this.clock.instant(), pool, "evict", description));
		}
		return new EvictDescriptor(pool, true, idle, active, description);
	}

	private TestDescriptor test(@Nullable String pool, @Nullable String duration, @Nullable Integer concurrency) {
		List<MySqlPool> selected = selectedPools(pool);
		Duration length = parseTestDuration(duration);
		int threads = (concurrency != null) ? concurrency : DEFAULT_TEST_CONCURRENCY;
		if (threads < 1 || threads > PoolCheck.MAX_CONCURRENCY) {
			throw new InvalidEndpointRequestException(
					"Parameter 'concurrency' must be 1 to " + PoolCheck.MAX_CONCURRENCY, "Invalid concurrency");
		}
		try {
			return new TestDescriptor(STATEMENT_DESCRIPTION, this.check.run(selected, length, threads));
		}
		catch (IllegalStateException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), "Check running");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while checking the pools", ex);
		}
	}

	private static Duration parseTestDuration(@Nullable String duration) {
		if (duration == null || duration.isBlank()) {
			return DEFAULT_TEST_DURATION;
		}
		Duration parsed;
		try {
			parsed = DurationStyle.detectAndParse(duration.strip(), ChronoUnit.SECONDS);
		}
		catch (IllegalArgumentException | ArithmeticException ex) {
			throw invalidDuration("must be a duration such as 5s");
		}
		if (parsed.isNegative() || parsed.isZero()) {
			throw invalidDuration("must be positive");
		}
		if (parsed.compareTo(PoolCheck.MAX_DURATION) > 0) {
			throw invalidDuration("must be at most " + PoolCheck.MAX_DURATION.toSeconds() + "s");
		}
		return parsed;
	}

	private static InvalidEndpointRequestException invalidDuration(String problem) {
		return new InvalidEndpointRequestException("Parameter 'duration' " + problem, "Invalid duration");
	}

	private static void rejectTestParameters(@Nullable String duration, @Nullable Integer concurrency) {
		if (duration != null || concurrency != null) {
			throw new InvalidEndpointRequestException("Parameters 'duration' and 'concurrency' apply to test only",
					"Unexpected parameter");
		}
	}

	private HistoryDescriptor history(@Nullable String pool, @Nullable String since) {
		PoolHistory poolHistory = requireMonitor(this.history);
		if (pool != null) {
			selectedPools(pool);
		}
		Instant from = parseSince(since);
		long capacity = poolHistory.getCapacity();
		return new HistoryDescriptor(this.sampleInterval.toMillis() / 1000.0, this.retention.toSeconds(), capacity,
				capacity * (PoolHistory.BYTES_PER_SAMPLE * this.pools.getAll().size()
						+ PoolHistory.BYTES_PER_ROUTER_SAMPLE),
				poolHistory.samples(pool, from), (pool != null) ? List.of() : poolHistory.router(from),
				poolHistory.events(pool, from));
	}

	private RecommendationsDescriptor recommendations(@Nullable String pool) {
		PoolOptimizer poolOptimizer = requireMonitor(this.optimizer);
		List<Recommendation> recommendations = new ArrayList<>();
		for (MySqlPool each : selectedPools(pool)) {
			Recommendation recommendation = poolOptimizer.recommend(each);
			if (recommendation != null) {
				recommendations.add(recommendation);
			}
		}
		return new RecommendationsDescriptor(recommendations);
	}

	private AlertsDescriptor alerts(@Nullable String pool) {
		PoolAlerts poolAlerts = requireMonitor(this.alerts);
		if (pool == null) {
			return new AlertsDescriptor(poolAlerts.active(), poolAlerts.resolved());
		}
		selectedPools(pool);
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

	private static String state(@Nullable HikariDataSource hikari) {
		if (hikari == null) {
			return "UNKNOWN";
		}
		if (hikari.isClosed()) {
			return "CLOSED";
		}
		return hikari.isRunning() ? "RUNNING" : "NOT_STARTED";
	}

	private List<MySqlPool> selectedPools(@Nullable String name) {
		if (name == null) {
			return this.pools.getAll();
		}
		MySqlPool pool = this.pools.get(name);
		if (pool == null) {
			throw new InvalidEndpointRequestException("No pool named '" + name + "'", "Unknown pool");
		}
		return List.of(pool);
	}

	/**
	 * The instant {@code since} names: an ISO-8601 instant not in the future, or a
	 * positive duration back from now that stays within the instants Java can hold.
	 */
	private @Nullable Instant parseSince(@Nullable String since) {
		if (since == null || since.isBlank()) {
			return null;
		}
		Instant now = this.clock.instant();
		Instant from;
		try {
			from = Instant.parse(since);
		}
		catch (DateTimeParseException ex) {
			from = now.minus(parseDuration(since));
		}
		if (from.isAfter(now)) {
			throw invalidSince("must not be in the future");
		}
		return from;
	}

	private static Duration parseDuration(String since) {
		Duration duration;
		try {
			duration = DurationStyle.detectAndParse(since);
		}
		catch (IllegalArgumentException | ArithmeticException ex) {
			throw invalidSince("must be an ISO-8601 instant or a duration such as 5m");
		}
		if (duration.isNegative()) {
			throw invalidSince("must not be negative");
		}
		if (duration.compareTo(MAX_SINCE) > 0) {
			throw invalidSince("must not reach back more than " + MAX_SINCE.toDays() + " days");
		}
		return duration;
	}

	private static InvalidEndpointRequestException invalidSince(String problem) {
		return new InvalidEndpointRequestException("Parameter 'since' " + problem, "Invalid since");
	}

	private static <T> T requireMonitor(@Nullable T component) {
		if (component == null) {
			throw new InvalidEndpointRequestException(
					"The pool monitor is off: set mysql-pool.monitor.enabled=true (and mysql-pool.alerts.enabled=true "
							+ "for alerts)",
					"Monitor disabled");
		}
		return component;
	}

	private static InvalidEndpointRequestException unknownWriteSection(String section) {
		return new InvalidEndpointRequestException(
				"Unknown section '" + section + "' to write: use optimize, test or evict", "Unknown section");
	}

	private static InvalidEndpointRequestException unknownSection(String section) {
		return new InvalidEndpointRequestException("Unknown section '" + section + "': use history, optimize or alerts",
				"Unknown section");
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

		static TopologyDescriptor of(TopologyMonitor monitor) {
			return new TopologyDescriptor(monitor.getDiscovery(), monitor.getWriter(), monitor.isSplitBrain(),
					monitor.getState(), monitor.getWriterChanges(), monitor.getLastChange(),
					List.copyOf(monitor.getRoles().values()));
		}

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
