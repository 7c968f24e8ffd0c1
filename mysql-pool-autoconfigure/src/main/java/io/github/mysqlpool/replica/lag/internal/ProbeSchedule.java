package io.github.mysqlpool.replica.lag.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.mysqlpool.scheduling.internal.PeriodicTask;

import org.springframework.scheduling.TaskScheduler;

/**
 * Runs the replica monitor's probes on the starter's scheduler: one {@link PeriodicTask}
 * per server, so that a probe waiting for a hung server (until the probe timeout) delays
 * neither the probes of the other servers nor the starter's other tasks.
 *
 * @author mysql-pool team
 */
final class ProbeSchedule {

	private final TaskScheduler scheduler;

	private final MonitorSettings settings;

	private final List<PeriodicTask> tasks = new ArrayList<>();

	private volatile Map<MonitoredReplica, PeriodicTask> replicaTasks = Map.of();

	ProbeSchedule(TaskScheduler scheduler, MonitorSettings settings) {
		this.scheduler = scheduler;
		this.settings = settings;
	}

	/**
	 * Start probing the primary and every replica that can be probed.
	 * @param primary probes the primary
	 * @param replicas the replicas
	 * @param probing probes a replica
	 */
	synchronized void start(PrimaryMonitoring primary, Collection<MonitoredReplica> replicas, ReplicaProbing probing) {
		if (primary.isProbed()) {
			this.tasks.add(new PeriodicTask(this.scheduler, "primary probe", primary.interval(), primary::probe));
		}
		Map<MonitoredReplica, PeriodicTask> byReplica = new HashMap<>();
		for (MonitoredReplica replica : replicas) {
			if (replica.probe != null) {
				PeriodicTask task = new PeriodicTask(this.scheduler, "replica probe " + replica.name(),
						this.settings.probeInterval(), () -> probing.probe(replica));
				byReplica.put(replica, task);
				this.tasks.add(task);
			}
		}
		this.replicaTasks = byReplica;
		for (PeriodicTask task : this.tasks) {
			task.start();
		}
	}

	/**
	 * Probe a replica as soon as a thread is free, unless a probe of it is already due.
	 * @param replica the replica
	 */
	void probeSoon(MonitoredReplica replica) {
		PeriodicTask task = this.replicaTasks.get(replica);
		if (task != null) {
			task.runSoon();
		}
	}

	/**
	 * Stop the probes and wait for those in progress, up to twice the probe timeout.
	 */
	synchronized void stop() {
		this.replicaTasks = Map.of();
		for (PeriodicTask task : this.tasks) {
			task.stop();
		}
		long deadline = System.nanoTime() + this.settings.probeTimeout().multipliedBy(2).toNanos();
		for (PeriodicTask task : this.tasks) {
			task.awaitIdle(deadline);
		}
		this.tasks.clear();
	}

}
