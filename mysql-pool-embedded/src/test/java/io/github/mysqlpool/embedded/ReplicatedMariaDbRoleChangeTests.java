package io.github.mysqlpool.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for switchover, failover and rejoin on a {@link ReplicatedMariaDb} of its own,
 * with real replication between real servers.
 *
 * @author mysql-pool team
 */
class ReplicatedMariaDbRoleChangeTests {

	private static final Duration CATCH_UP = Duration.ofSeconds(30);

	private static final AtomicLong ids = new AtomicLong();

	private static ReplicatedMariaDb db;

	@BeforeAll
	static void start() {
		db = ReplicatedMariaDb.builder().replicas(2).build().start();
		db.primary().executeAsRoot("CREATE TABLE app.items (id BIGINT PRIMARY KEY, name VARCHAR(50))");
		db.awaitReplicasCaughtUp(CATCH_UP);
	}

	@AfterAll
	static void close() {
		db.close();
	}

	@AfterEach
	void heal() {
		db.heal();
	}

	@Test
	void everyNodeRunsWithLogSlaveUpdatesAndGtidStrictMode() {
		for (Node node : db.nodes()) {
			assertThat(node.queryForString("SELECT @@log_slave_updates")).isEqualTo("1");
			assertThat(node.queryForString("SELECT @@gtid_strict_mode")).isEqualTo("1");
		}
	}

	@Test
	void switchoverMakesTheReplicaTheWriterAndTheOldPrimaryItsReplica() throws SQLException {
		Node oldPrimary = db.primary();
		Node newPrimary = db.replica(0);
		Node other = db.replica(1);
		long before = insertOnPrimary("before-switchover");
		db.switchover(newPrimary);
		assertThat(db.primary()).isSameAs(newPrimary);
		assertThat(newPrimary.role()).isEqualTo(Node.Role.PRIMARY);
		assertThat(oldPrimary.role()).isEqualTo(Node.Role.REPLICA);
		assertThat(db.replicas()).containsExactly(oldPrimary, other);
		assertThat(newPrimary.queryForString("SELECT @@read_only")).isEqualTo("0");
		assertThat(newPrimary.replicaStatus()).isEmpty();
		assertThat(oldPrimary.queryForString("SELECT @@read_only")).isEqualTo("1");
		assertReadOnlyForTheApplication(oldPrimary);
		long after = insertAsApplication(newPrimary, "after-switchover");
		db.awaitReplicasCaughtUp(CATCH_UP);
		assertReplicatesFrom(oldPrimary, newPrimary, "Current_Pos");
		assertReplicatesFrom(other, newPrimary, "Slave_Pos");
		for (Node node : db.nodes()) {
			assertThat(countRows(node, before, after)).as(node.name()).isEqualTo(2);
		}
	}

	@Test
	void rolesCanChangeRepeatedlyWithOrWithoutWritesInBetween() throws SQLException {
		Node first = db.primary();
		Node second = db.replica(0);
		Node third = db.replica(1);
		db.switchover(second);
		db.switchover(third);
		long onThird = insertAsApplication(third, "on-third");
		db.switchover(first);
		assertThat(db.primary()).isSameAs(first);
		assertThat(db.replicas()).containsExactly(second, third);
		assertThat(first.queryForString("SELECT @@read_only")).isEqualTo("0");
		assertReadOnlyForTheApplication(second);
		assertReadOnlyForTheApplication(third);
		long onFirst = insertAsApplication(first, "on-first-again");
		db.awaitReplicasCaughtUp(CATCH_UP);
		assertReplicatesFrom(second, first, null);
		assertReplicatesFrom(third, first, null);
		for (Node node : db.nodes()) {
			assertThat(countRows(node, onThird, onFirst)).as(node.name()).isEqualTo(2);
		}
	}

	@Test
	void failoverPromotesTheMostAdvancedReplicaAndTheOldPrimaryRejoinsLater() throws SQLException {
		Node oldPrimary = db.primary();
		Node behind = db.replica(0);
		Node ahead = db.replica(1);
		behind.executeAsRoot("STOP SLAVE IO_THREAD");
		long missedByOne = insertOnPrimary("missed-by-replica-1");
		db.awaitReplicasCaughtUp(CATCH_UP);
		assertThat(countRows(behind, missedByOne)).isZero();
		Node newPrimary = db.failover();
		assertThat(newPrimary).isSameAs(ahead);
		assertThat(db.primary()).isSameAs(ahead);
		assertThat(oldPrimary.isRunning()).isFalse();
		assertThat(oldPrimary.role()).isEqualTo(Node.Role.FORMER_PRIMARY);
		assertThat(db.replicas()).containsExactly(behind);
		assertThat(ahead.queryForString("SELECT @@read_only")).isEqualTo("0");
		long whileDown = insertAsApplication(ahead, "while-old-primary-down");
		db.awaitReplicasCaughtUp(CATCH_UP);
		assertReplicatesFrom(behind, ahead, "Slave_Pos");
		assertThat(countRows(behind, missedByOne, whileDown)).isEqualTo(2);
		db.rejoin(oldPrimary);
		assertThat(oldPrimary.isRunning()).isTrue();
		assertThat(oldPrimary.role()).isEqualTo(Node.Role.REPLICA);
		assertThat(db.replicas()).containsExactly(oldPrimary, behind);
		assertThat(oldPrimary.queryForString("SELECT @@read_only")).isEqualTo("1");
		assertReadOnlyForTheApplication(oldPrimary);
		assertReplicatesFrom(oldPrimary, ahead, "Current_Pos");
		assertThat(countRows(oldPrimary, missedByOne, whileDown)).isEqualTo(2);
		long afterRejoin = insertAsApplication(ahead, "after-rejoin");
		db.awaitReplicasCaughtUp(CATCH_UP);
		for (Node node : db.nodes()) {
			assertThat(countRows(node, missedByOne, whileDown, afterRejoin)).as(node.name()).isEqualTo(3);
		}
	}

	@Test
	void formerPrimaryHoldingLostTransactionsIsRefusedByRejoinAndRebuiltFromTheNewPrimary() throws SQLException {
		Node oldPrimary = db.primary();
		long replicated = insertOnPrimary("replicated");
		db.awaitReplicasCaughtUp(CATCH_UP);
		for (Node replica : db.replicas()) {
			replica.executeAsRoot("STOP SLAVE IO_THREAD");
		}
		long lost = insertAsApplication(oldPrimary, "lost-in-failover");
		Node newPrimary = db.failover();
		long afterFailover = insertAsApplication(newPrimary, "after-failover");
		assertThatExceptionOfType(EmbeddedMariaDbException.class).isThrownBy(() -> db.rejoin(oldPrimary))
			.withMessageContaining("lacks");
		assertThat(countRows(oldPrimary, lost)).isEqualTo(1);
		db.rebuild(oldPrimary);
		assertThat(oldPrimary.role()).isEqualTo(Node.Role.REPLICA);
		assertThat(db.replicas()).contains(oldPrimary);
		assertReadOnlyForTheApplication(oldPrimary);
		assertReplicatesFrom(oldPrimary, newPrimary, "Slave_Pos");
		long afterRebuild = insertAsApplication(newPrimary, "after-rebuild");
		db.awaitReplicasCaughtUp(CATCH_UP);
		for (Node node : db.nodes()) {
			assertThat(countRows(node, replicated, afterFailover, afterRebuild)).as(node.name()).isEqualTo(3);
			assertThat(countRows(node, lost)).as(node.name()).isZero();
		}
	}

	@Test
	void oldPrimaryHoldingWhatNoReplicaReceivedIsRefusedByRejoinAndRebuiltByHeal() throws SQLException {
		Node oldPrimary = db.primary();
		for (Node replica : db.replicas()) {
			replica.executeAsRoot("STOP SLAVE IO_THREAD");
		}
		long lost = insertOnPrimary("never-replicated");
		Node newPrimary = db.failover();
		assertThat(countRows(newPrimary, lost)).isZero();
		long kept = insertAsApplication(newPrimary, "after-failover");
		assertThatExceptionOfType(EmbeddedMariaDbException.class).isThrownBy(() -> db.rejoin(oldPrimary))
			.withMessageContaining("holds transactions that " + newPrimary.name() + " lacks");
		assertThat(oldPrimary.role()).isEqualTo(Node.Role.FORMER_PRIMARY);
		assertThat(oldPrimary.queryForString("SELECT @@read_only")).isEqualTo("1");
		db.heal();
		assertThat(db.primary()).isSameAs(oldPrimary);
		assertThat(oldPrimary.queryForLong("SELECT @@server_id")).isEqualTo(oldPrimary.serverId());
		long healed = insertAsApplication(oldPrimary, "after-rebuild");
		db.awaitReplicasCaughtUp(CATCH_UP);
		for (Node node : db.nodes()) {
			assertThat(countRows(node, lost)).as(node.name()).isZero();
			assertThat(countRows(node, kept, healed)).as(node.name()).isEqualTo(2);
		}
	}

	@Test
	void faultHelpersWorkOnANodeWhateverItsRole() throws SQLException {
		Node oldPrimary = db.primary();
		Node newPrimary = db.replica(0);
		db.switchover(newPrimary);
		newPrimary.kill();
		newPrimary.start();
		assertThat(newPrimary.queryForString("SELECT @@read_only")).isEqualTo("0");
		newPrimary.pause();
		assertThat(newPrimary.isPaused()).isTrue();
		newPrimary.resume();
		oldPrimary.stop();
		oldPrimary.start();
		assertThat(oldPrimary.queryForString("SELECT @@read_only")).isEqualTo("1");
		oldPrimary.stopReplicationSqlThread();
		long lagged = insertAsApplication(newPrimary, "lagged-on-old-primary");
		db.awaitReplicasCaughtUp(CATCH_UP);
		assertThat(countRows(db.replica(1), lagged)).isEqualTo(1);
		assertThat(countRows(oldPrimary, lagged)).isZero();
		oldPrimary.startReplicationSqlThread();
		db.awaitReplicasCaughtUp(CATCH_UP);
		assertThat(countRows(oldPrimary, lagged)).isEqualTo(1);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(newPrimary::stopReplicationSqlThread);
	}

	@Test
	void healPutsTheFirstPrimaryBackInChargeAfterAFailoverFromAHungPrimary() throws SQLException {
		Node first = db.primary();
		first.pause();
		assertThat(db.failover()).isNotSameAs(first);
		assertThat(first.isRunning()).isFalse();
		db.heal();
		assertThat(db.primary()).isSameAs(first);
		assertThat(db.nodes()).extracting(Node::role)
			.containsExactly(Node.Role.PRIMARY, Node.Role.REPLICA, Node.Role.REPLICA);
		long healed = insertAsApplication(first, "healed");
		db.awaitReplicasCaughtUp(CATCH_UP);
		for (Node replica : db.replicas()) {
			assertReplicatesFrom(replica, first, null);
			assertThat(countRows(replica, healed)).isEqualTo(1);
		}
	}

	private static long insertOnPrimary(String name) {
		long id = ids.incrementAndGet();
		db.primary().executeAsRoot("INSERT INTO app.items VALUES (" + id + ", '" + name + "')");
		return id;
	}

	private static long insertAsApplication(Node node, String name) throws SQLException {
		long id = ids.incrementAndGet();
		try (Connection connection = appConnection(node); Statement statement = connection.createStatement()) {
			statement.executeUpdate("INSERT INTO items VALUES (" + id + ", '" + name + "')");
		}
		return id;
	}

	private static void assertReadOnlyForTheApplication(Node node) throws SQLException {
		try (Connection connection = appConnection(node); Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement
					.executeUpdate("INSERT INTO items VALUES (" + ids.incrementAndGet() + ", 'refused')"))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(1290));
		}
	}

	private static void assertReplicatesFrom(Node replica, Node primary, @Nullable String usingGtid) {
		assertThat(replica.replicaStatus()).as(replica.name())
			.containsEntry("Master_Port", String.valueOf(primary.port()))
			.containsEntry("Slave_IO_Running", "Yes")
			.containsEntry("Slave_SQL_Running", "Yes");
		if (usingGtid != null) {
			assertThat(replica.replicaStatus()).as(replica.name()).containsEntry("Using_Gtid", usingGtid);
		}
	}

	private static long countRows(Node node, long... ids) {
		StringBuilder list = new StringBuilder();
		for (long id : ids) {
			list.append((list.length() > 0) ? ", " : "").append(id);
		}
		return node.queryForLong("SELECT COUNT(*) FROM app.items WHERE id IN (" + list + ")");
	}

	private static Connection appConnection(Node node) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", db.username());
		properties.setProperty("password", db.password());
		properties.setProperty("connectTimeout", "2000");
		properties.setProperty("socketTimeout", "10000");
		return DriverManager.getConnection(node.jdbcUrl(), properties);
	}

}
