package io.github.mysqlpool.embedded;

import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ReplicatedMariaDb} against real servers shared through
 * {@link EmbeddedMariaDbExtension}.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class ReplicatedMariaDbTests {

	private static final Duration CATCH_UP = Duration.ofSeconds(15);

	private static final AtomicLong ids = new AtomicLong();

	private final ReplicatedMariaDb db;

	ReplicatedMariaDbTests(ReplicatedMariaDb db) {
		this.db = db;
	}

	@BeforeAll
	static void createTable(ReplicatedMariaDb db) {
		db.primary().executeAsRoot("CREATE TABLE IF NOT EXISTS app.items (id BIGINT PRIMARY KEY, name VARCHAR(50))");
		// Tests that read the table on a replica first must find it there
		db.awaitReplicasCaughtUp(CATCH_UP);
	}

	@AfterEach
	void heal() {
		this.db.heal();
	}

	@Test
	void startsAPrimaryAndTwoReplicasWithDistinctServerIds() {
		assertThat(this.db.nodes()).extracting(Node::name).containsExactly("primary", "replica-1", "replica-2");
		assertThat(this.db.nodes()).extracting(Node::serverId).containsExactly(1, 2, 3);
		assertThat(this.db.primary().jdbcUrl())
			.isEqualTo("jdbc:mysql://127.0.0.1:" + this.db.primary().port() + "/app");
		assertThat(this.db.primary().queryForString("SELECT @@read_only")).isEqualTo("0");
		for (Node replica : this.db.replicas()) {
			assertThat(replica.queryForString("SELECT @@read_only")).isEqualTo("1");
			assertThat(replica.queryForString("SELECT @@character_set_server")).isEqualTo("utf8mb4");
			assertThat(replica.pid()).isPositive();
		}
	}

	@Test
	void everyNodeRunsTheServerOfTheConfiguredHomeOrTheBundledOne() {
		String home = System.getProperty(ReplicatedMariaDbBuilder.SERVER_HOME_PROPERTY, "").trim();
		String expected = home.isEmpty() ? MariaDbBinaries.bundledVersion()
				: MariaDbBinaries.version(MariaDbBinaries.serverBinaryIn(Path.of(home)));
		for (Node node : this.db.nodes()) {
			assertThat("mariadb-" + node.queryForString("SELECT VERSION()")).startsWith(expected + "-");
		}
	}

	@Test
	void writeOnPrimaryIsVisibleOnBothReplicas() throws SQLException {
		long id = insertOnPrimary("visible");
		this.db.awaitReplicasCaughtUp(CATCH_UP);
		for (int i = 0; i < 2; i++) {
			Node replica = this.db.replica(i);
			try (Connection connection = appConnection(replica, 0);
					Statement statement = connection.createStatement()) {
				assertThat(single(statement, "SELECT @@server_id")).isEqualTo(String.valueOf(i + 2));
				assertThat(single(statement, "SELECT name FROM items WHERE id = " + id)).isEqualTo("visible");
			}
			assertThat(replica.queryForString("SELECT name FROM app.items WHERE id = " + id)).isEqualTo("visible");
		}
	}

	@Test
	void appUserCanReadReplicaStatusOnReplica() throws SQLException {
		try (Connection connection = appConnection(this.db.replica(0), 0);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SHOW REPLICA STATUS")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getString("Slave_IO_Running")).isEqualTo("Yes");
			assertThat(rows.getString("Slave_SQL_Running")).isEqualTo("Yes");
			assertThat(rows.getString("Master_Port")).isEqualTo(String.valueOf(this.db.primary().port()));
		}
	}

	@Test
	void userWithoutMonitorPrivilegeCannotReadReplicaStatus() throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.db.replica(0).jdbcUrl(),
				this.db.noMonitorUsername(), this.db.password()); Statement statement = connection.createStatement()) {
			assertThat(single(statement, "SELECT COUNT(*) FROM items")).isNotNull();
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.executeQuery("SHOW REPLICA STATUS"))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(1227));
		}
	}

	@Test
	void writeOnReplicaAsAppUserFailsWithReadOnlyError() throws SQLException {
		try (Connection connection = appConnection(this.db.replica(0), 0);
				Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement
					.executeUpdate("INSERT INTO items VALUES (" + ids.incrementAndGet() + ", 'replica')"))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(1290));
		}
	}

	@Test
	void stoppedSqlThreadMakesReplicaStaleUntilStarted() {
		Node replica = this.db.replica(0);
		replica.stopReplicationSqlThread();
		assertThat(replica.replicaStatus()).containsEntry("Slave_SQL_Running", "No");
		long id = insertOnPrimary("lagging");
		this.db.awaitReplicasCaughtUp(CATCH_UP);
		assertThat(this.db.replica(1).queryForString("SELECT name FROM app.items WHERE id = " + id))
			.isEqualTo("lagging");
		assertThat(replica.queryForString("SELECT name FROM app.items WHERE id = " + id)).isNull();
		replica.startReplicationSqlThread();
		this.db.awaitReplicasCaughtUp(CATCH_UP);
		assertThat(replica.queryForString("SELECT name FROM app.items WHERE id = " + id)).isEqualTo("lagging");
	}

	@Test
	void pausedServerTimesOutQueriesUntilResumed() throws SQLException {
		Node replica = this.db.replica(1);
		try (Connection connection = appConnection(replica, 1000); Statement statement = connection.createStatement()) {
			assertThat(single(statement, "SELECT 1")).isEqualTo("1");
			replica.pause();
			assertThat(replica.isPaused()).isTrue();
			long start = System.nanoTime();
			// Ends by the socket timeout (1 s) of the connection, not by an answer
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> single(statement, "SELECT 1"))
				.havingRootCause()
				.isInstanceOf(SocketTimeoutException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
		}
		replica.resume();
		assertThat(replica.isPaused()).isFalse();
		try (Connection connection = appConnection(replica, 1000); Statement statement = connection.createStatement()) {
			assertThat(single(statement, "SELECT 1")).isEqualTo("1");
		}
	}

	@Test
	void killedReplicaRestartsAndCatchesUp() {
		Node replica = this.db.replica(1);
		long pid = replica.pid();
		int port = replica.port();
		replica.kill();
		assertThat(replica.isRunning()).isFalse();
		assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
		long id = insertOnPrimary("while-replica-down");
		replica.start();
		assertThat(replica.pid()).isNotEqualTo(pid);
		assertThat(replica.port()).isEqualTo(port);
		this.db.awaitReplicasCaughtUp(CATCH_UP);
		assertThat(replica.queryForString("SELECT name FROM app.items WHERE id = " + id))
			.isEqualTo("while-replica-down");
		assertThat(replica.replicaStatus()).containsEntry("Slave_IO_Running", "Yes");
	}

	@Test
	void killedPrimaryRestartsAndReplicasReconnect() {
		long before = insertOnPrimary("before-crash");
		this.db.primary().kill();
		assertThat(this.db.primary().isRunning()).isFalse();
		this.db.primary().start();
		long after = insertOnPrimary("after-crash");
		this.db.awaitReplicasCaughtUp(CATCH_UP);
		for (Node replica : this.db.replicas()) {
			assertThat(
					replica.queryForLong("SELECT COUNT(*) FROM app.items WHERE id IN (" + before + ", " + after + ")"))
				.isEqualTo(2);
			assertThat(replica.replicaStatus()).containsEntry("Slave_IO_Running", "Yes");
		}
	}

	@Test
	void killConnectionEndsTheSession() throws SQLException {
		try (Connection victim = appConnection(this.db.primary(), 0); Statement statement = victim.createStatement()) {
			long connectionId = Long.parseLong(single(statement, "SELECT CONNECTION_ID()"));
			this.db.primary().killConnection(connectionId);
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> single(statement, "SELECT 1"));
		}
	}

	@Test
	void healUndoesEveryFault() {
		this.db.replica(0).stopReplicationSqlThread();
		this.db.replica(1).pause();
		long id = insertOnPrimary("healed");
		this.db.primary().stop();
		this.db.heal();
		assertThat(this.db.nodes()).allSatisfy((node) -> {
			assertThat(node.isRunning()).isTrue();
			assertThat(node.isPaused()).isFalse();
		});
		for (Node replica : this.db.replicas()) {
			assertThat(replica.replicaStatus()).containsEntry("Slave_SQL_Running", "Yes");
			assertThat(replica.queryForString("SELECT name FROM app.items WHERE id = " + id)).isEqualTo("healed");
		}
	}

	private long insertOnPrimary(String name) {
		long id = ids.incrementAndGet();
		this.db.primary().executeAsRoot("INSERT INTO app.items VALUES (" + id + ", '" + name + "')");
		return id;
	}

	private Connection appConnection(Node node, int socketTimeoutMillis) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.db.username());
		properties.setProperty("password", this.db.password());
		properties.setProperty("connectTimeout", "2000");
		properties.setProperty("socketTimeout", String.valueOf(socketTimeoutMillis));
		return DriverManager.getConnection(node.jdbcUrl(), properties);
	}

	private static String single(Statement statement, String sql) throws SQLException {
		try (ResultSet rows = statement.executeQuery(sql)) {
			assertThat(rows.next()).isTrue();
			return rows.getString(1);
		}
	}

}
