package io.github.mysqlpool.routing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.monitor.MySqlPoolMonitorAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.routing.internal.RoutingContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The latency-aware selection against a real primary and two real replicas, one of them
 * held up for real: a root session on it takes {@code LOCK TABLES ... WRITE} on the table
 * the reads use, again and again, as a maintenance job would, so that reads there wait
 * for the lock. One thread reads, so the replicas' connections in use cannot tell them
 * apart (least-active would keep alternating): only the statement times can.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class LatencyAwareSelectionIntegrationTests {

	private static final int FAST_READS = 200;

	@BeforeAll
	static void createTable(ReplicatedMariaDb db) {
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
					+ ".latency_items (id INT PRIMARY KEY, name VARCHAR(64))");
		db.primary().executeAsRoot("INSERT IGNORE INTO " + db.database() + ".latency_items VALUES (1, 'one')");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(30));
	}

	@Test
	void readsShiftAwayFromAReplicaHeldUpByATableLock(ReplicatedMariaDb db) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
					MySqlPoolMonitorAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withPropertyValues(RoutingIntegrationTests.topologyProperties(db))
			.withPropertyValues("mysql-pool.replication.strategy=latency-aware")
			.run((context) -> {
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				MySqlPool fast = context.getBean(MySqlPools.class).getReplicas().get(0);
				MySqlPool slow = context.getBean(MySqlPools.class).getReplicas().get(1);
				for (int i = 0; i < 20; i++) {
					read(jdbc);
				}
				assertThat(slow.getLoad().statementNanos()).isPositive();
				try (LockBursts bursts = LockBursts.start(db.replica(1), db)) {
					long fastBefore = fast.getRoutedBorrows();
					long slowBefore = slow.getRoutedBorrows();
					long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
					while (fast.getRoutedBorrows() - fastBefore < FAST_READS && System.nanoTime() < deadline) {
						read(jdbc);
					}
					long fastReads = fast.getRoutedBorrows() - fastBefore;
					long slowReads = slow.getRoutedBorrows() - slowBefore;
					assertThat(bursts.locksTaken()).isPositive();
					assertThat(fastReads).isGreaterThanOrEqualTo(FAST_READS);
					// Taking turns, the held-up replica would serve as many reads
					assertThat(slowReads).isLessThan(fastReads / 4);
				}
			});
	}

	private static void read(JdbcTemplate jdbc) {
		boolean previous = RoutingContext.enterReadOnlyScope();
		try {
			assertThat(jdbc.queryForObject("SELECT name FROM latency_items WHERE id = 1", String.class))
				.isEqualTo("one");
		}
		finally {
			RoutingContext.restoreReadOnlyScope(previous);
		}
	}

	/**
	 * A root session that holds a write lock on the table 200 ms of every 250 ms.
	 */
	private static final class LockBursts implements AutoCloseable {

		private final CountDownLatch stop = new CountDownLatch(1);

		private final AtomicReference<Throwable> failure = new AtomicReference<>();

		private final Thread thread;

		private volatile int locksTaken;

		private LockBursts(Node node, ReplicatedMariaDb db) {
			String url = "jdbc:mysql://" + node.host() + ":" + node.port() + "/" + db.database();
			this.thread = new Thread(() -> {
				try (Connection connection = DriverManager.getConnection(url, "root", db.rootPassword());
						Statement statement = connection.createStatement()) {
					do {
						statement.execute("LOCK TABLES latency_items WRITE");
						this.locksTaken++;
						boolean stopped = this.stop.await(200, TimeUnit.MILLISECONDS);
						statement.execute("UNLOCK TABLES");
						if (stopped) {
							return;
						}
					}
					while (!this.stop.await(50, TimeUnit.MILLISECONDS));
				}
				catch (SQLException | InterruptedException | RuntimeException ex) {
					this.failure.set(ex);
				}
			}, "lock-bursts");
		}

		static LockBursts start(Node node, ReplicatedMariaDb db) {
			LockBursts bursts = new LockBursts(node, db);
			bursts.thread.start();
			return bursts;
		}

		int locksTaken() {
			return this.locksTaken;
		}

		@Override
		public void close() throws InterruptedException {
			this.stop.countDown();
			this.thread.join(TimeUnit.SECONDS.toMillis(30));
			assertThat(this.failure.get()).isNull();
		}

	}

}
