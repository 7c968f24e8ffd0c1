package io.github.mysqlpool.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a switchover, a failover and a rejoin on MariaDB with GTID replication, in
 * the order an orchestrator (Orchestrator, MaxScale) takes them, once the nodes' roles
 * and states allow it. The caller checks that the nodes are its own and records the new
 * primary.
 *
 * @author mysql-pool team
 */
final class RoleChanges {

	private static final Logger logger = LoggerFactory.getLogger(RoleChanges.class);

	private final Duration timeout;

	/**
	 * Create the steps.
	 * @param timeout how long a node may take to catch up
	 */
	RoleChanges(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * Make the old primary read-only, wait until the replica has applied all it wrote,
	 * promote the replica, point the other replicas and then the old primary at it.
	 * @param old the primary
	 * @param replica the replica to promote
	 * @param replicas the current replicas, the one to promote among them
	 * @throws IllegalStateException when the node to promote is not a replica, or either
	 * node is not running or is paused
	 */
	void switchover(Node old, Node replica, List<Node> replicas) {
		if (!replica.isReplica()) {
			throw new IllegalStateException(replica.name() + " is not a replica but " + replica.role());
		}
		requireReachable(old);
		requireReachable(replica);
		long start = System.nanoTime();
		old.executeAsRoot("SET GLOBAL read_only=1");
		String position = Objects.requireNonNullElse(old.queryForString("SELECT @@gtid_binlog_pos"), "");
		if ("No".equals(replica.replicaStatus().get("Slave_SQL_Running"))) {
			replica.startReplicationSqlThread();
		}
		if (!replica.replication().awaitGtid(position, this.timeout)) {
			old.executeAsRoot("SET GLOBAL read_only=0");
			throw new EmbeddedMariaDbException(
					replica.name() + " did not reach GTID " + position + " within " + this.timeout.toMillis()
							+ " ms, so " + old.name() + " stays primary: " + replica.replication().summary());
		}
		replica.replication().promote();
		repoint(replicas, replica);
		old.replication().follow(replica);
		logger.info("Switched over from {} to {} in {} ms", old.name(), replica.name(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
	}

	/**
	 * Kill the primary, promote the running replica that received the most of its
	 * transactions once it has applied them, and point the other replicas at it.
	 * @param old the primary
	 * @param replicas the current replicas
	 * @return the new primary
	 * @throws IllegalStateException when no replica is running and unpaused
	 */
	Node failover(Node old, List<Node> replicas) {
		List<Node> candidates = new ArrayList<>();
		for (Node replica : replicas) {
			if (replica.isRunning() && !replica.isPaused()) {
				candidates.add(replica);
			}
		}
		if (candidates.isEmpty()) {
			throw new IllegalStateException("No running replica to promote among " + replicas);
		}
		long start = System.nanoTime();
		old.kill();
		old.replication().markReplaced();
		Node chosen = candidates.get(0);
		long best = -1;
		for (Node candidate : candidates) {
			long received = GtidPosition.parse(receivedGtids(candidate)).progress();
			if (received > best) {
				best = received;
				chosen = candidate;
			}
		}
		String position = Objects.requireNonNullElse(receivedGtids(chosen), "");
		if ("No".equals(chosen.replicaStatus().get("Slave_SQL_Running"))) {
			chosen.startReplicationSqlThread();
		}
		if (!chosen.replication().awaitGtid(position, this.timeout)) {
			logger.warn("{} did not apply its relay log up to {} within {} ms; promoting it anyway", chosen.name(),
					position, this.timeout.toMillis());
		}
		chosen.replication().promote();
		repoint(replicas, chosen);
		logger.info("Failed over from {} to {} in {} ms", old.name(), chosen.name(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		return chosen;
	}

	/**
	 * Make a former primary a replica of the primary, resuming or starting it first,
	 * unless it holds transactions the primary lacks, and wait until it has caught up.
	 * @param former the former primary
	 * @param primary the current primary
	 */
	void rejoin(Node former, Node primary) {
		requireFormerPrimary(former);
		if (former.isPaused()) {
			former.resume();
		}
		former.start();
		String divergence = divergence(former, primary);
		if (divergence != null) {
			throw new EmbeddedMariaDbException(former.name() + " holds transactions that " + primary.name()
					+ " lacks, so it cannot replicate from it without being rebuilt: " + divergence);
		}
		former.replication().follow(primary);
		ReplicaCatchUp.awaitRejoined(former, primary, this.timeout);
		logger.info("{} rejoined as a replica of {}", former.name(), primary.name());
	}

	/**
	 * Return the first transaction of a running former primary that the primary lacks.
	 * @param former the former primary
	 * @param primary the current primary
	 * @return a description of it, or {@code null} when the primary has all it wrote
	 */
	@Nullable String divergence(Node former, Node primary) {
		GtidPosition own = GtidPosition.parse(former.queryForString("SELECT @@gtid_binlog_pos"));
		String ahead = own.divergenceFrom(GtidPosition.parse(primary.queryForString("SELECT @@gtid_binlog_pos")));
		return (ahead != null) ? ahead : missing(own, primary);
	}

	/**
	 * The former primary's last transaction in a domain that the primary's binary log
	 * lacks although it has gone further since: the primary's binlog state holds the last
	 * sequence number of every server in every domain, and with gtid_strict_mode a lower
	 * one from the same server means the transaction was never received.
	 */
	private static @Nullable String missing(GtidPosition own, Node primary) {
		String state = primary.queryForString("SELECT @@gtid_binlog_state");
		for (Map.Entry<Long, GtidPosition.Gtid> entry : own.domains().entrySet()) {
			GtidPosition.Gtid mine = entry.getValue();
			long received = -1;
			for (String part : (state != null) ? state.split(",") : new String[0]) {
				String[] fields = part.trim().split("-");
				if (fields.length == 3 && Long.parseLong(fields[0]) == entry.getKey()
						&& Long.parseLong(fields[1]) == mine.serverId()) {
					received = Long.parseLong(fields[2]);
				}
			}
			if (received < mine.sequence()) {
				return entry.getKey() + "-" + mine.serverId() + "-" + mine.sequence() + " (the primary's binary log "
						+ ((received < 0) ? "has nothing" : "stops at sequence " + received) + " of server "
						+ mine.serverId() + " in domain " + entry.getKey() + ")";
			}
		}
		return null;
	}

	/**
	 * Replace a former primary's data with an empty data directory and let it replay the
	 * primary's binary log from the start, which holds the whole history because every
	 * node logs what it applies and none purges its binary log.
	 * @param former the former primary
	 * @param primary the current primary
	 */
	void rebuild(Node former, Node primary) {
		requireFormerPrimary(former);
		long start = System.nanoTime();
		former.replication().rebuildFrom(primary);
		ReplicaCatchUp.awaitRejoined(former, primary, this.timeout.multipliedBy(4));
		former.replication().restoreServerId();
		awaitBothThreadsRunning(former);
		logger.info("Rebuilt {} as a replica of {} in {} ms", former.name(), primary.name(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
	}

	private static void requireReachable(Node node) {
		if (!node.isRunning() || node.isPaused()) {
			throw new IllegalStateException(node.name() + " is not running or is paused");
		}
	}

	private static void requireFormerPrimary(Node node) {
		if (node.role() != Node.Role.FORMER_PRIMARY) {
			throw new IllegalStateException(node.name() + " is not a former primary but " + node.role());
		}
	}

	private static void repoint(List<Node> replicas, Node primary) {
		for (Node replica : replicas) {
			if (replica != primary) {
				if (replica.isRunning() && !replica.isPaused()) {
					replica.replication().follow(primary);
				}
				else {
					logger.info("{} is down or paused and keeps its old primary until healed", replica.name());
				}
			}
		}
	}

	/**
	 * Wait until a replica whose replication was restarted runs both threads again: its
	 * I/O thread reports {@code Preparing} or {@code Connecting} for a moment after
	 * {@code START SLAVE}.
	 * @param replica the replica
	 */
	private void awaitBothThreadsRunning(Node replica) {
		Map<String, @Nullable String> status = awaitStatus(replica,
				(current) -> "Yes".equals(current.get("Slave_IO_Running"))
						&& "Yes".equals(current.get("Slave_SQL_Running")));
		if (!"Yes".equals(status.get("Slave_IO_Running")) || !"Yes".equals(status.get("Slave_SQL_Running"))) {
			throw new EmbeddedMariaDbException(replica.name() + " does not run both replication threads "
					+ this.timeout.toMillis() + " ms after its rebuild: " + replica.replication().summary());
		}
	}

	/**
	 * The replica's status once it satisfies a condition, or when the timeout ends.
	 * @param replica the replica
	 * @param reached the condition
	 * @return the last status read
	 */
	private Map<String, @Nullable String> awaitStatus(Node replica, Predicate<Map<String, @Nullable String>> reached) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		Map<String, @Nullable String> status = replica.replicaStatus();
		while (!reached.test(status) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new EmbeddedMariaDbException("Interrupted while waiting for " + replica.name(), ex);
			}
			status = replica.replicaStatus();
		}
		return status;
	}

	/**
	 * Return what a replica has received from a primary that just died, once its I/O
	 * thread has noticed, so that events still on the way are counted.
	 * @param replica the replica
	 * @return the received position
	 */
	private @Nullable String receivedGtids(Node replica) {
		Map<String, @Nullable String> status = awaitStatus(replica,
				(current) -> !"Yes".equals(current.get("Slave_IO_Running")));
		String received = status.get("Gtid_IO_Pos");
		return (received != null && !received.isBlank()) ? received : status.get("Gtid_Slave_Pos");
	}

}
