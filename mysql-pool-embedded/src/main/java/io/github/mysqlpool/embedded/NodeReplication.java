package io.github.mysqlpool.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The replication steps of one node: replicate from a primary, stop or resume applying,
 * follow a new primary, be promoted, be rebuilt from a primary's binary log, wait for a
 * GTID. A step that changes the node's role records the new role on the node.
 *
 * @author mysql-pool team
 */
final class NodeReplication {

	private static final int REBUILD_SERVER_ID_OFFSET = 1000;

	private final Node node;

	private final RootStatements root;

	private final NodeLifecycle lifecycle;

	NodeReplication(Node node, RootStatements root, NodeLifecycle lifecycle) {
		this.node = node;
		this.root = root;
		this.lifecycle = lifecycle;
	}

	/**
	 * Point this replica at the primary and start replicating from the primary's first
	 * GTID.
	 * @param primary the primary
	 */
	void replicateFrom(Node primary) {
		this.root.call("CHANGE MASTER", RootJdbc.SOCKET_TIMEOUT, (connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute("STOP SLAVE");
				statement.execute("SET GLOBAL gtid_slave_pos = ''");
				statement.execute(changeMaster(primary, "slave_pos"));
				statement.execute("START SLAVE");
			}
			return null;
		});
	}

	/**
	 * Stop applying replicated changes while still receiving them.
	 * @throws IllegalStateException when the node is not a replica
	 */
	void stopApplying() {
		requireReplica();
		this.root.execute("STOP SLAVE SQL_THREAD");
	}

	/**
	 * Resume applying replicated changes.
	 * @throws IllegalStateException when the node is not a replica
	 */
	void startApplying() {
		requireReplica();
		this.root.execute("START SLAVE SQL_THREAD");
	}

	/**
	 * Make this node the writer: forget its primary and turn read-only off.
	 */
	void promote() {
		this.root.call("promote", RootJdbc.SOCKET_TIMEOUT, (connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute("STOP SLAVE");
				statement.execute("RESET SLAVE ALL");
				statement.execute("SET GLOBAL read_only=0");
			}
			return null;
		});
		this.node.role(Node.Role.PRIMARY);
	}

	/**
	 * Make this node read-only and point it at a new primary with GTID auto-positioning,
	 * keeping a stopped SQL thread stopped so that injected lag stays. A node whose own
	 * binlogged transactions are newer than what it replicated (a former primary) starts
	 * from {@code current_pos}, any other from {@code slave_pos}.
	 * @param primary the new primary
	 */
	void follow(Node primary) {
		boolean applying = !"No".equals(this.root.replicaStatus().get("Slave_SQL_Running"));
		this.root.call("CHANGE MASTER", RootJdbc.SOCKET_TIMEOUT, (connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET GLOBAL read_only=1");
				statement.execute("STOP SLAVE");
				boolean formerPrimary = ownTransactionsAhead(statement);
				if (formerPrimary) {
					// MASTER_GTID_WAIT reads gtid_slave_pos, which lacks what this node
					// wrote as a primary
					statement.execute("SET GLOBAL gtid_slave_pos = @@gtid_binlog_pos");
				}
				statement.execute(changeMaster(primary, formerPrimary ? "current_pos" : "slave_pos"));
				statement.execute(applying ? "START SLAVE" : "START SLAVE IO_THREAD");
			}
			return null;
		});
		this.node.role(Node.Role.REPLICA);
	}

	/**
	 * Record that a failover replaced this primary.
	 */
	void markReplaced() {
		this.node.role(Node.Role.FORMER_PRIMARY);
	}

	/**
	 * Stop this node, give it a fresh data directory and make it a replica of the primary
	 * from the primary's first GTID, under another server id until
	 * {@link #restoreServerId()}: a replica skips the events of its own server id, which
	 * include everything this node wrote as a primary.
	 * @param primary the primary
	 */
	void rebuildFrom(Node primary) {
		this.node.role(Node.Role.REPLICA);
		this.lifecycle.restartEmpty();
		this.root.execute("SET GLOBAL server_id = " + (this.node.serverId() + REBUILD_SERVER_ID_OFFSET));
		replicateFrom(primary);
	}

	/**
	 * Take back the node's own server id after {@link #rebuildFrom(Node)}.
	 */
	void restoreServerId() {
		this.root.execute("STOP SLAVE");
		this.root.execute("SET GLOBAL server_id = " + this.node.serverId());
		this.root.execute("START SLAVE");
	}

	/**
	 * Wait until this replica has applied a GTID position.
	 * @param gtid the position, such as {@code 0-1-42}
	 * @param timeout how long to wait
	 * @return whether it got there in time
	 */
	boolean awaitGtid(String gtid, Duration timeout) {
		String sql = "SELECT MASTER_GTID_WAIT(?, ?)";
		long result = this.root.call(sql, timeout.plus(RootJdbc.SOCKET_TIMEOUT), (connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				statement.setString(1, gtid);
				statement.setDouble(2, Math.max(0.001, timeout.toMillis() / 1000.0));
				try (ResultSet rows = statement.executeQuery()) {
					rows.next();
					return rows.getLong(1);
				}
			}
		});
		return result == 0;
	}

	/**
	 * Return the replication threads' states, positions and last errors, for messages.
	 * @return the summary
	 */
	String summary() {
		Map<String, @Nullable String> status = this.root.replicaStatus();
		Map<String, @Nullable String> summary = new LinkedHashMap<>();
		for (String key : List.of("Slave_IO_Running", "Slave_SQL_Running", "Master_Port", "Gtid_IO_Pos",
				"Gtid_Slave_Pos", "Seconds_Behind_Master", "Last_IO_Errno", "Last_IO_Error", "Last_SQL_Errno",
				"Last_SQL_Error")) {
			if (status.containsKey(key)) {
				summary.put(key, status.get(key));
			}
		}
		return summary.toString();
	}

	private void requireReplica() {
		if (!this.node.isReplica()) {
			throw new IllegalStateException(this.node.name() + " is not a replica");
		}
	}

	private static String changeMaster(Node primary, String gtidMode) {
		return "CHANGE MASTER TO MASTER_HOST='" + primary.host() + "', MASTER_PORT=" + primary.port() + ", MASTER_USER="
				+ Accounts.quote(Accounts.REPLICATION_USER) + ", MASTER_PASSWORD="
				+ Accounts.quote(Accounts.REPLICATION_PASSWORD) + ", MASTER_USE_GTID=" + gtidMode
				+ ", MASTER_CONNECT_RETRY=1, MASTER_HEARTBEAT_PERIOD=1, MASTER_SSL=0";
	}

	private static boolean ownTransactionsAhead(Statement statement) throws SQLException {
		try (ResultSet rows = statement.executeQuery("SELECT @@gtid_current_pos, @@gtid_slave_pos")) {
			rows.next();
			return !GtidPosition.parse(rows.getString(1)).equals(GtidPosition.parse(rows.getString(2)));
		}
	}

}
