package io.github.mysqlpool.topology.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.internal.EventLog;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.PoolRole;
import io.github.mysqlpool.topology.PrimaryChangedEvent;
import io.github.mysqlpool.topology.ServerRole;
import io.github.mysqlpool.topology.TopologyDiscovery;
import io.github.mysqlpool.topology.internal.WriterElection.Decision;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Keeps every server's last probed role, elects the writer after each probe and follows a
 * change of writer: points the pools' writes at the new one, evicts the old writer's idle
 * connections, tells the {@link WriterChangeListener}s, logs the change and publishes a
 * {@link PrimaryChangedEvent}. Logs under {@link TopologyMonitor}'s name.
 *
 * @author mysql-pool team
 */
final class WriterTracker {

	private static final Log logger = LogFactory.getLog(TopologyMonitor.class);

	private static final EventLog eventLog = EventLog.of(TopologyMonitor.class);

	private final MySqlPools pools;

	private final TopologyDiscovery discovery;

	private final Object eventSource;

	private final ApplicationEventPublisher events;

	private final List<WriterChangeListener> listeners;

	private final Map<String, ServerRole> roles = new LinkedHashMap<>();

	private final Map<String, Instant> unreachableSince = new LinkedHashMap<>();

	private final LongAdder writerChanges = new LongAdder();

	private volatile @Nullable String writer;

	private volatile boolean splitBrain;

	private volatile String state = "not started";

	private volatile @Nullable Instant lastChange;

	/**
	 * Create the tracker, writes going to the primary pool's server until a probe says
	 * otherwise.
	 * @param pools the pools whose writes to point at the writer
	 * @param discovery how the writer is found
	 * @param servers the servers probed, in configuration order
	 * @param eventSource the source of the events published
	 * @param events where to publish changes of writer
	 * @param listeners told of a change of writer before it is published
	 */
	WriterTracker(MySqlPools pools, TopologyDiscovery discovery, Collection<String> servers, Object eventSource,
			ApplicationEventPublisher events, List<WriterChangeListener> listeners) {
		this.pools = pools;
		this.discovery = discovery;
		this.eventSource = eventSource;
		this.events = events;
		this.listeners = List.copyOf(listeners);
		for (String server : servers) {
			this.roles.put(server, new ServerRole(server, false, null, null, "not probed yet", null));
		}
		this.writer = pools.getPrimary().getServer();
	}

	@Nullable String getWriter() {
		return this.writer;
	}

	boolean isSplitBrain() {
		return this.splitBrain;
	}

	String getState() {
		return this.state;
	}

	synchronized Map<String, ServerRole> getRoles() {
		return new LinkedHashMap<>(this.roles);
	}

	synchronized boolean isPrimaryUnavailable() {
		String current = this.writer;
		return current == null || this.unreachableSince.containsKey(current);
	}

	long getWriterChanges() {
		return this.writerChanges.sum();
	}

	@Nullable Instant getLastChange() {
		return this.lastChange;
	}

	/**
	 * Note a server's probed role and elect the writer again.
	 * @param server the server probed
	 * @param role what the probe found
	 * @param startUp whether this is the probe at start-up
	 */
	void record(String server, ServerRole role, boolean startUp) {
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
	 * Elect the writer and apply a change at once, under the tracker's lock, so that two
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
		this.events.publishEvent(
				new PrimaryChangedEvent(this.eventSource, change.previous(), change.current(), change.cause()));
	}

	private static void evict(@Nullable MySqlPool pool) {
		HikariDataSource hikari = (pool != null) ? pool.getHikari() : null;
		HikariPoolMXBean running = (hikari != null) ? hikari.getHikariPoolMXBean() : null;
		if (running != null) {
			running.softEvictConnections();
		}
	}

	private record Change(@Nullable String previous, @Nullable String current, String cause) {

	}

}
