package io.github.mysqlpool.topology;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import io.github.mysqlpool.internal.EventLog;
import io.github.mysqlpool.internal.JdbcUrls;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.PoolRole;
import io.github.mysqlpool.topology.WriterElection.Decision;
import io.github.mysqlpool.topology.internal.WriterChangeListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Learns from the servers which one takes the writes and points the routing data source's
 * writes at it. Each server is probed on its own schedule over a connection of its own
 * ({@link TopologyDiscovery#READ_ONLY} and {@link TopologyDiscovery#GROUP_REPLICATION}:
 * every configured server; {@link TopologyDiscovery#ENDPOINT}: the primary URL's server
 * only), and the writer is elected again after every probe, so that a switchover is
 * followed within one probe interval. A write answered with a read-only error triggers an
 * immediate probe.
 * <p>
 * A change of writer evicts the old writer's idle connections, tells the
 * {@link WriterChangeListener}s, is logged and published as a
 * {@link PrimaryChangedEvent}. While no server takes writes (none is writable, or the
 * writer's probe cannot reach it), writes fail at once with a {@code NoPrimaryException},
 * and the listeners end the waits of callers already borrowing from the old writer's
 * pool.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class TopologyMonitor implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(TopologyMonitor.class);

	private static final EventLog eventLog = EventLog.of(TopologyMonitor.class);

	/** MySQL and MariaDB: the server runs with --read-only (or --super-read-only). */
	private static final int READ_ONLY_SERVER = 1290;

	/** MySQL: running in read-only mode. */
	private static final int READ_ONLY_MODE = 1836;

	private final MySqlPools pools;

	private final TopologyDiscovery discovery;

	private final Duration interval;

	private final ApplicationEventPublisher events;

	private final List<WriterChangeListener> listeners;

	private final Map<String, RoleProbe> probes = new LinkedHashMap<>();

	private final Map<String, ServerRole> roles = new LinkedHashMap<>();

	private final Map<String, AtomicBoolean> probeRequested = new LinkedHashMap<>();

	private final Map<String, Instant> unreachableSince = new LinkedHashMap<>();

	private final LongAdder writerChanges = new LongAdder();

	private final int phase;

	private volatile @Nullable String writer;

	private volatile boolean splitBrain;

	private volatile String state = "not started";

	private volatile @Nullable Instant lastChange;

	private @Nullable ScheduledThreadPoolExecutor scheduler;

	private volatile boolean running;

	/**
	 * Create the monitor.
	 * @param pools the pools; but for {@link TopologyDiscovery#ENDPOINT} each server
	 * needs a pool for writes (see {@link MySqlPools#getStandbys()})
	 * @param discovery how the writer is found: read-only, group replication or endpoint
	 * @param interval time between two probes of a server
	 * @param timeout connect and socket timeout of each probe
	 * @param events where to publish changes of writer
	 * @param listeners told of a change of writer before it is published
	 * @param phase the lifecycle phase to start in: before the replica monitor
	 */
	public TopologyMonitor(MySqlPools pools, TopologyDiscovery discovery, Duration interval, Duration timeout,
			ApplicationEventPublisher events, List<WriterChangeListener> listeners, int phase) {
		if (discovery == TopologyDiscovery.NONE) {
			throw new IllegalArgumentException("Topology discovery is off");
		}
		this.pools = pools;
		this.discovery = discovery;
		this.interval = interval;
		this.events = events;
		this.listeners = List.copyOf(listeners);
		this.phase = phase;
		List<MySqlPool> servers = new ArrayList<>();
		servers.add(pools.getPrimary());
		if (discovery != TopologyDiscovery.ENDPOINT) {
			servers.addAll(pools.getReplicas());
		}
		RoleSource source = RoleSource.of(discovery);
		for (MySqlPool server : servers) {
			HikariDataSource hikari = server.getHikari();
			if (hikari == null || hikari.getJdbcUrl() == null) {
				throw new IllegalStateException("Pool '" + server.getName()
						+ "' is not a HikariCP pool with a JDBC URL: topology discovery cannot probe its server");
			}
			this.probes.put(server.getServer(), new RoleProbe(server.getServer(), hikari, source, timeout,
					discovery == TopologyDiscovery.ENDPOINT));
			this.roles.put(server.getServer(), ServerRole.unprobed(server.getServer()));
			this.probeRequested.put(server.getServer(), new AtomicBoolean());
		}
		this.writer = pools.getPrimary().getServer();
		for (MySqlPool pool : pools.getEveryPool()) {
			if (pool.getRole() == PoolRole.PRIMARY) {
				installReadOnlyErrorOverride(pool);
			}
		}
	}

	@Override
	public void start() {
		if (this.running) {
			return;
		}
		for (RoleProbe probe : this.probes.values()) {
			record(probe.server(), probe.probe(), true);
		}
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(this.probes.size(),
				new ThreadFactory());
		scheduler.setRemoveOnCancelPolicy(true);
		long millis = this.interval.toMillis();
		for (RoleProbe probe : this.probes.values()) {
			scheduler.scheduleWithFixedDelay(guarded(() -> probe(probe)), millis, millis, TimeUnit.MILLISECONDS);
		}
		this.scheduler = scheduler;
		this.running = true;
		String current = this.writer;
		logger.info("Discovering the primary (" + this.discovery.name().toLowerCase(java.util.Locale.ROOT) + ") among "
				+ this.probes.keySet() + " every " + millis + " ms; writes go to "
				+ ((current != null) ? "'" + current + "'" : "no server (" + this.state + ")"));
		if (this.discovery == TopologyDiscovery.ENDPOINT) {
			HikariDataSource primary = this.pools.getPrimary().getHikari();
			String endpoint = (primary != null) ? JdbcUrls.hostAndPort(primary.getJdbcUrl()) : null;
			String warning = (endpoint != null) ? DnsCache.warning(endpoint, DnsCache.ttlSeconds(), this.interval)
					: null;
			if (warning != null) {
				logger.warn(warning);
			}
		}
	}

	@Override
	public void stop() {
		this.running = false;
		ScheduledThreadPoolExecutor scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.shutdownNow();
			try {
				scheduler.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		for (RoleProbe probe : this.probes.values()) {
			synchronized (probe) {
				probe.close();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	/**
	 * The server that takes the writes now.
	 * @return its name, {@code null} while none does
	 */
	public @Nullable String getWriter() {
		return this.writer;
	}

	/**
	 * Whether more than one server is writable.
	 * @return {@code true} during a split brain or a promotion half done
	 */
	public boolean isSplitBrain() {
		return this.splitBrain;
	}

	/**
	 * What the last election found.
	 * @return a sentence for operators
	 */
	public String getState() {
		return this.state;
	}

	/**
	 * How the writer is found.
	 * @return the discovery mode
	 */
	public TopologyDiscovery getDiscovery() {
		return this.discovery;
	}

	/**
	 * The last probe of each server.
	 * @return server name to role, in configuration order
	 */
	public synchronized Map<String, ServerRole> getRoles() {
		return new LinkedHashMap<>(this.roles);
	}

	/**
	 * Whether the writer's last probe failed to reach it, or no server takes writes: the
	 * state in which writes fail.
	 * @return {@code true} while writes cannot reach a writable server
	 */
	public synchronized boolean isPrimaryUnavailable() {
		String current = this.writer;
		return current == null || this.unreachableSince.containsKey(current);
	}

	/**
	 * How often the writer changed since start-up.
	 * @return the count
	 */
	public long getWriterChanges() {
		return this.writerChanges.sum();
	}

	/**
	 * When the writer last changed.
	 * @return the instant, {@code null} when it never changed
	 */
	public @Nullable Instant getLastChange() {
		return this.lastChange;
	}

	/**
	 * Probe every server at once, on the monitor's threads, unless a probe is due anyway.
	 */
	public void probeNow() {
		ScheduledThreadPoolExecutor scheduler = this.scheduler;
		if (!this.running || scheduler == null) {
			return;
		}
		for (RoleProbe probe : this.probes.values()) {
			AtomicBoolean requested = this.probeRequested.get(probe.server());
			if (requested.compareAndSet(false, true)) {
				try {
					scheduler.execute(guarded(() -> probe(probe)));
				}
				catch (RuntimeException ex) {
					requested.set(false);
				}
			}
		}
	}

	private void probe(RoleProbe probe) {
		ServerRole role;
		boolean again;
		synchronized (probe) {
			this.probeRequested.get(probe.server()).set(false);
			role = probe.probe();
			again = this.discovery == TopologyDiscovery.ENDPOINT && Boolean.FALSE.equals(role.writable())
					&& !probe.answeredOnNewConnection();
		}
		record(probe.server(), role, false);
		if (again) {
			// The name may have moved since the probe's connection was opened, as an
			// orchestrator moves it right after the promotion: ask the server it leads to
			// now rather than a probe interval later
			synchronized (probe) {
				role = probe.probe();
			}
			record(probe.server(), role, false);
		}
	}

	private void record(String server, ServerRole role, boolean startUp) {
		Change change;
		synchronized (this) {
			this.roles.put(server, role);
			if (role.reachable()) {
				this.unreachableSince.remove(server);
			}
			else {
				this.unreachableSince.putIfAbsent(server, (role.probedAt() != null) ? role.probedAt() : Instant.now());
			}
			change = elect();
		}
		if (change != null) {
			announce(change, startUp);
		}
	}

	/**
	 * Elect the writer and apply a change at once, under the monitor's lock, so that two
	 * probes finishing together cannot apply their elections out of order.
	 */
	private @Nullable Change elect() {
		String previous = this.writer;
		Decision decision = (this.discovery == TopologyDiscovery.ENDPOINT) ? electEndpoint()
				: WriterElection.elect(previous, this.roles.values(), this.unreachableSince);
		if (decision.splitBrain() != this.splitBrain) {
			this.splitBrain = decision.splitBrain();
			if (decision.splitBrain()) {
				eventLog.error("Split brain: " + decision.reason(), "mysqlpool.event", "split-brain",
						"mysqlpool.reason", decision.reason());
			}
			else {
				logger.info("Only one server is writable again");
			}
		}
		if (!"unchanged".equals(decision.reason())) {
			this.state = decision.reason();
		}
		if (Objects.equals(previous, decision.writer())) {
			return null;
		}
		MySqlPool writerPool = null;
		if (decision.writer() != null) {
			writerPool = this.pools.serverPool(decision.writer(), PoolRole.PRIMARY);
		}
		if (writerPool != null && this.discovery == TopologyDiscovery.ENDPOINT) {
			// Connections opened while the name still led to the old server, closed
			// before writes are let through again
			evict(writerPool);
		}
		if (writerPool != null) {
			this.pools.setWriter(writerPool);
		}
		else {
			this.pools.setNoWriter(decision.reason());
		}
		this.writer = (writerPool != null) ? decision.writer() : null;
		if (Objects.equals(previous, this.writer)) {
			return null;
		}
		if (previous != null) {
			evict(this.pools.serverPool(previous, PoolRole.PRIMARY));
		}
		this.writerChanges.increment();
		this.lastChange = Instant.now();
		for (WriterChangeListener listener : this.listeners) {
			listener.writerChanged(writerPool);
		}
		return new Change(previous, this.writer, decision.reason());
	}

	/**
	 * The primary URL's server takes writes while it is writable. Unreachable, it does
	 * not: writes fail at once rather than wait for a connection, and the probe, which
	 * opens a new connection after each failure, resolves the name again, so that writes
	 * resume within a probe interval of the name leading to a writable server.
	 */
	private Decision electEndpoint() {
		ServerRole role = this.roles.get(this.pools.getPrimary().getServer());
		String server = this.pools.getPrimary().getServer();
		if (role != null && role.reachable() && Boolean.FALSE.equals(role.writable())) {
			return new Decision(null, false, "the primary endpoint's server is read-only");
		}
		if (role != null && !role.reachable()) {
			Instant since = this.unreachableSince.get(server);
			return new Decision(null, false, "the primary endpoint '" + server + "' is unreachable"
					+ ((since != null) ? " since " + since : "") + ": " + role.error());
		}
		return new Decision(server, false,
				(server.equals(this.writer)) ? "unchanged" : "the primary endpoint's server is writable again");
	}

	private void announce(Change change, boolean startUp) {
		String message = (change.current() != null)
				? "Writes go to '" + change.current() + "' now, "
						+ ((change.previous() != null) ? "no longer to '" + change.previous() + "'"
								: "after a time without a writable server")
				: "No server takes writes now" + ((change.previous() != null)
						? " ('" + change.previous() + "' did); writes fail at once until one does" : "");
		eventLog.warn(((startUp) ? "At start-up: " : "") + message + ": " + change.cause(), "mysqlpool.event",
				"primary-changed", "mysqlpool.primary", change.current(), "mysqlpool.previous_primary",
				change.previous(), "mysqlpool.reason", change.cause(), "mysqlpool.start_up", startUp);
		this.events.publishEvent(new PrimaryChangedEvent(this, change.previous(), change.current(), change.cause()));
	}

	private static void evict(@Nullable MySqlPool pool) {
		HikariDataSource hikari = (pool != null) ? pool.getHikari() : null;
		HikariPoolMXBean running = (hikari != null) ? hikari.getHikariPoolMXBean() : null;
		if (running != null) {
			running.softEvictConnections();
		}
	}

	private void installReadOnlyErrorOverride(MySqlPool pool) {
		HikariDataSource hikari = pool.getHikari();
		if (hikari == null || hikari.getExceptionOverride() != null || hikari.getExceptionOverrideClassName() != null) {
			return;
		}
		try {
			hikari.setExceptionOverride(new ReadOnlyErrorOverride(this::probeNow));
		}
		catch (IllegalStateException ex) {
			logger.debug("Pool '" + pool.getName() + "' already started; probes alone detect a read-only primary");
		}
	}

	private static Runnable guarded(Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (Throwable ex) {
				logger.error("Topology probe failed", ex);
			}
		};
	}

	private record Change(@Nullable String previous, @Nullable String current, String cause) {

	}

	/**
	 * Installed on the write pools: a write refused because the server is read-only
	 * evicts the connection, which belongs to a server that no longer takes writes, and
	 * asks for a probe at once.
	 */
	static final class ReadOnlyErrorOverride implements SQLExceptionOverride {

		private final Runnable probeNow;

		ReadOnlyErrorOverride(Runnable probeNow) {
			this.probeNow = probeNow;
		}

		@java.lang.Override
		public Override adjudicate(SQLException exception) {
			int code = exception.getErrorCode();
			if (code == READ_ONLY_SERVER || code == READ_ONLY_MODE) {
				this.probeNow.run();
				return Override.MUST_EVICT;
			}
			return Override.CONTINUE_EVICT;
		}

	}

	/**
	 * Daemon threads named after the monitor.
	 */
	private static final class ThreadFactory implements java.util.concurrent.ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@java.lang.Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "mysql-pool-topology-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
