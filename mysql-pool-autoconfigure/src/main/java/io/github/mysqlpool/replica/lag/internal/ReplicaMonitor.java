package io.github.mysqlpool.replica.lag.internal;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.internal.EventLog;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPoolCustomizer;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.pool.ReplicaStatusSource;
import io.github.mysqlpool.pool.internal.ServerFlavor;
import io.github.mysqlpool.replica.lag.ReplicaStateChangedEvent;
import io.github.mysqlpool.replica.lag.internal.PrimaryStatus;
import io.github.mysqlpool.replica.lag.internal.ReplicaProbe.ProbeResult;
import io.github.mysqlpool.replica.lag.internal.UnreachableServerListener;
import io.github.mysqlpool.routing.ReplicaSnapshot;
import io.github.mysqlpool.routing.internal.ReplicaFailureListener;
import io.github.mysqlpool.routing.internal.ReplicaRotation;
import io.github.mysqlpool.topology.internal.WriterChangeListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * Probes every replica on a schedule over connections of its own, decides each one's
 * fitness and publishes the replicas fit to serve reads to the {@link ReplicaRotation}.
 * Also probes the primary, writing the heartbeat there when it is used and this instance
 * is the one of its service that writes it, and takes a replica out of rotation at once
 * when a borrow from its pool fails to reach it.
 * <p>
 * On start it probes every server once before the application serves requests, so that a
 * missing privilege fails start-up with the GRANT to run, and unfit replicas are out of
 * rotation from the first read. Then each server is probed on a schedule of its own on
 * the starter's scheduler ({@link ProbeSchedule}). State changes are logged and published
 * as {@link ReplicaStateChangedEvent}s.
 * <p>
 * The work is split by concern: {@link PrimaryMonitoring} probes the primary,
 * {@link ReplicaProbing} probes a replica and applies the result to its
 * {@link ReplicaFitness}, {@link ReplicaRotationPublisher} publishes the rotation and the
 * changes, {@link StartupSettling} runs the first probes, {@link ProbeSchedule} the later
 * ones; this class wires them and answers for them.
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

	private final ReplicaRotation rotation;

	private final MonitorSettings settings;

	private final Map<String, MonitoredReplica> replicas = new LinkedHashMap<>();

	private final @Nullable UnreachableServerListener unreachableListener;

	private final PrimaryMonitoring primary;

	private final ReplicaRotationPublisher publisher;

	private final ReplicaProbing probing;

	private final ProbeSchedule schedule;

	private volatile boolean running;

	/**
	 * Create the monitor.
	 * @param pools the pools whose servers to probe
	 * @param rotation the rotation to publish fit replicas to
	 * @param settings how to probe and measure
	 * @param events where to publish state changes
	 * @param unreachableListener what to tell when a probe fails to reach a server, if
	 * anything
	 * @param scheduler the starter's scheduler, which runs the probes
	 */
	public ReplicaMonitor(MySqlPools pools, ReplicaRotation rotation, MonitorSettings settings,
			ApplicationEventPublisher events, @Nullable UnreachableServerListener unreachableListener,
			TaskScheduler scheduler) {
		this.unreachableListener = unreachableListener;
		this.rotation = rotation;
		this.settings = settings;
		this.schedule = new ProbeSchedule(scheduler, settings);
		HeartbeatTable heartbeat = new HeartbeatTable(settings.heartbeatTable());
		this.primary = new PrimaryMonitoring(pools, settings, heartbeat, this::serverUnreachable);
		this.publisher = new ReplicaRotationPublisher(this.replicas.values(), rotation, settings.fitness(), events,
				this, pools.getPrimary().getServer());
		this.probing = new ReplicaProbing(this.publisher, settings.fitness(), this::serverUnreachable);
		for (MySqlPool replica : pools.getReadPools()) {
			HikariDataSource hikari = replica.getHikari();
			ReplicaProbe probe = (hikari != null)
					? new ReplicaProbe(replica.getName(), hikari, settings, heartbeat, this.primary::writesHeartbeat)
					: null;
			MonitoredReplica monitored = new MonitoredReplica(replica, probe, new ReplicaFitness(settings.fitness()));
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
			this.primary.probe();
			new StartupSettling(this.probing, this.settings, this.primary::writesHeartbeat)
				.probeAll(this.replicas.values());
			this.schedule.start(this.primary, this.replicas.values(), this.probing);
		}
		catch (RuntimeException | Error ex) {
			// stop() is not called after a failed start
			this.rotation.setFailureListener(null);
			stopProbes();
			throw ex;
		}
		this.running = true;
		logger.info("Monitoring " + this.replicas.size() + " replica(s) every "
				+ this.settings.probeInterval().toMillis() + " ms, max-lag "
				+ this.settings.fitness().maxLag().toMillis() + " ms, lag from " + describeLagSources());
	}

	@Override
	public void stop() {
		this.running = false;
		this.rotation.setFailureListener(null);
		stopProbes();
	}

	/**
	 * Stop the probes, wait a while for those in progress, then close their connections.
	 */
	private void stopProbes() {
		this.schedule.stop();
		for (MonitoredReplica replica : this.replicas.values()) {
			if (replica.probe != null) {
				replica.probe.close();
			}
		}
		this.primary.close();
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
		MonitoredReplica replica = this.replicas.get(pool);
		return (replica != null) ? replica.status : ReplicaStatus.UNKNOWN;
	}

	/**
	 * What the monitor knows of the primary.
	 * @return the primary's status
	 */
	public PrimaryStatus primaryStatus() {
		return this.primary.status();
	}

	/**
	 * Whether this instance writes the heartbeat on the primary: of all the instances
	 * monitoring one primary, only one does, the others read it.
	 * @return {@code true} while this instance is the heartbeat writer
	 */
	public boolean isHeartbeatWriter() {
		return this.primary.isHeartbeatWriter();
	}

	/**
	 * Number of failed probes of a replica: unreachable, or its lag unknown.
	 * @param pool the replica's pool name
	 * @return the count since start-up
	 */
	public long probeFailures(String pool) {
		MonitoredReplica replica = this.replicas.get(pool);
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
		MonitoredReplica replica = this.replicas.get(pool);
		return (replica != null && replica.probe != null) ? replica.probe.detectedFlavor() : null;
	}

	@Override
	public void replicaConnectionFailed(MySqlPool replica, SQLException failure) {
		MonitoredReplica monitored = this.replicas.get(replica.getName());
		if (monitored != null) {
			this.probing.borrowFailed(monitored, failure);
		}
	}

	@Override
	public void writerChanged(@Nullable MySqlPool writer) {
		this.primary.writerChanged(writer);
		this.publisher.writerChanged(writer);
	}

	/**
	 * Probe a replica at once, unless a probe of it is already due.
	 */
	private void probeNow(MonitoredReplica replica) {
		if (this.running) {
			this.schedule.probeSoon(replica);
		}
	}

	private void installConnectionErrorOverride(HikariDataSource hikari, MonitoredReplica replica) {
		if (hikari.getExceptionOverride() instanceof ConnectionErrorOverride override) {
			override.bind(() -> probeNow(replica));
		}
	}

	/**
	 * The customizer that installs, on each read pool before it starts, the exception
	 * override through which a connection failure asks the monitor for a probe at once.
	 * @return the customizer
	 */
	public static MySqlPoolCustomizer connectionErrorProbes() {
		return new ConnectionErrorOverride.Installer();
	}

	/**
	 * Tell the listener that a probe failed to reach a pool's server: for a replica, once
	 * the rotation without it is published, so that a read failing there is retried
	 * elsewhere.
	 */
	private void serverUnreachable(MySqlPool pool, String error) {
		UnreachableServerListener listener = this.unreachableListener;
		if (listener != null && this.running) {
			listener.serverUnreachable(pool, error);
		}
	}

	private String describeLagSources() {
		StringBuilder sources = new StringBuilder();
		for (MonitoredReplica replica : this.replicas.values()) {
			if (replica.probe != null) {
				if (!sources.isEmpty()) {
					sources.append(", ");
				}
				ServerFlavor flavor = replica.probe.detectedFlavor();
				sources.append(replica.name())
					.append(": ")
					.append(replica.probe.usesHeartbeat() ? "heartbeat" : "replica status")
					.append((flavor != null) ? " (" + flavor.displayName() + ")" : "");
			}
		}
		return sources.isEmpty() ? "nothing" : sources.toString();
	}

}
