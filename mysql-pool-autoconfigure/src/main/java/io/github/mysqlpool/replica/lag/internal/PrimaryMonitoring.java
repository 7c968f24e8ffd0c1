package io.github.mysqlpool.replica.lag.internal;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Probes the server that takes the writes, writing the heartbeat there when it is used
 * and this instance is the one of its service that writes it, and keeps what the last
 * probe found. Follows a change of writer, and tells the listener when the writer (or,
 * while none takes writes, the last one) cannot be reached, so that its callers are
 * rescued.
 *
 * @author mysql-pool team
 */
final class PrimaryMonitoring {

	private static final Log logger = LogFactory.getLog(ReplicaMonitor.class);

	private final MySqlPools pools;

	private final MonitorSettings settings;

	private final @Nullable PrimaryProbe probe;

	private final UnreachableServerListener unreachable;

	private volatile PrimaryStatus status = PrimaryStatus.UNPROBED;

	/**
	 * The last server that took the writes, still probed while none does.
	 */
	private volatile @Nullable MySqlPool lastWriter;

	PrimaryMonitoring(MySqlPools pools, MonitorSettings settings, HeartbeatTable heartbeat,
			UnreachableServerListener unreachable) {
		this.pools = pools;
		this.settings = settings;
		this.unreachable = unreachable;
		HikariDataSource primary = pools.getPrimary().getHikari();
		this.probe = (primary != null && primary.getJdbcUrl() != null) ? new PrimaryProbe(primary, settings, heartbeat)
				: null;
	}

	/**
	 * Probe the primary once.
	 */
	void probe() {
		PrimaryProbe probe = this.probe;
		if (probe == null) {
			return;
		}
		PrimaryStatus previous = this.status;
		PrimaryStatus current = probe.probe();
		this.status = current;
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
			this.unreachable.serverUnreachable(
					(writer != null) ? writer : (last != null) ? last : this.pools.getPrimary(),
					String.valueOf(current.lastError()));
		}
	}

	/**
	 * Whether there is a primary to probe.
	 */
	boolean isProbed() {
		return this.probe != null;
	}

	/**
	 * Time between two probes: the heartbeat interval while the heartbeat is used.
	 */
	Duration interval() {
		return writesHeartbeat() ? this.settings.heartbeatInterval() : this.settings.probeInterval();
	}

	PrimaryStatus status() {
		return this.status;
	}

	/**
	 * Whether the heartbeat is used: written on the primary by this instance or another.
	 */
	boolean writesHeartbeat() {
		PrimaryProbe probe = this.probe;
		return probe != null && probe.writesHeartbeat();
	}

	boolean isHeartbeatWriter() {
		PrimaryProbe probe = this.probe;
		return probe != null && probe.isHeartbeatWriter();
	}

	/**
	 * Probe the new writer from the next probe on.
	 * @param writer the pool that takes the writes now, {@code null} when none does
	 */
	void writerChanged(@Nullable MySqlPool writer) {
		if (writer == null) {
			return;
		}
		this.lastWriter = writer;
		HikariDataSource hikari = writer.getHikari();
		if (hikari != null && this.probe != null) {
			this.probe.retarget(hikari);
		}
	}

	void close() {
		if (this.probe != null) {
			this.probe.close();
		}
	}

}
