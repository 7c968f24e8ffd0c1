package io.github.mysqlpool.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.replica.lag.internal.PrimaryStatus;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import io.github.mysqlpool.topology.internal.TopologyMonitor;

/**
 * Samples what the replica monitor and topology discovery believe every 50 ms and writes
 * each change, with its time, to {@code target/soak-trace.txt}, next to the faults, so
 * that a slow detection or recovery can be explained afterwards.
 *
 * @author mysql-pool team
 */
final class MonitorTrace implements AutoCloseable {

	private final ReplicaMonitor monitor;

	private final TopologyMonitor topology;

	private final List<String> replicas;

	private final long startNanos;

	private final StringBuilder lines = new StringBuilder();

	private final Map<String, String> last = new HashMap<>();

	private final Thread thread;

	private volatile boolean running = true;

	MonitorTrace(ReplicaMonitor monitor, TopologyMonitor topology, List<String> replicas, long startNanos) {
		this.monitor = monitor;
		this.topology = topology;
		this.replicas = List.copyOf(replicas);
		this.startNanos = startNanos;
		this.thread = new Thread(this::run, "soak-monitor-trace");
		this.thread.setDaemon(true);
	}

	MonitorTrace start() {
		this.thread.start();
		return this;
	}

	void note(String event) {
		synchronized (this.lines) {
			this.lines.append(String.format(Locale.ROOT, "%8.3f  %s%n", seconds(), event));
		}
	}

	private void run() {
		while (this.running) {
			PrimaryStatus primary = this.monitor.primaryStatus();
			record("primary", primary.up() ? "up" : "DOWN " + primary.lastError());
			String writer = this.topology.getWriter();
			record("writer", (writer != null) ? writer : "NONE " + this.topology.getState());
			for (String replica : this.replicas) {
				ReplicaStatus status = this.monitor.status(replica);
				Double lag = status.lagSeconds();
				String state = status.state() + ((lag != null) ? String.format(Locale.ROOT, " lag %.3f", lag) : "")
						+ ((status.lastError() != null) ? " " + status.lastError() : "");
				record(replica, (status.state() == ReplicaStatus.State.FIT) ? "FIT" : state);
			}
			Clocks.sleep(Duration.ofMillis(50));
		}
	}

	private void record(String what, String state) {
		if (!Objects.equals(this.last.put(what, state), state)) {
			note(what + " " + state);
		}
	}

	private double seconds() {
		return (System.nanoTime() - this.startNanos) / 1e9;
	}

	@Override
	public void close() throws InterruptedException, IOException {
		this.running = false;
		this.thread.join(5_000);
		Path file = Path.of("target", "soak-trace.txt");
		Files.createDirectories(file.getParent());
		synchronized (this.lines) {
			Files.writeString(file, this.lines);
		}
	}

}
