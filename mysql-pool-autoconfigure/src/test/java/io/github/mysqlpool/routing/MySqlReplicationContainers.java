package io.github.mysqlpool.routing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.testcontainers.containers.Network;
import org.testcontainers.mysql.MySQLContainer;

/**
 * A MySQL 8.4 primary and two GTID replicas in Docker containers, for the tests that run
 * against MySQL itself where Docker is available.
 * <p>
 * Right by construction: the image's entrypoint creates the application's database and
 * user on every server with binary logging on, each server giving them GTIDs of its own,
 * which a replica attached with {@code SOURCE_AUTO_POSITION=1} would replay and stop on
 * (error 1396, the user exists). So every server's GTID history is reset
 * ({@code RESET BINARY LOGS AND GTIDS}, {@code RESET MASTER} before 8.4) and the
 * replication user and grants are created with binary logging off, before any replica
 * attaches; replication then starts from an empty history, and the harness waits until
 * both replica threads run and a write of the primary reached every replica. Statements
 * as in the MySQL 8.4 Reference Manual: "RESET BINARY LOGS AND GTIDS Statement", "CHANGE
 * REPLICATION SOURCE TO Statement", "Creating a User for Replication".
 *
 * @author mysql-pool team
 */
final class MySqlReplicationContainers implements AutoCloseable {

	static final String IMAGE = "mysql:8.4";

	static final String DATABASE = "app";

	static final String USERNAME = "app";

	static final String PASSWORD = "app-pass";

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private final Network network = Network.newNetwork();

	private final MySQLContainer primary;

	private final List<MySQLContainer> replicas = new ArrayList<>();

	MySqlReplicationContainers() {
		this.primary = node("primary", 1);
		for (int id = 2; id <= 3; id++) {
			this.replicas.add(node("replica-" + (id - 1), id));
		}
	}

	private MySQLContainer node(String alias, int serverId) {
		return new MySQLContainer(IMAGE).withNetwork(this.network)
			.withNetworkAliases(alias)
			.withDatabaseName(DATABASE)
			.withUsername(USERNAME)
			.withPassword(PASSWORD)
			.withCommand("--server-id=" + serverId, "--log-bin=mysql-bin", "--gtid-mode=ON",
					"--enforce-gtid-consistency=ON");
	}

	MySqlReplicationContainers start() throws SQLException {
		this.primary.start();
		this.replicas.forEach(MySQLContainer::start);
		for (MySQLContainer node : nodes()) {
			// What the entrypoint did is forgotten, and what is done here never
			// replicates
			root(node, resetBinaryLogs(node), "SET SESSION sql_log_bin = 0",
					"CREATE USER 'repl'@'%' IDENTIFIED BY 'repl-pass'", "GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'",
					"GRANT REPLICATION CLIENT ON *.* TO '" + USERNAME + "'@'%'", "SET SESSION sql_log_bin = 1");
		}
		for (MySQLContainer replica : this.replicas) {
			root(replica,
					"CHANGE REPLICATION SOURCE TO SOURCE_HOST='primary', SOURCE_PORT=3306, SOURCE_USER='repl', "
							+ "SOURCE_PASSWORD='repl-pass', SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1",
					"START REPLICA", "SET GLOBAL super_read_only = ON");
			awaitReplicating(replica);
		}
		root(this.primary, "CREATE TABLE " + DATABASE + ".replication_check (id INT PRIMARY KEY)");
		awaitReplicasCaughtUp();
		return this;
	}

	private static String resetBinaryLogs(MySQLContainer node) throws SQLException {
		return queryAsRoot(node, "SELECT VERSION()").startsWith("8.0.") ? "RESET MASTER"
				: "RESET BINARY LOGS AND GTIDS";
	}

	private void awaitReplicating(MySQLContainer replica) throws SQLException {
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		Map<String, String> status = replicaStatus(replica);
		while (!("Yes".equals(status.get("Replica_IO_Running")) && "Yes".equals(status.get("Replica_SQL_Running")))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						replica.getNetworkAliases() + " does not replicate after " + DEADLINE + ": I/O error '"
								+ status.get("Last_IO_Error") + "', SQL error '" + status.get("Last_SQL_Error") + "'");
			}
			pause();
			status = replicaStatus(replica);
		}
	}

	/**
	 * Wait until every replica has applied every transaction the primary has executed.
	 * @throws SQLException when a server cannot be asked
	 */
	void awaitReplicasCaughtUp() throws SQLException {
		String executed = queryAsRoot(this.primary, "SELECT @@GLOBAL.gtid_executed");
		for (MySQLContainer replica : this.replicas) {
			try (Connection connection = rootConnection(replica);
					PreparedStatement statement = connection
						.prepareStatement("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)")) {
				statement.setString(1, executed);
				statement.setLong(2, DEADLINE.toSeconds());
				try (ResultSet result = statement.executeQuery()) {
					result.next();
					if (result.getInt(1) != 0) {
						Map<String, String> status = replicaStatus(replica);
						throw new IllegalStateException(replica.getNetworkAliases() + " did not catch up with "
								+ executed + ": I/O error '" + status.get("Last_IO_Error") + "', SQL error '"
								+ status.get("Last_SQL_Error") + "'");
					}
				}
			}
		}
	}

	String primaryUrl() {
		return this.primary.getJdbcUrl();
	}

	List<String> replicaUrls() {
		return this.replicas.stream().map(MySQLContainer::getJdbcUrl).toList();
	}

	void executeOnPrimary(String... statements) throws SQLException {
		root(this.primary, statements);
	}

	/**
	 * Execute statements as root on one replica, on one connection.
	 * @param index the replica, from 0
	 * @param statements the statements
	 * @throws SQLException when one fails
	 */
	void executeOnReplica(int index, String... statements) throws SQLException {
		root(this.replicas.get(index), statements);
	}

	/**
	 * The first column of the first row of a query run as root on the primary.
	 * @param sql the query
	 * @return the value
	 * @throws SQLException when the query fails
	 */
	String queryOnPrimary(String sql) throws SQLException {
		return queryAsRoot(this.primary, sql);
	}

	private List<MySQLContainer> nodes() {
		List<MySQLContainer> nodes = new ArrayList<>(this.replicas);
		nodes.add(0, this.primary);
		return nodes;
	}

	private static Map<String, String> replicaStatus(MySQLContainer replica) throws SQLException {
		Map<String, String> status = new HashMap<>();
		try (Connection connection = rootConnection(replica);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW REPLICA STATUS")) {
			if (result.next()) {
				ResultSetMetaData metaData = result.getMetaData();
				for (int i = 1; i <= metaData.getColumnCount(); i++) {
					status.put(metaData.getColumnLabel(i), result.getString(i));
				}
			}
		}
		return status;
	}

	private static void root(MySQLContainer container, String... statements) throws SQLException {
		try (Connection connection = rootConnection(container); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	private static String queryAsRoot(MySQLContainer container, String sql) throws SQLException {
		try (Connection connection = rootConnection(container);
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(sql)) {
			resultSet.next();
			return resultSet.getString(1);
		}
	}

	private static Connection rootConnection(MySQLContainer container) throws SQLException {
		return DriverManager.getConnection(container.getJdbcUrl(), "root", PASSWORD);
	}

	private static void pause() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.replicas.forEach(MySQLContainer::stop);
		this.primary.stop();
		this.network.close();
	}

}
