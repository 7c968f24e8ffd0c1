package io.github.mysqlpool.monitor;

import java.time.Instant;

import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.pool.ReplicaStatusSource;

import org.springframework.beans.factory.DisposableBean;

/**
 * Test fixture measuring the real replication lag of the embedded replicas with a
 * heartbeat row: the primary stamps it every 100 ms, and a replica's lag is the age of
 * the stamp it has applied. ({@code Seconds_Behind_Master} reads NULL while the SQL
 * thread is stopped, so it cannot show that lag.) Stands in for the lag-aware replica
 * monitor.
 *
 * @author mysql-pool team
 */
class HeartbeatReplicaStatusSource implements ReplicaStatusSource, DisposableBean {

	private static final double LAGGING_SECONDS = 5;

	private final ReplicatedMariaDb db;

	private final String table;

	private final Thread writer;

	private volatile boolean running = true;

	HeartbeatReplicaStatusSource(ReplicatedMariaDb db) {
		this.db = db;
		this.table = db.database() + ".monitor_heartbeat";
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + this.table + " (id INT PRIMARY KEY, ts TIMESTAMP(6))");
		db.primary().executeAsRoot("REPLACE INTO " + this.table + " VALUES (1, NOW(6))");
		this.writer = new Thread(this::beat, "heartbeat");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	private void beat() {
		while (this.running) {
			try {
				this.db.primary().executeAsRoot("UPDATE " + this.table + " SET ts = NOW(6) WHERE id = 1");
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// The primary may be down in a fault test: keep beating
			}
		}
	}

	@Override
	public ReplicaStatus status(String pool) {
		Node replica = replica(pool);
		if (replica == null) {
			return ReplicaStatus.UNKNOWN;
		}
		try {
			String lag = replica.queryForString(
					"SELECT TIMESTAMPDIFF(MICROSECOND, ts, NOW(6)) / 1000000 FROM " + this.table + " WHERE id = 1");
			double seconds = (lag != null) ? Double.parseDouble(lag) : Double.NaN;
			return new ReplicaStatus(
					(seconds < LAGGING_SECONDS) ? ReplicaStatus.State.FIT : ReplicaStatus.State.LAGGING, seconds,
					Instant.now(), null);
		}
		catch (RuntimeException ex) {
			return new ReplicaStatus(ReplicaStatus.State.DOWN, null, Instant.now(), ex.getMessage());
		}
	}

	private Node replica(String pool) {
		for (Node node : this.db.replicas()) {
			if (node.name().equals(pool)) {
				return node;
			}
		}
		return null;
	}

	@Override
	public void destroy() throws InterruptedException {
		this.running = false;
		this.writer.interrupt();
		this.writer.join(2000);
	}

}
