package io.github.mysqlpool.topology.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import io.github.mysqlpool.internal.EventLog;
import io.github.mysqlpool.internal.JdbcUrls;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPoolCustomizer;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.PoolRole;
import io.github.mysqlpool.scheduling.internal.PeriodicTask;
import io.github.mysqlpool.topology.PrimaryChangedEvent;
import io.github.mysqlpool.topology.ServerRole;
import io.github.mysqlpool.topology.TopologyDiscovery;
import io.github.mysqlpool.topology.internal.WriterElection.Decision;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

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

	private final MySqlPools pools;

	private final TopologyDiscovery discovery;

	private final Duration interval;

	private final RoleProbes probes;

	private final WriterTracker writers;

	private final int phase;

	private final TaskScheduler scheduler;

	private final List<PeriodicTask> tasks = new CopyOnWriteArrayList<>();

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
	 * @param scheduler the starter's scheduler, which runs the probes
	 */
	public TopologyMonitor(MySqlPools pools, TopologyDiscovery discovery, Duration interval, Duration timeout,
			ApplicationEventPublisher events, List<WriterChangeListener> listeners, int phase,
			TaskScheduler scheduler) {
		if (discovery == TopologyDiscovery.NONE) {
			throw new IllegalArgumentException("Topology discovery is off");
		}
		this.pools = pools;
		this.discovery = discovery;
		this.interval = interval;
		this.phase = phase;
		this.scheduler = scheduler;
		this.probes = new RoleProbes(pools, discovery, timeout);
		this.writers = new WriterTracker(pools, discovery, this.probes.servers(), this, events, listeners);
		installReadOnlyErrorOverrides();
	}

	@Override
	public void start() {
		if (this.running) {
			return;
		}
		for (RoleProbe probe : this.probes.all()) {
			this.writers.record(probe.server(), probe.probe(), true);
		}
		scheduleProbes();
		this.running = true;
		logStart();
	}

	@Override
	public void stop() {
		this.running = false;
		cancelProbes();
		this.probes.closeAll();
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
		return this.writers.getWriter();
	}

	/**
	 * Whether more than one server is writable.
	 * @return {@code true} during a split brain or a promotion half done
	 */
	public boolean isSplitBrain() {
		return this.writers.isSplitBrain();
	}

	/**
	 * What the last election found.
	 * @return a sentence for operators
	 */
	public String getState() {
		return this.writers.getState();
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
	public Map<String, ServerRole> getRoles() {
		return this.writers.getRoles();
	}

	/**
	 * Whether the writer's last probe failed to reach it, or no server takes writes: the
	 * state in which writes fail.
	 * @return {@code true} while writes cannot reach a writable server
	 */
	public boolean isPrimaryUnavailable() {
		return this.writers.isPrimaryUnavailable();
	}

	/**
	 * How often the writer changed since start-up.
	 * @return the count
	 */
	public long getWriterChanges() {
		return this.writers.getWriterChanges();
	}

	/**
	 * When the writer last changed.
	 * @return the instant, {@code null} when it never changed
	 */
	public @Nullable Instant getLastChange() {
		return this.writers.getLastChange();
	}

	/**
	 * Probe every server at once, on the scheduler's threads, unless a probe is due
	 * anyway.
	 */
	public void probeNow() {
		if (!this.running) {
			return;
		}
		for (PeriodicTask task : this.tasks) {
			task.runSoon();
		}
	}

	/**
	 * One task per server, so that a probe waiting for a hung server delays no other.
	 */
	private void scheduleProbes() {
		for (RoleProbe probe : this.probes.all()) {
			PeriodicTask task = new PeriodicTask(this.scheduler, "topology probe " + probe.server(), this.interval,
					() -> this.probes.probe(probe, this.writers));
			this.tasks.add(task);
			task.start();
		}
	}

	private void cancelProbes() {
		for (PeriodicTask task : this.tasks) {
			task.stop();
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		for (PeriodicTask task : this.tasks) {
			task.awaitIdle(deadline);
		}
		this.tasks.clear();
	}

	private void logStart() {
		String current = this.writers.getWriter();
		logger.info("Discovering the primary (" + this.discovery.name().toLowerCase(java.util.Locale.ROOT) + ") among "
				+ this.probes.servers() + " every " + this.interval.toMillis() + " ms; writes go to "
				+ ((current != null) ? "'" + current + "'" : "no server (" + this.writers.getState() + ")"));
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

	private void installReadOnlyErrorOverrides() {
		for (MySqlPool pool : this.pools.getEveryPool()) {
			HikariDataSource hikari = (pool.getRole() == PoolRole.PRIMARY) ? pool.getHikari() : null;
			if (hikari != null && hikari.getExceptionOverride() instanceof ReadOnlyErrorOverride override) {
				override.bind(this::probeNow);
			}
		}
	}

	/**
	 * The customizer that installs, on each write pool before it starts, the exception
	 * override through which a write refused as read-only asks for a probe at once.
	 * @return the customizer
	 */
	public static MySqlPoolCustomizer readOnlyErrorProbes() {
		return new ReadOnlyErrorProbes();
	}

}
