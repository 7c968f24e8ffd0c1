package io.github.mysqlpool.consistency;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

import javax.sql.DataSource;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolConsistencyAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.routing.ReadOnly;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Read-your-writes against real replicas that really lag (their SQL threads stopped while
 * the primary takes the writes): a read right after a write in the same scope.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class ReadYourWritesIntegrationTests {

	private static final int TRIALS = 20;

	private static final AtomicInteger ids = new AtomicInteger((int) (System.currentTimeMillis() % 1_000_000) * 100);

	private static ApplicationContextRunner contextRunner;

	@BeforeAll
	static void createTable(ReplicatedMariaDb db) {
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
					+ ".ryw_items (id INT PRIMARY KEY, item_value INT NOT NULL)");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		contextRunner = new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MySqlPoolAutoConfiguration.class, MySqlPoolReplicationAutoConfiguration.class,
							MySqlPoolConsistencyAutoConfiguration.class, DataSourceAutoConfiguration.class,
							DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
							JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class))
			.withUserConfiguration(ItemsConfiguration.class)
			.withPropertyValues("mysql-pool.primary.url=" + db.primary().jdbcUrl(),
					"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
					"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
					"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=3",
					// Lagging replicas stay in rotation: only read-your-writes protects
					// the reads
					"mysql-pool.replication.max-lag=60s", "mysql-pool.replication.lag-source=heartbeat",
					"mysql-pool.replication.probe-interval=250ms", "mysql-pool.consistency.gtid-wait-timeout=100ms");
	}

	@AfterEach
	void heal(ReplicatedMariaDb db) {
		db.heal();
	}

	@Test
	void offModeServesStaleReadsWhileReplicasLag(ReplicatedMariaDb db) {
		contextRunner.withPropertyValues("mysql-pool.consistency.read-your-writes=off").run((context) -> {
			assertThat(context).doesNotHaveBean(ReadYourWrites.class);
			lagBothReplicas(db);
			Trials trials = writeThenRead(context.getBean(Items.class));
			trials.print("off, replicas lagging");
			assertThat(trials.stale).as("stale reads prove the test can fail").isPositive();
		});
	}

	@Test
	void primaryWindowModeReadsItsWritesWhileReplicasLag(ReplicatedMariaDb db) {
		contextRunner.withPropertyValues("mysql-pool.consistency.read-your-writes=primary-window").run((context) -> {
			lagBothReplicas(db);
			Trials trials = writeThenRead(context.getBean(Items.class));
			trials.print("primary-window, replicas lagging");
			assertThat(trials.stale).isZero();
			assertThat(trials.servers).containsOnly(1L);
		});
	}

	@Test
	void gtidModeReadsItsWritesWhileReplicasLag(ReplicatedMariaDb db) {
		contextRunner.withPropertyValues("mysql-pool.consistency.read-your-writes=gtid").run((context) -> {
			lagBothReplicas(db);
			Trials trials = writeThenRead(context.getBean(Items.class));
			trials.print("gtid, replicas lagging (waits time out, reads go to the primary)");
			assertThat(trials.stale).isZero();
			assertThat(context.getBean(ReadYourWrites.class).getReplicaWaitTimeouts()).isEqualTo(TRIALS);
		});
	}

	@Test
	void gtidModeStillServesReadsAfterWritesFromCaughtUpReplicas() {
		// A generous wait: on a loaded machine a caught-up replica may take a while to
		// answer
		contextRunner
			.withPropertyValues("mysql-pool.consistency.read-your-writes=gtid",
					"mysql-pool.consistency.gtid-wait-timeout=5s")
			.run((context) -> {
				Items items = context.getBean(Items.class);
				Trials unfenced = readOnly(items, context.getBean(ReadYourWrites.class), 200);
				Trials trials = writeThenRead(items, 200);
				unfenced.print("gtid, reads with no write before them");
				trials.print("gtid, replicas caught up");
				assertThat(trials.stale).isZero();
				assertThat(trials.servers).isSubsetOf(2L, 3L);
				assertThat(unfenced.servers).isSubsetOf(2L, 3L);
				assertThat(context.getBean(ReadYourWrites.class).getReplicaWaitTimeouts()).isZero();
			});
	}

	@Test
	void gtidModeCoversWritesMadeOutsideTransactions(ReplicatedMariaDb db) {
		contextRunner.withPropertyValues("mysql-pool.consistency.read-your-writes=gtid").run((context) -> {
			Items items = context.getBean(Items.class);
			lagBothReplicas(db);
			int id = ids.incrementAndGet();
			items.insertWithoutTransaction(id, 7);
			assertThat(items.read(id)[0]).isEqualTo(7);
		});
	}

	@Test
	void anotherThreadIsAnotherScope(ReplicatedMariaDb db) {
		contextRunner.withPropertyValues("mysql-pool.consistency.read-your-writes=gtid").run((context) -> {
			Items items = context.getBean(Items.class);
			lagBothReplicas(db);
			int id = ids.incrementAndGet();
			items.insert(id, 1);
			long[] elsewhere = new long[1];
			Thread reader = new Thread(() -> elsewhere[0] = items.read(id)[0]);
			reader.start();
			reader.join();
			assertThat(elsewhere[0]).as("a thread that did not write is not fenced").isEqualTo(-1);
			assertThat(items.read(id)[0]).isEqualTo(1);
		});
	}

	@Test
	void autocommitWriteIsStampedWhenItsConnectionReturns() {
		contextRunner.withPropertyValues("mysql-pool.consistency.read-your-writes=primary-window").run((context) -> {
			ReadYourWrites readYourWrites = context.getBean(ReadYourWrites.class);
			readYourWrites.clear();
			long beforeClose;
			try (Connection connection = context.getBean(DataSource.class).getConnection();
					Statement statement = connection.createStatement()) {
				statement
					.executeUpdate("INSERT INTO ryw_items (id, item_value) VALUES (" + ids.incrementAndGet() + ", 1)");
				// A long statement: the write's fence starts when it is over
				statement.execute("SELECT SLEEP(0.3)");
				beforeClose = System.currentTimeMillis();
			}
			assertThat(readYourWrites.lastWrite()).isGreaterThanOrEqualTo(beforeClose);
		});
	}

	@Test
	void autocommitWriteMadeAfterAFencedReadIsWaitedFor(ReplicatedMariaDb db) {
		// A generous wait, so that a replica that has the old position answers in time
		contextRunner
			.withPropertyValues("mysql-pool.consistency.read-your-writes=gtid",
					"mysql-pool.consistency.gtid-wait-timeout=5s")
			.run((context) -> {
				ReadYourWrites readYourWrites = context.getBean(ReadYourWrites.class);
				Items items = context.getBean(Items.class);
				readYourWrites.clear();
				int first = ids.incrementAndGet();
				int second = ids.incrementAndGet();
				try (Connection connection = context.getBean(DataSource.class).getConnection();
						Statement statement = connection.createStatement()) {
					statement.executeUpdate("INSERT INTO ryw_items (id, item_value) VALUES (" + first + ", 1)");
					db.awaitReplicasCaughtUp(Duration.ofSeconds(30));
					// A fenced read while the connection is held reads the position
					assertThat(items.read(first)[0]).isEqualTo(1);
					lagBothReplicas(db);
					statement.executeUpdate("INSERT INTO ryw_items (id, item_value) VALUES (" + second + ", 2)");
				}
				assertThat(items.read(second)[0]).as("the write made after the first read is read").isEqualTo(2);
			});
	}

	@Test
	void commitOfUnknownOutcomeFencesTheScope(ReplicatedMariaDb db) {
		contextRunner.withPropertyValues("mysql-pool.consistency.read-your-writes=primary-window").run((context) -> {
			Items items = context.getBean(Items.class);
			context.getBean(ReadYourWrites.class).clear();
			lagBothReplicas(db);
			int id = ids.incrementAndGet();
			assertThatException().isThrownBy(() -> items.insertAndLoseTheCommit(id, 3, db.primary()::killConnection));
			assertThat(items.read(id)[1]).as("the check whether the write took effect reads the primary")
				.isEqualTo(db.primary().serverId());
		});
	}

	private static void lagBothReplicas(ReplicatedMariaDb db) {
		for (Node replica : db.replicas()) {
			replica.stopReplicationSqlThread();
		}
	}

	private static Trials writeThenRead(Items items) {
		return writeThenRead(items, TRIALS);
	}

	private static Trials writeThenRead(Items items, int count) {
		Trials trials = new Trials();
		for (int i = 0; i < count; i++) {
			int id = ids.incrementAndGet();
			items.insert(id, i);
			long started = System.nanoTime();
			long[] read = items.read(id);
			trials.record(System.nanoTime() - started, read[0] != i, read[1]);
		}
		return trials;
	}

	private static Trials readOnly(Items items, ReadYourWrites readYourWrites, int count) {
		int id = ids.incrementAndGet();
		items.insert(id, 0);
		Trials trials = new Trials();
		for (int i = 0; i < count; i++) {
			readYourWrites.clear();
			long started = System.nanoTime();
			long[] read = items.read(id);
			trials.record(System.nanoTime() - started, false, read[1]);
		}
		return trials;
	}

	static final class Trials {

		private final List<Long> nanos = new ArrayList<>();

		private final Set<Long> servers = new HashSet<>();

		private int stale;

		void record(long latencyNanos, boolean stale, long server) {
			this.nanos.add(latencyNanos);
			this.servers.add(server);
			if (stale) {
				this.stale++;
			}
		}

		void print(String label) {
			List<Long> sorted = new ArrayList<>(this.nanos);
			Collections.sort(sorted);
			System.out.printf(
					"Read-your-writes [%s]: %d/%d stale, servers %s, read latency p50 %.2f ms, p90 %.2f ms, max %.2f ms%n",
					label, this.stale, this.nanos.size(), this.servers, sorted.get(sorted.size() / 2) / 1e6,
					sorted.get(sorted.size() * 9 / 10) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
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
			this.jdbcTemplate.update("INSERT INTO ryw_items (id, item_value) VALUES (?, ?)", id, value);
		}

		/**
		 * Insert, then kill the transaction's connection, so that its COMMIT fails.
		 */
		@Transactional
		void insertAndLoseTheCommit(int id, int value, LongConsumer killConnection) {
			this.jdbcTemplate.update("INSERT INTO ryw_items (id, item_value) VALUES (?, ?)", id, value);
			killConnection.accept(this.jdbcTemplate.queryForObject("SELECT CONNECTION_ID()", Long.class));
		}

		void insertWithoutTransaction(int id, int value) {
			this.jdbcTemplate.update("INSERT INTO ryw_items (id, item_value) VALUES (?, ?)", id, value);
		}

		/**
		 * The item's value (-1 when the row is not there) and the server that answered.
		 */
		@ReadOnly
		long[] read(int id) {
			return this.jdbcTemplate.query("SELECT (SELECT item_value FROM ryw_items WHERE id = ?), @@server_id",
					(rs) -> {
						rs.next();
						long value = rs.getLong(1);
						return new long[] { rs.wasNull() ? -1 : value, rs.getLong(2) };
					}, id);
		}

	}

}
