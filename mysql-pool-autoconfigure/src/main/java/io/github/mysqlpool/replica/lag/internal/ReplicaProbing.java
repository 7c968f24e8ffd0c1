package io.github.mysqlpool.replica.lag.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.replica.lag.MissingReplicationPrivilegeException;
import io.github.mysqlpool.replica.lag.internal.ReplicaProbe.ProbeResult;
import org.jspecify.annotations.Nullable;

/**
 * Probes a replica and applies what the probe measured to its fitness: out of rotation
 * when unreachable or lagging, back once the probes and a borrow from its own pool say it
 * can serve reads again. Also takes a replica out at once when a caller's borrow from its
 * pool fails to reach it.
 *
 * @author mysql-pool team
 */
final class ReplicaProbing {

	private final ReplicaRotationPublisher publisher;

	private final FitnessPolicy policy;

	private final UnreachableServerListener unreachable;

	/**
	 * Create the probing.
	 * @param publisher where the replicas' fitness is changed
	 * @param policy when a replica serves reads
	 * @param unreachable told when a periodic probe fails to reach a replica
	 */
	ReplicaProbing(ReplicaRotationPublisher publisher, FitnessPolicy policy, UnreachableServerListener unreachable) {
		this.publisher = publisher;
		this.policy = policy;
		this.unreachable = unreachable;
	}

	/**
	 * A periodic (or requested) probe of a replica.
	 * @param replica the replica
	 */
	void probe(MonitoredReplica replica) {
		long failureReports = replica.failureReports;
		correctConnectionsInUse(replica.pool);
		ProbeResult result = measure(replica, false);
		if (result != null) {
			apply(replica, result, failureReports);
			if (!result.reached()) {
				this.unreachable.serverUnreachable(replica.pool, String.valueOf(result.error()));
			}
		}
	}

	/**
	 * A caller's borrow from a replica's pool failed to reach its server.
	 * @param replica the replica
	 * @param failure what the borrow saw
	 */
	void borrowFailed(MonitoredReplica replica, SQLException failure) {
		this.publisher.update(replica, (fitness) -> {
			replica.failureReports++;
			fitness.failed("borrow from the pool failed: " + MonitorConnections.describe(failure), Instant.now());
		});
	}

	/**
	 * Measure a replica's lag.
	 * @param replica the replica
	 * @param startUp whether the application is starting: a missing privilege then fails
	 * start-up
	 * @return what the probe saw, {@code null} for a replica the monitor cannot probe
	 */
	@Nullable ProbeResult measure(MonitoredReplica replica, boolean startUp) {
		ReplicaProbe probe = replica.probe;
		if (probe == null) {
			return null;
		}
		try {
			return probe.probe();
		}
		catch (MissingReplicationPrivilegeException ex) {
			if (startUp) {
				throw ex;
			}
			return ProbeResult.lagUnknown(ex.getMessage() + "; run " + ex.getGrant());
		}
	}

	/**
	 * Apply a probe's result, unless a borrow from the replica's pool failed after the
	 * probe started: the server answering the probe does not mean that the pool can reach
	 * it, so only a probe that started after the failure may count towards its return.
	 * @param replica the replica
	 * @param measured what the probe saw
	 * @param failureReportsBefore the replica's failed borrows when the probe started
	 */
	void apply(MonitoredReplica replica, ProbeResult measured, long failureReportsBefore) {
		if (!measured.reached() || measured.lag() == null) {
			replica.probeFailures.increment();
		}
		String poolFailure = mayReturn(replica, measured) ? borrowFailure(replica.pool) : null;
		Instant now = Instant.now();
		this.publisher.update(replica, (fitness) -> {
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
	private boolean mayReturn(MonitoredReplica replica, ProbeResult measured) {
		Duration lag = measured.lag();
		if (!measured.reached() || lag == null || lag.compareTo(this.policy.readmitLag()) > 0) {
			return false;
		}
		if (this.publisher.isWriter(replica)) {
			// The writer's own read pool serves no reads: do not open it
			return false;
		}
		return !this.publisher.isInRotation(replica);
	}

	/**
	 * Borrow a connection from a replica's own pool, as a read would, so that a replica
	 * returns only once its pool has replaced the connections it lost: after a restart
	 * the monitor's probe connection works long before HikariCP's reconnect back-off lets
	 * the pool open one, and reads sent there meanwhile would wait for
	 * connection-timeout. Runs on the probe's thread, outside the publisher's lock.
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

	private static void correctConnectionsInUse(MySqlPool pool) {
		HikariDataSource hikari = pool.getHikari();
		HikariPoolMXBean running = (hikari != null && hikari.isRunning()) ? hikari.getHikariPoolMXBean() : null;
		if (running != null) {
			pool.getLoad().correctConnectionsInUse(running::getActiveConnections);
		}
	}

}
