package io.github.mysqlpool.replica.lag;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.internal.EventLog;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.pool.ServerFlavor;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.pool.ReplicaStatus.State;
import io.github.mysqlpool.pool.ReplicaStatusSource;
import io.github.mysqlpool.replica.lag.ReplicaProbe.ProbeResult;
import io.github.mysqlpool.replica.lag.internal.PrimaryStatus;
import io.github.mysqlpool.replica.lag.internal.UnreachableServerListener;
import io.github.mysqlpool.routing.internal.ReplicaFailureListener;
import io.github.mysqlpool.routing.ReplicaRotation;
import io.github.mysqlpool.routing.ReplicaSnapshot;
import io.github.mysqlpool.topology.internal.WriterChangeListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Probes every replica on a schedule over connections of its own, decides each one's
 * fitness and publishes the replicas fit to serve reads to the {@link ReplicaRotation}.
 * Also probes the primary, writing the heartbeat there when it is used and this instance
 * is the one of its service that writes it, and takes a replica out of rotation at once
 * when a borrow from its pool fails to reach it.
 * <p>
 * On start it probes every server once before the application serves requests, so that a
 * missing privilege fails start-up with the GRANT to run, and unfit replicas are out of
 * rotation from the first read. State changes are logged and published as
 * {@link ReplicaStateChangedEvent}s.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ReplicaMonitor
		implements ReplicaStatusSource, ReplicaFailureListener, WriterChangeListener, SmartLifecycle {

	/**
	 * The monitor's life-cycle phase: it starts before the web server starts to accept
	 * requests ({@code DEFAULT_PHASE - 2048} in Spring Boot), so that the first reads
	 * find its first probes done, and stops after graceful shutdown
	 * ({@code DEFAULT_PHASE - 1024}) has drained the requests in flight.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

	private static final Log logger = LogFactory.getLog(ReplicaMonitor.class);

	private static final EventLog eventLog = EventLog.of(ReplicaMonitor.class);

	private final MySqlPools pools;

	private final ReplicaRotation rotation;

	private final MonitorSettings settings;

	private final ApplicationEventPublisher events;

	private final Map<String, Monitored> replicas = new LinkedHashMap<>();

	private final @Nullable PrimaryProbe primaryProbe;

	private final @Nullable UnreachableServerListener unreachableListener;

	private volatile PrimaryStatus primaryStatus = PrimaryStatus.UNPROBED;

	/**
	 * The server that takes the writes, never in the read rotation: with topology
	 * discovery its read pool is monitored like any replica's, so that it serves reads
	 * once demoted.
	 */
	private volatile @Nullable MySqlPool lastWriter;

	private volatile @Nullable String writerServer;

	private @Nullable ScheduledExecutorService scheduler;

	private volatile boolean running;

	/**
	 * Create the monitor.
	 * @param pools the pools whose servers to probe
	 * @param rotation the rotation to publish fit replicas to
	 * @param settings how to probe and measure
	 * @param events where to publish state changes
	 */
	public ReplicaMonitor(MySqlPools pools, ReplicaRotation rotation, MonitorSettings settings,
			ApplicationEventPublisher events) {
		this(pools, rotation, settings, events, null);
	}

	/**
	 * Create the monitor.
	 * @param pools the pools whose servers to probe
	 * @param rotation the rotation to publish fit replicas to
	 * @param settings how to probe and measure
	 * @param events where to publish state changes
	 * @param unreachableListener what to tell when a probe fails to reach a server, if
	 * anything
	 */
	public ReplicaMonitor(MySqlPools pools, ReplicaRotation rotation, MonitorSettings settings,
			ApplicationEventPublisher events, @Nullable UnreachableServerListener unreachableListener) {
		this.unreachableListener = unreachableListener;
		this.pools = pools;
		this.rotation = rotation;
		this.settings = settings;
		this.events = events;
		HeartbeatTable heartbeat = new HeartbeatTable(settings.heartbeatTable());
		HikariDataSource primary = pools.getPrimary().getHikari();
		this.primaryProbe = (primary != null && primary.getJdbcUrl() != null)
				? new PrimaryProbe(primary, settings, heartbeat) : null;
		this.writerServer = pools.getPrimary().getServer();
		for (MySqlPool replica : pools.getReadPools()) {
			HikariDataSource hikari = replica.getHikari();
			ReplicaProbe probe = (hikari != null)
					? new ReplicaProbe(replica.getName(), hikari, settings, heartbeat, this::primaryWritesHeartbeat)
					: null;
			Monitored monitored = new Monitored(replica, probe, new ReplicaFitness(settings.fitness()));
			this.replicas.put(replica.getName(), monitored);
			if (hikari != null) {
				installConnectionErrorOverride(hikari, monitored);
			}
		}
	}

	@Override
	public void start() {
		if (this.running) {
			return;
		}
		this.rotation.setFailureListener(this);
		try {
			probePrimary();
			// One settling budget for all replicas, so that start-up waits at most this
			// long
			long settleDeadline = System.nanoTime() + Math.max(this.settings.probeTimeout().toNanos(), 3_000_000_000L);
			for (Monitored replica : this.replicas.values()) {
				initialProbe(replica, settleDeadline);
			}
		}
		catch (RuntimeException | Error ex) {
			// stop() is not called after a failed start
			this.rotation.setFailureListener(null);
			closeProbes();
			throw ex;
		}
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(this.replicas.size() + 1,
				new MonitorThreadFactory());
		scheduler.setRemoveOnCancelPolicy(true);
		long primaryInterval = ((this.primaryProbe != null && this.primaryProbe.writesHeartbeat())
				? this.settings.heartbeatInterval() : this.settings.probeInterval())
			.toMillis();
		scheduler.scheduleWithFixedDelay(guarded(this::probePrimary), primaryInterval, primaryInterval,
				TimeUnit.MILLISECONDS);
		long interval = this.settings.probeInterval().toMillis();
		for (Monitored replica : this.replicas.values()) {
			if (replica.probe != null) {
				scheduler.scheduleWithFixedDelay(guarded(() -> probe(replica)), interval, interval,
						TimeUnit.MILLISECONDS);
			}
		}
		this.scheduler = scheduler;
		this.running = true;
		logger.info("Monitoring " + this.replicas.size() + " replica(s) every " + interval + " ms, max-lag "
				+ this.settings.fitness().maxLag().toMillis() + " ms, lag from " + describeLagSources());
	}

	@Override
	public void stop() {
		this.running = false;
		this.rotation.setFailureListener(null);
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.shutdownNow();
			try {
				scheduler.awaitTermination(this.settings.probeTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		closeProbes();
	}

	private void closeProbes() {
		for (Monitored replica : this.replicas.values()) {
			if (replica.probe != null) {
				replica.probe.close();
			}
		}
		if (this.primaryProbe != null) {
			this.primaryProbe.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public ReplicaStatus status(String pool) {
		Monitored replica = this.replicas.get(pool);
		return (replica != null) ? replica.status : ReplicaStatus.UNKNOWN;
	}

	/**
	 * What the monitor knows of the primary.
	 * @return the primary's status
	 */
	public PrimaryStatus primaryStatus() {
		return this.primaryStatus;
	}

	/**
	 * Whether this instance writes the heartbeat on the primary: of all the instances
	 * monitoring one primary, only one does, the others read it.
	 * @return {@code true} while this instance is the heartbeat writer
	 */
	public boolean isHeartbeatWriter() {
		PrimaryProbe probe = this.primaryProbe;
		return probe != null && probe.isHeartbeatWriter();
	}

	/**
	 * Number of failed probes of a replica: unreachable, or its lag unknown.
	 * @param pool the replica's pool name
	 * @return the count since start-up
	 */
	public long probeFailures(String pool) {
		Monitored replica = this.replicas.get(pool);
		return (replica != null) ? replica.probeFailures.sum() : 0;
	}

	/**
	 * The settings the monitor runs with.
	 * @return the settings
	 */
	public MonitorSettings getSettings() {
		return this.settings;
	}

	/**
	 * The flavor of a replica's server, as detected on the monitor's last connect.
	 * @param pool the replica's pool name
	 * @return the flavor, {@code null} when not connected yet
	 */
	public @Nullable ServerFlavor flavor(String pool) {
		Monitored replica = this.replicas.get(pool);
		return (replica != null && replica.probe != null) ? replica.probe.detectedFlavor() : null;
	}

	@Override
	public void replicaConnectionFailed(MySqlPool replica, SQLException failure) {
		Monitored monitored = this.replicas.get(replica.getName());
		if (monitored == null) {
			return;
		}
		update(monitored, (fitness) -> {
			monitored.failureReports++;
			fitness.failed("borrow from the pool failed: " + MonitorConnections.describe(failure), Instant.now());
		});
	}

	@Override
	public void writerChanged(@Nullable MySqlPool writer) {
		this.writerServer = (writer != null) ? writer.getServer() : null;
		if (writer != null) {
			this.lastWriter = writer;
		}
		HikariDataSource hikari = (writer != null) ? writer.getHikari() : null;
		if (hikari != null && this.primaryProbe != null) {
			this.primaryProbe.retarget(hikari);
		}
		synchronized (this) {
			publishRotation();
		}
	}

	private boolean primaryWritesHeartbeat() {
		PrimaryProbe probe = this.primaryProbe;
		return probe != null && probe.writesHeartbeat();
	}

	/**
	 * Probe a replica at once, on the monitor's threads, unless a probe of it is already
	 * due.
	 */
	private void probeNow(Monitored replica) {
		ScheduledExecutorService scheduler = this.scheduler;
		if (this.running && scheduler != null && replica.probeRequested.compareAndSet(false, true)) {
			try {
				scheduler.execute(guarded(() -> probe(replica)));
			}
			catch (RuntimeException ex) {
				replica.probeRequested.set(false);
			}
		}
	}

	private void installConnectionErrorOverride(HikariDataSource hikari, Monitored replica) {
		if (hikari.getExceptionOverride() != null || hikari.getExceptionOverrideClassName() != null) {
			return;
		}
		try {
			hikari.setExceptionOverride(new ConnectionErrorOverride(() -> probeNow(replica)));
		}
		catch (IllegalStateException ex) {
			logger.debug("Pool '" + replica.pool.getName() + "' already started; probes alone detect its failures");
		}
	}

	private void probePrimary() {
		if (this.primaryProbe != null) {
			PrimaryStatus previous = this.primaryStatus;
			PrimaryStatus current = this.primaryProbe.probe();
			this.primaryStatus = current;
			if (previous.up() != current.up()) {
				if (current.up()) {
					logger.info("Primary answers probes again");
				}
				else {
					logger.warn("Primary fails probes: " + current.lastError());
				}
			}
			if (!current.up()) {
				// With no writer, the probe still reaches the last one, whose callers to
				// rescue
				MySqlPool writer = this.pools.getWriter();
				MySqlPool last = this.lastWriter;
				serverUnreachable((writer != null) ? writer : (last != null) ? last : this.pools.getPrimary(),
						current.lastError());
			}
		}
	}

	private void probe(Monitored replica) {
		long failureReports = replica.failureReports;
		correctConnectionsInUse(replica.pool);
		ProbeResult result = measure(replica);
		if (result != null) {
			apply(replica, result, failureReports);
			if (!result.reached()) {
				serverUnreachable(replica.pool, result.error());
			}
		}
	}

	private static void correctConnectionsInUse(MySqlPool pool) {
		HikariDataSource hikari = pool.getHikari();
		HikariPoolMXBean running = (hikari != null && hikari.isRunning()) ? hikari.getHikariPoolMXBean() : null;
		if (running != null) {
			pool.getLoad().correctConnectionsInUse(running::getActiveConnections);
		}
	}

	/**
	 * Tell the listener that a probe failed to reach a pool's server: for a replica, once
	 * the rotation without it is published, so that a read failing there is retried
	 * elsewhere.
	 */
	private void serverUnreachable(MySqlPool pool, @Nullable String error) {
		UnreachableServerListener listener = this.unreachableListener;
		if (listener != null && this.running) {
			listener.serverUnreachable(pool, String.valueOf(error));
		}
	}

	/**
	 * The first probe of a replica. The heartbeat row it holds may still be the one an
	 * earlier run left behind, or a table just created may not hold one yet, so a
	 * heartbeat lag over the limit or unknown is measured again until the heartbeat just
	 * written on the primary has arrived, within a start-up budget shared by all replicas
	 * (the probe timeout, at least 3 s). A replica that is really behind stays behind and
	 * leaves rotation as usual.
	 */
	private void initialProbe(Monitored replica, long deadline) {
		long failureReports = replica.failureReports;
		ProbeResult result = measure(replica);
		while (result != null && (overLimitByHeartbeat(result) || awaitingFirstHeartbeat(result))
				&& System.nanoTime() < deadline) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			result = measure(replica);
		}
		if (result != null) {
			apply(replica, result, failureReports);
		}
	}

	private boolean awaitingFirstHeartbeat(ProbeResult result) {
		return result.reached() && result.lag() == null && primaryWritesHeartbeat();
	}

	private boolean overLimitByHeartbeat(ProbeResult result) {
		Duration lag = result.lag();
		return result.reached() && result.fromHeartbeat() && lag != null
				&& lag.compareTo(this.settings.fitness().maxLag()) > 0;
	}

	private @Nullable ProbeResult measure(Monitored replica) {
		ReplicaProbe probe = replica.probe;
		if (probe == null) {
			return null;
		}
		try {
			synchronized (probe) {
				replica.probeRequested.set(false);
				return probe.probe();
			}
		}
		catch (MissingReplicationPrivilegeException ex) {
			if (!this.running) {
				throw ex;
			}
			return ProbeResult.lagUnknown(ex.getMessage() + "; run " + ex.getGrant());
		}
	}

	/**
	 * Apply a probe's result, unless a borrow from the replica's pool failed after the
	 * probe started: the server answering the probe does not mean that the pool can reach
	 * it, so only a probe that started after the failure may count towards its return.
	 */
	private void apply(Monitored replica, ProbeResult measured, long failureReportsBefore) {
		if (!measured.reached() || measured.lag() == null) {
			replica.probeFailures.increment();
		}
		String poolFailure = mayReturn(replica, measured) ? borrowFailure(replica.pool) : null;
		Instant now = Instant.now();
		update(replica, (fitness) -> {
			if (!measured.reached()) {
				fitness.failed(String.valueOf(measured.error()), now);
			}
			else if (replica.failureReports != failureReportsBefore) {
				return;
			}
			else if (poolFailure != null) {
				fitness.failed("borrow from the pool failed: " + poolFailure, now);
			}
			else {
				fitness.lagMeasured(measured.lag(), measured.error(), now);
			}
		});
	}

	/**
	 * Whether a probe counts towards the return of a replica out of rotation.
	 */
	private boolean mayReturn(Monitored replica, ProbeResult measured) {
		Duration lag = measured.lag();
		if (!measured.reached() || lag == null || lag.compareTo(this.settings.fitness().readmitLag()) > 0) {
			return false;
		}
		if (replica.pool.getServer().equals(this.writerServer)) {
			// The writer's own read pool serves no reads: do not open it
			return false;
		}
		synchronized (this) {
			return !replica.fitness.isInRotation();
		}
	}

	/**
	 * Borrow a connection from a replica's own pool, as a read would, so that a replica
	 * returns only once its pool has replaced the connections it lost: after a restart
	 * the monitor's probe connection works long before HikariCP's reconnect back-off lets
	 * the pool open one, and reads sent there meanwhile would wait for
	 * connection-timeout. Runs on the monitor's thread, outside its lock.
	 * @return why the borrow failed, {@code null} when it succeeded
	 */
	private static @Nullable String borrowFailure(MySqlPool pool) {
		HikariDataSource hikari = pool.getHikari();
		if (hikari == null || hikari.isClosed()) {
			return null;
		}
		try (Connection connection = hikari.getConnection()) {
			return null;
		}
		catch (SQLException ex) {
			return MonitorConnections.describe(ex);
		}
	}

	private void update(Monitored replica, Consumer<ReplicaFitness> change) {
		ReplicaStatus previous;
		ReplicaStatus current;
		boolean rotationChanged;
		synchronized (this) {
			previous = replica.status;
			boolean wasInRotation = replica.fitness.isInRotation();
			change.accept(replica.fitness);
			current = replica.fitness.getStatus();
			replica.status = current;
			rotationChanged = wasInRotation != replica.fitness.isInRotation();
			publishRotation();
		}
		if (previous.state() != current.state() || rotationChanged) {
			logChange(replica, previous, current);
			this.events.publishEvent(new ReplicaStateChangedEvent(this, replica.pool.getName(), previous, current));
		}
	}

	/**
	 * Build and publish the rotation: every replica in rotation with its last lag. Runs
	 * under the monitor's lock, off the borrow path.
	 */
	private void publishRotation() {
		List<MySqlPool> fit = new ArrayList<>();
		List<Long> lags = new ArrayList<>();
		StringBuilder exclusions = new StringBuilder();
		String writer = this.writerServer;
		for (Monitored replica : this.replicas.values()) {
			ReplicaStatus status = replica.status;
			if (replica.pool.getServer().equals(writer)) {
				if (!replica.pool.getName().equals(replica.pool.getServer())) {
					// The configured primary's read pool, while it is the primary
					continue;
				}
				if (!exclusions.isEmpty()) {
					exclusions.append(", ");
				}
				exclusions.append(replica.pool.getName()).append(" is the primary now");
			}
			else if (replica.fitness.isInRotation()) {
				fit.add(replica.pool);
				Double seconds = status.lagSeconds();
				lags.add((seconds != null) ? Math.round(seconds * 1000) : ReplicaSnapshot.UNKNOWN_LAG);
			}
			else {
				if (!exclusions.isEmpty()) {
					exclusions.append(", ");
				}
				exclusions.append(replica.pool.getName()).append(' ').append(describe(status));
			}
		}
		long[] lagMillis = new long[lags.size()];
		for (int i = 0; i < lagMillis.length; i++) {
			lagMillis[i] = lags.get(i);
		}
		this.rotation.update(ReplicaSnapshot.of(fit, lagMillis, exclusions.toString()));
	}

	private void logChange(Monitored replica, ReplicaStatus previous, ReplicaStatus current) {
		String name = replica.pool.getName();
		if (replica.fitness.isInRotation()) {
			if (current.state() == State.FIT && previous.state() != State.UNKNOWN) {
				eventLog.info("Replica '" + name + "' is back in rotation (" + describe(current) + ")",
						"mysqlpool.event", "replica-back-in-rotation", "mysqlpool.pool", name, "mysqlpool.state",
						current.state(), "mysqlpool.lag_seconds", current.lagSeconds());
			}
			return;
		}
		if (previous.state() != current.state()) {
			eventLog.warn("Replica '" + name + "' is out of rotation: " + describe(current), "mysqlpool.event",
					"replica-out-of-rotation", "mysqlpool.pool", name, "mysqlpool.state", current.state(),
					"mysqlpool.lag_seconds", current.lagSeconds(), "mysqlpool.error", current.lastError());
		}
	}

	private String describe(ReplicaStatus status) {
		StringBuilder description = new StringBuilder(status.state().name());
		Double lag = status.lagSeconds();
		if (lag != null) {
			description.append(String.format(Locale.ROOT, ", lag %.3f s", lag));
			if (status.state() == State.LAGGING) {
				description.append(lag > this.settings.fitness().maxLag().toNanos() / 1e9
						? " over max-lag " + this.settings.fitness().maxLag().toMillis() + " ms"
						: " (catching up, waiting for " + this.settings.fitness().readmitProbes()
								+ " good probes under " + this.settings.fitness().readmitLag().toMillis() + " ms)");
			}
		}
		if (status.lastError() != null) {
			description.append(": ").append(status.lastError());
		}
		return description.toString();
	}

	private String describeLagSources() {
		StringBuilder sources = new StringBuilder();
		for (Monitored replica : this.replicas.values()) {
			if (replica.probe != null) {
				if (!sources.isEmpty()) {
					sources.append(", ");
				}
				ServerFlavor flavor = replica.probe.detectedFlavor();
				sources.append(replica.pool.getName())
					.append(": ")
					.append(replica.probe.usesHeartbeat() ? "heartbeat" : "replica status")
					.append((flavor != null) ? " (" + flavor.displayName() + ")" : "");
			}
		}
		return sources.isEmpty() ? "nothing" : sources.toString();
	}

	private static Runnable guarded(Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (Throwable ex) {
				// An exception escaping a periodic task would cancel its later runs
				logger.error("Replica monitor task failed", ex);
			}
		};
	}

	/**
	 * A replica, its probe, fitness and last status.
	 */
	private static final class Monitored {

		private final MySqlPool pool;

		private final @Nullable ReplicaProbe probe;

		private final ReplicaFitness fitness;

		private final LongAdder probeFailures = new LongAdder();

		private final AtomicBoolean probeRequested = new AtomicBoolean();

		/**
		 * Failed borrows reported by callers, changed under the monitor's lock.
		 */
		private volatile long failureReports;

		private volatile ReplicaStatus status = ReplicaStatus.UNKNOWN;

		Monitored(MySqlPool pool, @Nullable ReplicaProbe probe, ReplicaFitness fitness) {
			this.pool = pool;
			this.probe = probe;
			this.fitness = fitness;
		}

	}

	/**
	 * Daemon threads named after the monitor.
	 */
	private static final class MonitorThreadFactory implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "mysql-pool-monitor-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
