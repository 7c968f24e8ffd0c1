package io.github.mysqlpool.embedded;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Waits until replicas have applied everything the primary has written
 * ({@code MASTER_GTID_WAIT} on the primary's {@code @@gtid_binlog_pos}).
 *
 * @author mysql-pool team
 */
final class ReplicaCatchUp {

	private ReplicaCatchUp() {
	}

	/**
	 * Wait until every running, unpaused replica whose replication SQL thread runs has
	 * caught up.
	 * @param primary the primary
	 * @param replicas the replicas
	 * @param timeout how long to wait in all
	 * @throws EmbeddedMariaDbException when a replica does not catch up in time
	 */
	static void awaitAll(Node primary, List<Node> replicas, Duration timeout) {
		if (!primary.isRunning() || primary.isPaused()) {
			throw new IllegalStateException("The primary is not running");
		}
		String gtid = Objects.requireNonNullElse(primary.queryForString("SELECT @@gtid_binlog_pos"), "");
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Node replica : replicas) {
			if (replica.isRunning() && !replica.isPaused() && isReplicating(replica.replicaStatus())) {
				Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
				if (!replica.replication().awaitGtid(gtid, remaining)) {
					throw new EmbeddedMariaDbException(replica.name() + " did not reach GTID " + gtid + " within "
							+ timeout.toMillis() + " ms: " + replica.replication().summary());
				}
			}
		}
	}

	/**
	 * Wait until a node that has just rejoined or been rebuilt has caught up.
	 * @param replica the node
	 * @param primary the primary
	 * @param timeout how long to wait
	 * @throws EmbeddedMariaDbException when it does not catch up in time
	 */
	static void awaitRejoined(Node replica, Node primary, Duration timeout) {
		String target = Objects.requireNonNullElse(primary.queryForString("SELECT @@gtid_binlog_pos"), "");
		if (!replica.replication().awaitGtid(target, timeout)) {
			throw new EmbeddedMariaDbException(replica.name() + " did not reach GTID " + target + " within "
					+ timeout.toMillis() + " ms after rejoining: " + replica.replication().summary());
		}
	}

	/**
	 * Return whether a replica applies what it receives: its SQL thread runs and its I/O
	 * thread has not stopped.
	 * @param status the replica's {@code SHOW REPLICA STATUS}
	 * @return whether it replicates
	 */
	static boolean isReplicating(Map<String, @Nullable String> status) {
		return "Yes".equals(status.get("Slave_SQL_Running")) && !"No".equals(status.get("Slave_IO_Running"));
	}

}
