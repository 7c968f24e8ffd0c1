package io.github.mysqlpool.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.reliability.Workers.WriteOutcome;
import io.github.mysqlpool.reliability.Workers.WriteRecord;

/**
 * Compares the client-side ledger of writes with what the database holds once the faults
 * are undone, on the primary of the moment: every acknowledged write exactly once, no
 * failed write at all, each worker's counter equal to its rows (each write was one
 * transaction), and every other server holding exactly the rows the primary holds and no
 * transaction the primary lacks, so that nothing was written to a server while it was
 * read-only. Writes lost in a failover (acknowledged by the old primary, received by no
 * replica) are counted apart, never hidden: each must have been seen on the old primary
 * when it came back.
 *
 * @author mysql-pool team
 */
final class LedgerCheck {

	static final String CREATE_WRITES = "CREATE TABLE IF NOT EXISTS soak_write (seq BIGINT AUTO_INCREMENT PRIMARY KEY, "
			+ "request_id VARCHAR(64) NOT NULL, worker INT NOT NULL, KEY (request_id))";

	static final String CREATE_COUNTERS = "CREATE TABLE IF NOT EXISTS soak_counter (worker INT PRIMARY KEY, "
			+ "n BIGINT NOT NULL)";

	private LedgerCheck() {
	}

	static Result check(ReplicatedMariaDb db, String runId, List<WriteRecord> ledger, Set<String> lostInFailovers)
			throws SQLException {
		Map<String, Long> stored = storedCopies(db, db.primary(), runId);
		Result result = new Result();
		Map<String, WriteRecord> byId = new HashMap<>();
		for (WriteRecord write : ledger) {
			byId.put(write.requestId(), write);
			long copies = stored.getOrDefault(write.requestId(), 0L);
			switch (write.outcome()) {
				case ACKNOWLEDGED -> {
					result.acknowledged++;
					if (copies == 1) {
						result.acknowledgedOnce++;
					}
					else if (copies == 0 && lostInFailovers.contains(write.requestId())) {
						result.acknowledgedLost++;
						result.lostIds.add(write.requestId());
					}
					else {
						result.problems.add("acknowledged write " + write.requestId() + " stored " + copies + " times");
					}
				}
				case FAILED -> {
					result.failed++;
					if (lostInFailovers.contains(write.requestId())) {
						result.problems.add("failed write " + write.requestId() + " (" + write.error()
								+ ") was stored on a primary before it died");
					}
					if (copies != 0) {
						result.problems.add("failed write " + write.requestId() + " (" + write.error() + ") stored "
								+ copies + " times");
					}
				}
				case OUTCOME_UNKNOWN, PENDING -> {
					if (write.outcome() == WriteOutcome.PENDING) {
						result.pending++;
					}
					else {
						result.unknown++;
					}
					if (copies == 1) {
						result.unknownApplied++;
					}
					else if (copies == 0 && lostInFailovers.contains(write.requestId())) {
						result.unknownLost++;
					}
					else if (copies > 1) {
						result.problems
							.add("write " + write.requestId() + " of unknown outcome stored " + copies + " times");
					}
				}
			}
		}
		for (String id : stored.keySet()) {
			if (!byId.containsKey(id)) {
				result.problems.add("write " + id + " stored but never attempted");
			}
		}
		result.counterMismatches.addAll(counterMismatches(db, runId));
		result.problems.addAll(result.counterMismatches);
		for (String id : lostInFailovers) {
			if (!byId.containsKey(id)) {
				result.problems.add("write " + id + " held by a primary that died but never attempted");
			}
		}
		long rows = stored.values().stream().mapToLong(Long::longValue).sum();
		if (rows != result.acknowledgedOnce + result.unknownApplied) {
			result.problems.add("the primary holds " + rows + " rows of the run, but " + result.acknowledgedOnce
					+ " acknowledged and " + result.unknownApplied + " of unknown outcome are stored");
		}
		Node primary = db.primary();
		String primaryDigest = digest(db, primary, runId);
		for (Node node : db.nodes()) {
			if (node == primary) {
				continue;
			}
			String nodeDigest = digest(db, node, runId);
			if (!primaryDigest.equals(nodeDigest)) {
				result.problems.add(node.name() + " holds " + nodeDigest + " but the primary " + primaryDigest);
			}
			// The heartbeats go on: the primary's state is read after the node's, so that
			// whatever the node received from it is there
			Map<String, Long> gtids = FaultInjector.gtidState(node.queryForString("SELECT @@gtid_binlog_state"));
			Map<String, Long> primaryGtids = FaultInjector
				.gtidState(primary.queryForString("SELECT @@gtid_binlog_state"));
			gtids.forEach((origin, seq) -> {
				if (seq > primaryGtids.getOrDefault(origin, 0L)) {
					result.problems.add(node.name() + " holds transactions up to " + origin + "-" + seq
							+ " that the primary " + primary.name() + " lacks: written to it while it was read-only");
				}
			});
		}
		result.digest = primaryDigest;
		result.primary = primary.name();
		return result;
	}

	/**
	 * The request ids of a run's rows on one node.
	 * @param db the topology
	 * @param node the node, read with the application's user
	 * @param runId the run
	 * @return the request ids
	 * @throws SQLException when the node cannot be read
	 */
	static Set<String> requestIds(ReplicatedMariaDb db, Node node, String runId) throws SQLException {
		return new HashSet<>(storedCopies(db, node, runId).keySet());
	}

	private static Map<String, Long> storedCopies(ReplicatedMariaDb db, Node node, String runId) throws SQLException {
		Map<String, Long> stored = new HashMap<>();
		try (Connection connection = connect(db, node);
				PreparedStatement statement = connection.prepareStatement(
						"SELECT request_id, COUNT(*) FROM soak_write WHERE request_id LIKE ? GROUP BY request_id")) {
			statement.setString(1, runId + "-%");
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					stored.put(rows.getString(1), rows.getLong(2));
				}
			}
		}
		return stored;
	}

	/**
	 * Each worker's counter against its rows, from both sides: a worker with rows but no
	 * counter row disagrees too.
	 */
	private static List<String> counterMismatches(ReplicatedMariaDb db, String runId) throws SQLException {
		Map<Integer, Long> counters = new TreeMap<>();
		Map<Integer, Long> rows = new TreeMap<>();
		try (Connection connection = connect(db, db.primary());
				PreparedStatement counted = connection.prepareStatement("SELECT worker, n FROM soak_counter");
				PreparedStatement stored = connection.prepareStatement(
						"SELECT worker, COUNT(*) FROM soak_write WHERE request_id LIKE ? GROUP BY worker")) {
			try (ResultSet result = counted.executeQuery()) {
				while (result.next()) {
					counters.put(result.getInt(1), result.getLong(2));
				}
			}
			stored.setString(1, runId + "-%");
			try (ResultSet result = stored.executeQuery()) {
				while (result.next()) {
					rows.put(result.getInt(1), result.getLong(2));
				}
			}
		}
		Set<Integer> workers = new TreeSet<>(counters.keySet());
		workers.addAll(rows.keySet());
		List<String> mismatches = new ArrayList<>();
		for (int worker : workers) {
			Long counter = counters.get(worker);
			long stored = rows.getOrDefault(worker, 0L);
			if (counter == null) {
				mismatches.add("worker " + worker + " has no counter but " + stored + " rows are stored");
			}
			else if (counter != stored) {
				mismatches
					.add("worker " + worker + " counted " + counter + " writes but " + stored + " rows are stored");
			}
		}
		return mismatches;
	}

	/**
	 * Rows, a checksum of their ids and the counters' sum on one node, to compare nodes.
	 */
	private static String digest(ReplicatedMariaDb db, Node node, String runId) throws SQLException {
		try (Connection connection = connect(db, node);
				PreparedStatement statement = connection
					.prepareStatement("SELECT COUNT(*), BIT_XOR(CRC32(request_id)), "
							+ "(SELECT SUM(n) FROM soak_counter) FROM soak_write WHERE request_id LIKE ?")) {
			statement.setString(1, runId + "-%");
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1) + " rows, checksum " + rows.getLong(2) + ", counters " + rows.getLong(3);
			}
		}
	}

	private static Connection connect(ReplicatedMariaDb db, Node node) throws SQLException {
		return DriverManager.getConnection(node.jdbcUrl() + "?sslMode=DISABLED", db.username(), db.password());
	}

	/**
	 * The outcome of the check.
	 */
	static final class Result {

		int acknowledged;

		int acknowledgedOnce;

		int failed;

		int unknown;

		int pending;

		int unknownApplied;

		int acknowledgedLost;

		int unknownLost;

		String digest = "";

		String primary = "";

		final List<String> lostIds = new ArrayList<>();

		final List<String> counterMismatches = new ArrayList<>();

		final List<String> problems = new ArrayList<>();

	}

}
