package io.github.mysqlpool.replica.lag.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.function.BooleanSupplier;

import io.github.mysqlpool.replica.lag.MissingReplicationPrivilegeException;
import io.github.mysqlpool.replica.lag.internal.ReplicaProbe.ProbeResult;

/**
 * The first probe of every replica, before the application serves requests. The heartbeat
 * row a replica holds may still be the one an earlier run left behind, or a table just
 * created may not hold one yet, so a heartbeat lag over the limit or unknown is measured
 * again until the heartbeat just written on the primary has arrived, within a start-up
 * budget shared by all replicas (the probe timeout, at least 3 s), so that start-up waits
 * at most that long. A replica that is really behind stays behind and leaves rotation as
 * usual.
 *
 * @author mysql-pool team
 */
final class StartupSettling {

	private static final Duration LEAST_BUDGET = Duration.ofSeconds(3);

	private static final long PAUSE_MILLIS = 50;

	private final ReplicaProbing probing;

	private final FitnessPolicy policy;

	private final Duration budget;

	private final BooleanSupplier primaryWritesHeartbeat;

	StartupSettling(ReplicaProbing probing, MonitorSettings settings, BooleanSupplier primaryWritesHeartbeat) {
		this.probing = probing;
		this.policy = settings.fitness();
		this.budget = (settings.probeTimeout().compareTo(LEAST_BUDGET) > 0) ? settings.probeTimeout() : LEAST_BUDGET;
		this.primaryWritesHeartbeat = primaryWritesHeartbeat;
	}

	/**
	 * Probe every replica once, settling as described above.
	 * @param replicas the replicas
	 * @throws MissingReplicationPrivilegeException when the monitor's user lacks a
	 * privilege it needs
	 */
	void probeAll(Collection<MonitoredReplica> replicas) {
		long deadline = System.nanoTime() + this.budget.toNanos();
		for (MonitoredReplica replica : replicas) {
			firstProbe(replica, deadline);
		}
	}

	private void firstProbe(MonitoredReplica replica, long deadline) {
		long failureReports = replica.failureReports;
		ProbeResult result = this.probing.measure(replica, true);
		while (result != null && (overLimitByHeartbeat(result) || awaitingFirstHeartbeat(result))
				&& System.nanoTime() < deadline) {
			try {
				Thread.sleep(PAUSE_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			result = this.probing.measure(replica, true);
		}
		if (result != null) {
			this.probing.apply(replica, result, failureReports);
		}
	}

	private boolean awaitingFirstHeartbeat(ProbeResult result) {
		return result.reached() && result.lag() == null && this.primaryWritesHeartbeat.getAsBoolean();
	}

	private boolean overLimitByHeartbeat(ProbeResult result) {
		Duration lag = result.lag();
		return result.reached() && result.fromHeartbeat() && lag != null && lag.compareTo(this.policy.maxLag()) > 0;
	}

}
