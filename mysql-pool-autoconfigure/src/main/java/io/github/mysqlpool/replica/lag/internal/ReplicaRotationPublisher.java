package io.github.mysqlpool.replica.lag.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import io.github.mysqlpool.internal.EventLog;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.ReplicaStatus.State;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.replica.lag.ReplicaStateChangedEvent;
import io.github.mysqlpool.routing.ReplicaSnapshot;
import io.github.mysqlpool.routing.internal.ReplicaRotation;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Changes the replicas' fitness and publishes the replicas fit to serve reads to the
 * {@link ReplicaRotation}, each with its last lag, leaving out the server that takes the
 * writes. Every change runs under this publisher's lock, so that two probes ending
 * together publish their rotations in order; a change of a replica's state or of its
 * place in rotation is then logged and published as a {@link ReplicaStateChangedEvent},
 * outside the lock.
 *
 * @author mysql-pool team
 */
final class ReplicaRotationPublisher {

	private static final EventLog eventLog = EventLog.of(ReplicaMonitor.class);

	private final Collection<MonitoredReplica> replicas;

	private final ReplicaRotation rotation;

	private final FitnessPolicy policy;

	private final ApplicationEventPublisher events;

	private final Object eventSource;

	private volatile @Nullable String writerServer;

	ReplicaRotationPublisher(Collection<MonitoredReplica> replicas, ReplicaRotation rotation, FitnessPolicy policy,
			ApplicationEventPublisher events, Object eventSource, @Nullable String writerServer) {
		this.replicas = replicas;
		this.rotation = rotation;
		this.policy = policy;
		this.events = events;
		this.eventSource = eventSource;
		this.writerServer = writerServer;
	}

	/**
	 * Change a replica's fitness, publish the rotation and announce a change of state.
	 * @param replica the replica
	 * @param change what to change, run under the lock
	 */
	void update(MonitoredReplica replica, Consumer<ReplicaFitness> change) {
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
			this.events.publishEvent(new ReplicaStateChangedEvent(this.eventSource, replica.name(), previous, current));
		}
	}

	synchronized boolean isInRotation(MonitoredReplica replica) {
		return replica.fitness.isInRotation();
	}

	/**
	 * Whether a replica's server takes the writes now: its read pool serves no reads.
	 */
	boolean isWriter(MonitoredReplica replica) {
		return replica.pool.getServer().equals(this.writerServer);
	}

	/**
	 * Publish the rotation without the new writer.
	 * @param writer the pool that takes the writes, {@code null} when none does
	 */
	synchronized void writerChanged(@Nullable MySqlPool writer) {
		this.writerServer = (writer != null) ? writer.getServer() : null;
		publishRotation();
	}

	/**
	 * Build and publish the rotation: every replica in rotation with its last lag. Runs
	 * under the lock, off the borrow path.
	 */
	private void publishRotation() {
		List<MySqlPool> fit = new ArrayList<>();
		List<Long> lags = new ArrayList<>();
		StringBuilder exclusions = new StringBuilder();
		String writer = this.writerServer;
		for (MonitoredReplica replica : this.replicas) {
			ReplicaStatus status = replica.status;
			if (replica.pool.getServer().equals(writer)) {
				if (!replica.pool.getName().equals(replica.pool.getServer())) {
					// The configured primary's read pool, while it is the primary
					continue;
				}
				appendExclusion(exclusions, replica.name() + " is the primary now");
			}
			else if (replica.fitness.isInRotation()) {
				fit.add(replica.pool);
				Double seconds = status.lagSeconds();
				lags.add((seconds != null) ? Math.round(seconds * 1000) : ReplicaSnapshot.UNKNOWN_LAG);
			}
			else {
				appendExclusion(exclusions, replica.name() + " " + describe(status));
			}
		}
		long[] lagMillis = new long[lags.size()];
		for (int i = 0; i < lagMillis.length; i++) {
			lagMillis[i] = lags.get(i);
		}
		this.rotation.update(ReplicaSnapshot.of(fit, lagMillis, exclusions.toString()));
	}

	private static void appendExclusion(StringBuilder exclusions, String exclusion) {
		if (!exclusions.isEmpty()) {
			exclusions.append(", ");
		}
		exclusions.append(exclusion);
	}

	private void logChange(MonitoredReplica replica, ReplicaStatus previous, ReplicaStatus current) {
		String name = replica.name();
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
				description.append((lag > this.policy.maxLag().toNanos() / 1e9)
						? " over max-lag " + this.policy.maxLag().toMillis() + " ms"
						: " (catching up, waiting for " + this.policy.readmitProbes() + " good probes under "
								+ this.policy.readmitLag().toMillis() + " ms)");
			}
		}
		if (status.lastError() != null) {
			description.append(": ").append(status.lastError());
		}
		return description.toString();
	}

}
