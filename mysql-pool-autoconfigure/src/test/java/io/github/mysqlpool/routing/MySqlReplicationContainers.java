package io.github.mysqlpool.routing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.testcontainers.containers.Network;
import org.testcontainers.mysql.MySQLContainer;

/**
 * A MySQL 8.4 primary and two GTID replicas in Docker containers, for the tests that run
 * against MySQL itself where Docker is available.
 *
 * @author mysql-pool team
 */
final class MySqlReplicationContainers implements AutoCloseable {

	static final String IMAGE = "mysql:8.4";

	static final String DATABASE = "app";

	static final String USERNAME = "app";

	static final String PASSWORD = "app-pass";

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
					"--enforce-gtid-consistency=ON", "--binlog-format=ROW");
	}

	MySqlReplicationContainers start() throws SQLException {
		this.primary.start();
		this.replicas.forEach(MySQLContainer::start);
		root(this.primary, "CREATE USER 'repl'@'%' IDENTIFIED BY 'repl-pass'",
				"GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'", "GRANT REPLICATION CLIENT ON *.* TO 'app'@'%'");
		for (MySQLContainer replica : this.replicas) {
			root(replica,
					"CHANGE REPLICATION SOURCE TO SOURCE_HOST='primary', SOURCE_PORT=3306, SOURCE_USER='repl', "
							+ "SOURCE_PASSWORD='repl-pass', SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1",
					"START REPLICA", "SET GLOBAL super_read_only = ON");
		}
		awaitReplicasCaughtUp();
		return this;
	}

	void awaitReplicasCaughtUp() throws SQLException {
		String executed = queryAsRoot(this.primary, "SELECT @@GLOBAL.gtid_executed");
		for (MySQLContainer replica : this.replicas) {
			String result = queryAsRoot(replica, "SELECT WAIT_FOR_EXECUTED_GTID_SET('" + executed + "', 60)");
			if (!"0".equals(result)) {
				throw new IllegalStateException(replica.getNetworkAliases() + " did not catch up with " + executed);
			}
		}
	}

	String primaryUrl() {
		return this.primary.getJdbcUrl();
	}

	List<String> replicaUrls() {
		return this.replicas.stream().map(MySQLContainer::getJdbcUrl).toList();
	}

	void executeOnPrimary(String sql) throws SQLException {
		root(this.primary, sql);
	}

	private static void root(MySQLContainer container, String... statements) throws SQLException {
		try (Connection connection = DriverManager.getConnection(container.getJdbcUrl(), "root", PASSWORD);
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	private static String queryAsRoot(MySQLContainer container, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(container.getJdbcUrl(), "root", PASSWORD);
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(sql)) {
			resultSet.next();
			return resultSet.getString(1);
		}
	}

	@Override
	public void close() {
		this.replicas.forEach(MySQLContainer::stop);
		this.primary.stop();
		this.network.close();
	}

}
