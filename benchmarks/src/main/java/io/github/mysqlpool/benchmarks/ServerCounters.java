package io.github.mysqlpool.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;

/**
 * Reads the statement counters of every server over one root connection per server, so
 * that reading them costs exactly one {@code SHOW GLOBAL STATUS} (counted in
 * {@code Questions}, not in {@code Com_select}) per server and snapshot.
 *
 * @author mysql-pool team
 */
final class ServerCounters implements AutoCloseable {

	static final List<String> NAMES = List.of("Questions", "Com_select", "Com_insert", "Com_commit", "Com_set_option",
			"Com_show_status");

	private static final String QUERY = "SHOW GLOBAL STATUS WHERE Variable_name IN ('" + String.join("','", NAMES)
			+ "')";

	private final List<String> nodes = new ArrayList<>();

	private final List<Connection> connections = new ArrayList<>();

	ServerCounters(ReplicatedMariaDb db) throws SQLException {
		for (Node node : db.nodes()) {
			this.nodes.add(node.name());
			this.connections.add(DriverManager.getConnection(node.jdbcUrl(), "root", db.rootPassword()));
		}
	}

	List<String> nodes() {
		return this.nodes;
	}

	/**
	 * Take a snapshot of every server's counters.
	 * @return node name to counter name to value
	 * @throws SQLException when a server cannot be read
	 */
	Map<String, Map<String, Long>> snapshot() throws SQLException {
		Map<String, Map<String, Long>> snapshot = new LinkedHashMap<>();
		for (int i = 0; i < this.nodes.size(); i++) {
			Map<String, Long> counters = new LinkedHashMap<>();
			try (Statement statement = this.connections.get(i).createStatement();
					ResultSet rows = statement.executeQuery(QUERY)) {
				while (rows.next()) {
					counters.put(rows.getString(1), rows.getLong(2));
				}
			}
			snapshot.put(this.nodes.get(i), counters);
		}
		return snapshot;
	}

	/**
	 * The change between two snapshots, less the one status query of the later snapshot
	 * that {@code Questions} counts.
	 * @param before the earlier snapshot
	 * @param after the later snapshot
	 * @return node name to counter name to change
	 */
	static Map<String, Map<String, Long>> delta(Map<String, Map<String, Long>> before,
			Map<String, Map<String, Long>> after) {
		Map<String, Map<String, Long>> delta = new LinkedHashMap<>();
		after.forEach((node, counters) -> {
			Map<String, Long> nodeDelta = new LinkedHashMap<>();
			counters.forEach((name, value) -> nodeDelta.put(name, value - before.get(node).getOrDefault(name, 0L)));
			nodeDelta.merge("Questions", -nodeDelta.getOrDefault("Com_show_status", 0L), Long::sum);
			delta.put(node, nodeDelta);
		});
		return delta;
	}

	@Override
	public void close() {
		for (Connection connection : this.connections) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// Closing anyway
			}
		}
	}

}
