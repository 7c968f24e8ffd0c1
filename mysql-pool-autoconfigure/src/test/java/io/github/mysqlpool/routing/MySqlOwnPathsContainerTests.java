package io.github.mysqlpool.routing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolConsistencyAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.consistency.ReadYourWrites;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import io.github.mysqlpool.retry.DefaultMySqlErrorClassifier;
import io.github.mysqlpool.retry.FailureCategory;
import io.github.mysqlpool.retry.FailureReason;
import io.github.mysqlpool.retry.MySqlFailure;
import io.github.mysqlpool.retry.WorkPhase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paths only MySQL takes, against a real MySQL 8.4 primary and two GTID replicas in
 * Docker: lag read from {@code SHOW REPLICA STATUS} and from the heartbeat, a stopped SQL
 * thread, read-your-writes in GTID mode through the starter's own
 * {@code WAIT_FOR_EXECUTED_GTID_SET} with a {@code gtid_executed} of several server
 * UUIDs, and the errors of a killed session and of an idle disconnect as a real server
 * sends them, and the statement time limit as MySQL enforces it
 * ({@code max_execution_time}, error 3024). Skipped, with the reason, where Docker is not
 * available; the same shapes are fed to the same code by
 * {@code MySqlReplicaStatusShapesTests}, {@code MySqlGtidShapesTests} and
 * {@code MySqlErrorShapesTests} everywhere. Every condition is awaited with a deadline of
 * a minute, never a fixed sleep.
 *
 * @author mysql-pool team
 */
@Testcontainers(disabledWithoutDocker = true)
class MySqlOwnPathsContainerTests {

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	/** Transactions injected on the primary under other servers' UUIDs. */
	private static final List<String> OTHER_SOURCES = List.of("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
			"bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb");

	private static final AtomicInteger ids = new AtomicInteger();

	private static MySqlReplicationContainers mysql;

	private static ApplicationContextRunner contextRunner;

	@BeforeAll
	static void startMySql() throws Exception {
		mysql = new MySqlReplicationContainers().start();
		mysql.executeOnPrimary("CREATE TABLE app.own_items (id INT PRIMARY KEY, item_value INT NOT NULL)");
		mysql.awaitReplicasCaughtUp();
		List<String> replicas = mysql.replicaUrls();
		contextRunner = new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MySqlPoolAutoConfiguration.class, MySqlPoolReplicationAutoConfiguration.class,
							MySqlPoolConsistencyAutoConfiguration.class, DataSourceAutoConfiguration.class,
							DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
							JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class))
			.withUserConfiguration(ItemsConfiguration.class)
			.withPropertyValues("mysql-pool.primary.url=" + mysql.primaryUrl(),
					"mysql-pool.primary.username=" + MySqlReplicationContainers.USERNAME,
					"mysql-pool.primary.password=" + MySqlReplicationContainers.PASSWORD,
					"mysql-pool.replicas[0].url=" + replicas.get(0), "mysql-pool.replicas[1].url=" + replicas.get(1),
					"mysql-pool.pool.maximum-pool-size=2", "mysql-pool.replication.probe-interval=250ms",
					"mysql-pool.replication.max-lag=2s");
	}

	@AfterAll
	static void stopMySql() {
		if (mysql != null) {
			mysql.close();
		}
	}

	@Test
	void lagIsReadFromShowReplicaStatus() {
		contextRunner.withPropertyValues("mysql-pool.replication.lag-source=replica-status").run((context) -> {
			ReplicaMonitor monitor = context.getBean(ReplicaMonitor.class);
			await("replica-1 in rotation with a lag from its replica status",
					() -> fitWithLag(monitor.status("replica-1")));
			assertThat(monitor.status("replica-1").lastError()).isNull();
		});
	}

	@Test
	void stoppedSqlThreadTakesTheReplicaOutWithTheReason() throws Exception {
		contextRunner.withPropertyValues("mysql-pool.replication.lag-source=replica-status").run((context) -> {
			ReplicaMonitor monitor = context.getBean(ReplicaMonitor.class);
			await("replica-1 in rotation", () -> fitWithLag(monitor.status("replica-1")));
			mysql.executeOnReplica(0, "STOP REPLICA SQL_THREAD");
			try {
				await("replica-1 out of rotation, its SQL thread stopped", () -> {
					ReplicaStatus status = monitor.status("replica-1");
					return status.state() != ReplicaStatus.State.FIT && status.lastError() != null
							&& status.lastError().contains("SQL thread not running");
				});
			}
			finally {
				mysql.executeOnReplica(0, "START REPLICA SQL_THREAD");
			}
			await("replica-1 back in rotation", () -> fitWithLag(monitor.status("replica-1")));
		});
	}

	@Test
	void lagIsReadFromTheHeartbeatAndGrowsWhileTheSqlThreadIsStopped() throws Exception {
		contextRunner.withPropertyValues("mysql-pool.replication.lag-source=heartbeat").run((context) -> {
			ReplicaMonitor monitor = context.getBean(ReplicaMonitor.class);
			await("replica-2 in rotation with a lag from the heartbeat", () -> fitWithLag(monitor.status("replica-2")));
			mysql.executeOnReplica(1, "STOP REPLICA SQL_THREAD");
			try {
				// The primary's heartbeat goes on; the replica's row stays where it was
				await("replica-2 lagging past max-lag (2 s) by the heartbeat", () -> {
					ReplicaStatus status = monitor.status("replica-2");
					return status.state() == ReplicaStatus.State.LAGGING && status.lagSeconds() != null
							&& status.lagSeconds() > 2;
				});
			}
			finally {
				mysql.executeOnReplica(1, "START REPLICA SQL_THREAD");
			}
			await("replica-2 back in rotation", () -> fitWithLag(monitor.status("replica-2")));
		});
	}

	@Test
	void readYourWritesInGtidModeWaitsOnAReplicaForASetOfSeveralServerUuids() throws Exception {
		for (String source : OTHER_SOURCES) {
			// An empty transaction under another server's UUID, as the manual injects
			// one to skip a transaction
			mysql.executeOnPrimary("SET GTID_NEXT = '" + source + ":1'", "BEGIN", "COMMIT",
					"SET GTID_NEXT = 'AUTOMATIC'");
		}
		mysql.awaitReplicasCaughtUp();
		String executed = mysql.queryOnPrimary("SELECT @@GLOBAL.gtid_executed");
		assertThat(executed).contains(OTHER_SOURCES.get(0) + ":1").contains(OTHER_SOURCES.get(1) + ":1").contains(",");
		contextRunner
			.withPropertyValues("mysql-pool.consistency.read-your-writes=gtid",
					"mysql-pool.consistency.gtid-wait-timeout=30s")
			.run((context) -> {
				ReplicaMonitor monitor = context.getBean(ReplicaMonitor.class);
				await("both replicas in rotation",
						() -> fitWithLag(monitor.status("replica-1")) && fitWithLag(monitor.status("replica-2")));
				Items items = context.getBean(Items.class);
				int id = ids.incrementAndGet();
				items.insert(id, 42);
				long[] read = items.read(id);
				assertThat(read[0]).as("value read after the write").isEqualTo(42);
				assertThat(read[1]).as("server that answered").isIn(2L, 3L);
				ReadYourWrites readYourWrites = context.getBean(ReadYourWrites.class);
				assertThat(readYourWrites.getReplicaWaits()).isPositive();
				assertThat(readYourWrites.getReplicaWaitTimeouts()).isZero();
			});
	}

	@Test
	void killedSessionEndsTheSessionAsARealServerReportsIt() throws Exception {
		try (Connection connection = appConnection(); Statement statement = connection.createStatement()) {
			long id = connectionId(statement);
			mysql.executeOnPrimary("KILL CONNECTION " + id);
			awaitGone(id);
			SQLException failure = failureOf(statement);
			MySqlFailure classified = new DefaultMySqlErrorClassifier().classify(failure, WorkPhase.AUTOCOMMIT_WRITE);
			assertThat(classified.reason()).as(describe(failure))
				.isIn(FailureReason.CONNECTION_KILLED, FailureReason.CONNECTION_LOST);
			assertThat(classified.category()).as(describe(failure)).isEqualTo(FailureCategory.OUTCOME_UNKNOWN);
		}
	}

	@Test
	void idleDisconnectPastWaitTimeoutIsALostConnection() throws Exception {
		try (Connection connection = appConnection(); Statement statement = connection.createStatement()) {
			long id = connectionId(statement);
			statement.execute("SET SESSION wait_timeout = 1");
			awaitGone(id);
			SQLException failure = failureOf(statement);
			MySqlFailure classified = new DefaultMySqlErrorClassifier().classify(failure, WorkPhase.READ);
			assertThat(classified.reason()).as(describe(failure)).isEqualTo(FailureReason.CONNECTION_LOST);
			assertThat(classified.category()).as(describe(failure)).isEqualTo(FailureCategory.TRANSIENT);
		}
	}

	/**
	 * MySQL stops a read-only SELECT past the pool's limit with error 3024, which the
	 * starter classifies as a permanent failure: repeating the statement would only run
	 * into the limit again. A lone {@code SLEEP()} that is interrupted returns 1 instead
	 * of failing, so the sleep runs once per row of a table.
	 */
	@Test
	void statementPastThePoolsLimitIsStoppedByMySqlWithError3024() throws Exception {
		mysql.executeOnPrimary("CREATE TABLE IF NOT EXISTS app.slow_rows (id INT PRIMARY KEY)",
				"INSERT IGNORE INTO app.slow_rows VALUES (1)");
		contextRunner.withPropertyValues("mysql-pool.pool.statement-timeout=1s").run((context) -> {
			MySqlPools pools = context.getBean(MySqlPools.class);
			try (Connection connection = pools.getPrimary().getDataSource().getConnection();
					Statement statement = connection.createStatement()) {
				try (ResultSet limit = statement.executeQuery("SELECT @@SESSION.max_execution_time")) {
					limit.next();
					assertThat(limit.getLong(1)).as("max_execution_time of the pool's session").isEqualTo(1000);
				}
				SQLException failure = null;
				try (ResultSet rows = statement.executeQuery("SELECT id FROM slow_rows WHERE SLEEP(120) = 0")) {
					rows.next();
				}
				catch (SQLException ex) {
					failure = ex;
				}
				assertThat((Throwable) failure).as("failure of a SELECT past the limit").isNotNull();
				assertThat(failure.getErrorCode()).as(describe(failure)).isEqualTo(3024);
				MySqlFailure classified = new DefaultMySqlErrorClassifier().classify(failure, WorkPhase.READ);
				assertThat(classified.reason()).as(describe(failure)).isEqualTo(FailureReason.OTHER);
				assertThat(classified.category()).as(describe(failure)).isEqualTo(FailureCategory.PERMANENT);
			}
		});
	}

	private static boolean fitWithLag(ReplicaStatus status) {
		return status.state() == ReplicaStatus.State.FIT && status.lagSeconds() != null;
	}

	private static Connection appConnection() throws SQLException {
		return DriverManager.getConnection(mysql.primaryUrl(), MySqlReplicationContainers.USERNAME,
				MySqlReplicationContainers.PASSWORD);
	}

	private static long connectionId(Statement statement) throws SQLException {
		try (ResultSet result = statement.executeQuery("SELECT CONNECTION_ID()")) {
			result.next();
			return result.getLong(1);
		}
	}

	/**
	 * Wait until the server no longer lists the session.
	 */
	private static void awaitGone(long id) {
		await("session " + id + " ended by the server", () -> {
			try {
				return "0".equals(
						mysql.queryOnPrimary("SELECT COUNT(*) FROM performance_schema.processlist WHERE ID = " + id));
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static SQLException failureOf(Statement statement) {
		try {
			statement.executeQuery("SELECT 1");
		}
		catch (SQLException ex) {
			return ex;
		}
		throw new AssertionError("SELECT 1 succeeded on a session the server ended");
	}

	private static String describe(SQLException failure) {
		return failure.getClass().getName() + " (SQLState " + failure.getSQLState() + ", error "
				+ failure.getErrorCode() + "): " + failure.getMessage();
	}

	private static void await(String condition, BooleanSupplier reached) {
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		while (!reached.getAsBoolean()) {
			assertThat(System.nanoTime()).as("within %s: %s", DEADLINE, condition).isLessThan(deadline);
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class ItemsConfiguration {

		@Bean
		Items items(JdbcTemplate jdbcTemplate) {
			return new Items(jdbcTemplate);
		}

	}

	static class Items {

		private final JdbcTemplate jdbcTemplate;

		Items(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@Transactional
		void insert(int id, int value) {
			this.jdbcTemplate.update("INSERT INTO own_items (id, item_value) VALUES (?, ?)", id, value);
		}

		/**
		 * The item's value (-1 when the row is not there) and the server that answered.
		 */
		@ReadOnly
		long[] read(int id) {
			return this.jdbcTemplate.query("SELECT (SELECT item_value FROM own_items WHERE id = ?), @@server_id",
					(rs) -> {
						rs.next();
						long value = rs.getLong(1);
						return new long[] { rs.wasNull() ? -1 : value, rs.getLong(2) };
					}, id);
		}

	}

}
