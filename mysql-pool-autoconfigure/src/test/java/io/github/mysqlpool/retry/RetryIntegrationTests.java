package io.github.mysqlpool.retry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolRetryAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.retry.internal.MicrometerRetryMetrics;
import io.github.mysqlpool.routing.ReadOnly;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Retry against a real primary and real replicas with real faults: deadlocks between two
 * transactions, lock wait timeouts, killed connections, a primary frozen during COMMIT.
 *
 * @author mysql-pool team
 */
@ExtendWith({ EmbeddedMariaDbExtension.class, OutputCaptureExtension.class })
class RetryIntegrationTests {

	private static final Set<Long> REPLICA_IDS = Set.of(2L, 3L);

	private static ApplicationContextRunner contextRunner;

	@BeforeAll
	static void createTablesAndRunner(ReplicatedMariaDb db) {
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
					+ ".retry_counter (id VARCHAR(64) PRIMARY KEY, n INT NOT NULL)");
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
					+ ".retry_log (seq BIGINT AUTO_INCREMENT PRIMARY KEY, request_id VARCHAR(64) NOT NULL, "
					+ "KEY (request_id))");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
					MySqlPoolRetryAutoConfiguration.class, DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class))
			.withUserConfiguration(ServicesConfiguration.class)
			.withPropertyValues(topologyProperties(db))
			.withPropertyValues("mysql-pool.retry.max-attempts=5", "mysql-pool.retry.delay=100ms",
					"mysql-pool.retry.max-elapsed-time=20s",
					// Lowered for these sessions only, so that a lock wait fails within a
					// second
					"mysql-pool.driver.properties.sessionVariables=innodb_lock_wait_timeout=1");
	}

	static String[] topologyProperties(ReplicatedMariaDb db) {
		return new String[] { "mysql-pool.primary.url=" + db.primary().jdbcUrl(),
				"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
				"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
				"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=4",
				"mysql-pool.inspect-servers=false" };
	}

	@AfterEach
	void heal(ReplicatedMariaDb db) {
		db.heal();
	}

	@Test
	void deadlockVictimIsRetriedAndEachTransactionTakesEffectExactlyOnce(ReplicatedMariaDb db, CapturedOutput output) {
		contextRunner.run((context) -> {
			Rows rows = new Rows(db);
			String a = rows.counter();
			String b = rows.counter();
			Writer writer = context.getBean(Writer.class);
			CyclicBarrier bothLocked = new CyclicBarrier(2);
			ExecutorService executor = Executors.newFixedThreadPool(2);
			try {
				String first = "deadlock-" + UUID.randomUUID();
				String second = "deadlock-" + UUID.randomUUID();
				Future<Integer> one = executor.submit(() -> writer.incrementBoth(a, b, bothLocked, first));
				Future<Integer> two = executor.submit(() -> writer.incrementBoth(b, a, bothLocked, second));
				int attempts = one.get(30, TimeUnit.SECONDS) + two.get(30, TimeUnit.SECONDS);
				System.out.println("Deadlock: attempts " + attempts + " for two calls");
				assertThat(attempts).isEqualTo(3);
				assertThat(rows.count(a)).isEqualTo(2);
				assertThat(rows.count(b)).isEqualTo(2);
				assertThat(rows.logged(first)).isEqualTo(1);
				assertThat(rows.logged(second)).isEqualTo(1);
				assertThat(attempts(context, "retried", "deadlock")).isEqualTo(1);
				assertThat(attempts(context, "success", "none")).isEqualTo(2);
				assertThat(output).contains("Retrying Writer.incrementBoth after attempt 1 of 5 failed: deadlock "
						+ "(MySQL error 1213, SQLState 40001)");
				assertThat(output).doesNotContain(a).doesNotContain(b).doesNotContain(db.password());
			}
			finally {
				executor.shutdownNow();
			}
		});
	}

	@Test
	void lockWaitTimeoutIsRetriedUntilTheLockIsReleasedEachAttemptInANewTransaction(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			Rows rows = new Rows(db);
			String id = rows.counter();
			Writer writer = context.getBean(Writer.class);
			try (Connection holder = rows.lockOnPrimary(id)) {
				// Released once the second attempt has started, so the first one surely
				// timed out
				CompletableFuture<Void> release = releaseWhen(holder, () -> writer.attempts() >= 2);
				long start = System.nanoTime();
				int attempts = writer.increment(id);
				long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				release.join();
				System.out.println("Lock wait timeout: succeeded after " + attempts + " attempts in " + elapsed
						+ " ms; transactions " + writer.transactions());
				assertThat(attempts).isGreaterThanOrEqualTo(2);
				assertThat(elapsed).isGreaterThanOrEqualTo(1000);
				assertThat(rows.count(id)).isEqualTo(1);
				assertThat(writer.transactions()).hasSize(attempts).doesNotHaveDuplicates();
				assertThat(attempts(context, "retried", "lock-wait-timeout")).isEqualTo(attempts - 1);
			}
		});
	}

	@Test
	void readOnlyReadWhoseConnectionIsKilledIsRetriedAndSucceeds(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			Reader reader = context.getBean(Reader.class);
			AtomicLong killedOn = new AtomicLong();
			CompletableFuture<Void> killer = inThread(() -> killOneSleepingQuery(db, killedOn));
			long serverId = reader.sleepAndReportServer(1);
			killer.join();
			System.out.println("Killed read on server " + killedOn.get() + "; retried read answered by server "
					+ serverId + " after " + reader.attempts() + " attempts");
			assertThat(killedOn.get()).isIn(REPLICA_IDS);
			assertThat(serverId).isIn(REPLICA_IDS);
			assertThat(reader.attempts()).isEqualTo(2);
			assertThat(
					attempts(context, "retried", "connection-killed") + attempts(context, "retried", "connection-lost"))
				.isEqualTo(1);
		});
	}

	@Test
	void writeWhoseConnectionIsKilledBeforeCommitIsRetriedAndLandsExactlyOnce(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			Rows rows = new Rows(db);
			Writer writer = context.getBean(Writer.class);
			String requestId = "killed-" + UUID.randomUUID();
			AtomicLong killedOn = new AtomicLong();
			CompletableFuture<Void> killer = inThread(() -> killOneSleepingQuery(db, killedOn));
			int attempts = writer.logThenSleep(requestId, 1);
			killer.join();
			assertThat(killedOn.get()).isEqualTo(1);
			assertThat(attempts).isEqualTo(2);
			assertThat(rows.logged(requestId)).isEqualTo(1);
		});
	}

	@Test
	void connectionLostDuringCommitIsNotRetriedAndReportsAnUnknownOutcome(ReplicatedMariaDb db) {
		contextRunner.withPropertyValues("mysql-pool.driver.socket-timeout=2s").run((context) -> {
			Rows rows = new Rows(db);
			Writer writer = context.getBean(Writer.class);
			String requestId = "commit-" + UUID.randomUUID();
			assertThatExceptionOfType(MySqlOutcomeUnknownException.class)
				.isThrownBy(() -> writer.logAndFreezePrimaryBeforeCommit(requestId, db.primary()))
				.withMessageContaining("Outcome of Writer.logAndFreezePrimaryBeforeCommit is unknown")
				.withMessageContaining("while COMMIT was in flight")
				.satisfies((ex) -> assertThat(ex.getPhase()).isEqualTo(WorkPhase.COMMIT))
				.satisfies((ex) -> assertThat(ex.getFailure().reason()).isEqualTo(FailureReason.CONNECTION_LOST));
			assertThat(writer.attempts()).isEqualTo(1);
			assertThat(attempts(context, "outcome-unknown", "connection-lost")).isEqualTo(1);
			db.primary().resume();
			// The frozen server got the COMMIT and applies it once it runs again: a retry
			// would have written the row twice
			long logged = awaitLogged(rows, requestId);
			System.out
				.println("COMMIT lost on the client: row present " + logged + " time(s) after the primary resumed");
			assertThat(logged).isEqualTo(1);
		});
	}

	@Test
	void permanentErrorsAreNotRetried(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			Rows rows = new Rows(db);
			Writer writer = context.getBean(Writer.class);
			assertThatExceptionOfType(BadSqlGrammarException.class).isThrownBy(writer::badSyntax);
			assertThat(writer.attempts()).isEqualTo(1);
			String id = rows.counter();
			writer.resetAttempts();
			assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> writer.insertCounter(id));
			assertThat(writer.attempts()).isEqualTo(1);
			Reader reader = context.getBean(Reader.class);
			assertThatExceptionOfType(BadSqlGrammarException.class).isThrownBy(reader::badSyntax);
			assertThat(reader.attempts()).isEqualTo(1);
			assertThat(attempts(context, "not-retried", "syntax-error")).isEqualTo(2);
			assertThat(attempts(context, "not-retried", "duplicate-key")).isEqualTo(1);
			assertThat(attempts(context, "retried", null)).isZero();
		});
	}

	@Test
	void methodCalledInsideARunningTransactionIsNotRetriedByItsOwnBoundary(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			Rows rows = new Rows(db);
			String id = rows.counter();
			Outer outer = context.getBean(Outer.class);
			Writer writer = context.getBean(Writer.class);
			try (Connection holder = rows.lockOnPrimary(id)) {
				assertThatExceptionOfType(PessimisticLockingFailureException.class)
					.isThrownBy(() -> outer.plainTransactionCalling(id));
				assertThat(writer.attempts()).isEqualTo(1);
				assertThat(attempts(context, null, null)).isZero();
			}
			assertThat(rows.count(id)).isZero();
		});
	}

	@Test
	void outermostRetriedBoundaryRetriesAndTheInnerOneDoesNot(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			Rows rows = new Rows(db);
			String id = rows.counter();
			Outer outer = context.getBean(Outer.class);
			Writer writer = context.getBean(Writer.class);
			try (Connection holder = rows.lockOnPrimary(id)) {
				CompletableFuture<Void> release = releaseWhen(holder, () -> writer.attempts() >= 2);
				int outerAttempts = outer.retriedTransactionCalling(id);
				release.join();
				assertThat(outerAttempts).isGreaterThanOrEqualTo(2);
				assertThat(writer.attempts()).isEqualTo(outerAttempts);
				assertThat(rows.count(id)).isEqualTo(1);
				assertThat(attempts(context, "retried", "lock-wait-timeout")).isEqualTo(outerAttempts - 1);
			}
		});
	}

	@Test
	void retryableReadOnlyTransactionIsRetriedAsARead(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			Reports reader = context.getBean(Reports.class);
			AtomicLong killedOn = new AtomicLong();
			CompletableFuture<Void> killer = inThread(() -> killOneSleepingQuery(db, killedOn));
			long serverId = reader.sleepInReadOnlyTransaction(1);
			killer.join();
			assertThat(killedOn.get()).isIn(REPLICA_IDS);
			assertThat(serverId).isIn(REPLICA_IDS);
			assertThat(reader.attempts()).isEqualTo(2);
		});
	}

	@Test
	void readOnlyTransactionThatCommittedANestedWriteIsNotRepeated(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			Rows rows = new Rows(db);
			Reports reports = context.getBean(Reports.class);
			String requestId = "audited-read-" + UUID.randomUUID();
			AtomicLong killedOn = new AtomicLong();
			CompletableFuture<Void> killer = inThread(() -> killOneSleepingQuery(db, killedOn));
			// The audit row commits on the primary in a transaction of its own, then the
			// replica read is killed: repeating the read would write the row again
			// (Spring's rollback on the killed connection fails too, and carries the
			// read's failure)
			assertThatExceptionOfType(TransactionSystemException.class)
				.isThrownBy(() -> reports.auditThenSleepInReadOnlyTransaction(requestId, 1))
				.satisfies((ex) -> assertThat(ex.getApplicationException()).isInstanceOf(DataAccessException.class));
			killer.join();
			assertThat(killedOn.get()).isIn(REPLICA_IDS);
			assertThat(reports.attempts()).isEqualTo(1);
			assertThat(rows.logged(requestId)).isEqualTo(1);
			assertThat(attempts(context, "not-retried", null)).isEqualTo(1);
			assertThat(attempts(context, "retried", null)).isZero();
		});
	}

	@Test
	void commitLostAfterAnExceptionThatDoesNotRollBackReportsAnUnknownOutcome(ReplicatedMariaDb db) {
		contextRunner.withPropertyValues("mysql-pool.driver.socket-timeout=2s").run((context) -> {
			Rows rows = new Rows(db);
			Writer writer = context.getBean(Writer.class);
			String requestId = "declined-" + UUID.randomUUID();
			// Spring commits a method that throws a checked exception, and attaches that
			// exception to the COMMIT's failure
			assertThatExceptionOfType(MySqlOutcomeUnknownException.class)
				.isThrownBy(() -> writer.logThenDeclineAndFreezePrimaryBeforeCommit(requestId, db.primary()))
				.withMessageContaining("while COMMIT was in flight")
				.satisfies((ex) -> assertThat(ex.getFailure().reason()).isEqualTo(FailureReason.CONNECTION_LOST));
			assertThat(writer.attempts()).isEqualTo(1);
			assertThat(attempts(context, "outcome-unknown", "connection-lost")).isEqualTo(1);
			db.primary().resume();
			assertThat(awaitLogged(rows, requestId)).isEqualTo(1);
		});
	}

	@Test
	void attemptThatWentOnAfterALostInnerCommitIsNotRepeated(ReplicatedMariaDb db) {
		contextRunner.withPropertyValues("mysql-pool.driver.socket-timeout=2s").run((context) -> {
			Rows rows = new Rows(db);
			String id = rows.counter();
			Writer writer = context.getBean(Writer.class);
			String requestId = "inner-" + UUID.randomUUID();
			AtomicBoolean returned = new AtomicBoolean();
			try (Connection holder = rows.lockOnPrimary(id)) {
				CompletableFuture<Void> release = releaseWhen(holder, () -> writer.attempts() >= 2 || returned.get());
				try {
					// The inner audit write's COMMIT is lost and caught, then the outer
					// transaction times out waiting for a lock: a repeat would write the
					// audit row again
					assertThatExceptionOfType(MySqlOutcomeUnknownException.class)
						.isThrownBy(() -> writer.auditLosingCommitThenIncrement(requestId, id, db.primary()))
						.satisfies((ex) -> assertThat(ex.getPhase()).isEqualTo(WorkPhase.COMMIT))
						.satisfies(
								(ex) -> assertThat(ex.getFailure().reason()).isEqualTo(FailureReason.CONNECTION_LOST))
						.withCauseInstanceOf(PessimisticLockingFailureException.class);
				}
				finally {
					returned.set(true);
					release.join();
				}
			}
			assertThat(writer.attempts()).isEqualTo(1);
			assertThat(attempts(context, "outcome-unknown", "connection-lost")).isEqualTo(1);
			assertThat(attempts(context, "retried", null)).isZero();
			assertThat(awaitLogged(rows, requestId)).isEqualTo(1);
			assertThat(rows.count(id)).isZero();
		});
	}

	private static long attempts(ApplicationContext context, String outcome, String reason) {
		var search = context.getBean(MeterRegistry.class).find(MicrometerRetryMetrics.ATTEMPTS);
		if (outcome != null) {
			search = search.tag("outcome", outcome);
		}
		if (reason != null) {
			search = search.tag("reason", reason);
		}
		return (long) search.counters().stream().mapToDouble((counter) -> counter.count()).sum();
	}

	/**
	 * Commit the lock holder's transaction once the condition holds (at most after 20 s),
	 * whatever the machine's load makes of the timing.
	 */
	private static CompletableFuture<Void> releaseWhen(Connection holder,
			java.util.function.BooleanSupplier condition) {
		return inThread(() -> {
			try {
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
				while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
					Thread.sleep(20);
				}
				holder.commit();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/**
	 * Run a helper on a thread of its own; the test's {@code join()} rethrows what it
	 * threw.
	 */
	private static CompletableFuture<Void> inThread(Runnable helper) {
		return CompletableFuture.runAsync(helper, (task) -> new Thread(task, "test-helper").start());
	}

	/**
	 * Wait for a {@code SELECT SLEEP} of the application user on any server and kill its
	 * connection, once.
	 */
	private static void killOneSleepingQuery(ReplicatedMariaDb db, AtomicLong killedOn) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			for (Node node : db.nodes()) {
				String id = node.queryForString("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '"
						+ db.username() + "' AND INFO LIKE 'SELECT SLEEP(%' LIMIT 1");
				if (id != null) {
					node.killConnection(Long.parseLong(id));
					killedOn.set(node.serverId());
					return;
				}
			}
			sleep(20);
		}
		throw new AssertionError("No SELECT SLEEP of " + db.username() + " to kill within 10 s");
	}

	private static long awaitLogged(Rows rows, String requestId) {
		long logged = 0;
		for (int i = 0; i < 50 && logged == 0; i++) {
			logged = rows.logged(requestId);
			sleep(100);
		}
		return rows.logged(requestId);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Direct access to the test tables on the primary, as root.
	 */
	static final class Rows {

		private final ReplicatedMariaDb db;

		Rows(ReplicatedMariaDb db) {
			this.db = db;
		}

		String counter() {
			String id = UUID.randomUUID().toString();
			this.db.primary()
				.executeAsRoot("INSERT INTO " + this.db.database() + ".retry_counter (id, n) VALUES ('" + id + "', 0)");
			return id;
		}

		long count(String id) {
			return this.db.primary()
				.queryForLong("SELECT n FROM " + this.db.database() + ".retry_counter WHERE id = '" + id + "'");
		}

		long logged(String requestId) {
			return this.db.primary()
				.queryForLong("SELECT COUNT(*) FROM " + this.db.database() + ".retry_log WHERE request_id = '"
						+ requestId + "'");
		}

		/**
		 * Open a transaction on the primary that holds the row's lock until committed.
		 */
		Connection lockOnPrimary(String id) throws Exception {
			Connection connection = DriverManager.getConnection(this.db.primary().jdbcUrl(), this.db.username(),
					this.db.password());
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.executeQuery("SELECT n FROM retry_counter WHERE id = '" + id + "' FOR UPDATE").close();
			}
			return connection;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServicesConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		Audit audit(JdbcTemplate jdbcTemplate) {
			return new Audit(jdbcTemplate);
		}

		@Bean
		Writer writer(JdbcTemplate jdbcTemplate, DataSource dataSource, Audit audit) {
			return new Writer(jdbcTemplate, dataSource, audit);
		}

		@Bean
		Reader reader(JdbcTemplate jdbcTemplate) {
			return new Reader(jdbcTemplate);
		}

		@Bean
		Reports reports(JdbcTemplate jdbcTemplate, Audit audit) {
			return new Reports(jdbcTemplate, audit);
		}

		@Bean
		Outer outer(Writer writer) {
			return new Outer(writer);
		}

	}

	static class Writer {

		private final AtomicInteger attempts = new AtomicInteger();

		private final List<Object> transactions = new CopyOnWriteArrayList<>();

		private final JdbcTemplate jdbcTemplate;

		private final DataSource dataSource;

		private final Audit audit;

		private final ThreadLocal<Integer> callAttempts = new ThreadLocal<>();

		Writer(JdbcTemplate jdbcTemplate, DataSource dataSource, Audit audit) {
			this.jdbcTemplate = jdbcTemplate;
			this.dataSource = dataSource;
			this.audit = audit;
		}

		int attempts() {
			return this.attempts.get();
		}

		void resetAttempts() {
			this.attempts.set(0);
		}

		List<Object> transactions() {
			return this.transactions;
		}

		@RetryableTransaction
		int incrementBoth(String first, String second, CyclicBarrier bothLocked, String requestId) throws Exception {
			int attempt = nextAttempt();
			this.jdbcTemplate.update("UPDATE retry_counter SET n = n + 1 WHERE id = ?", first);
			if (attempt == 1) {
				bothLocked.await(10, TimeUnit.SECONDS);
			}
			this.jdbcTemplate.update("UPDATE retry_counter SET n = n + 1 WHERE id = ?", second);
			this.jdbcTemplate.update("INSERT INTO retry_log (request_id) VALUES (?)", requestId);
			return attempt;
		}

		@RetryableTransaction
		int increment(String id) {
			int attempt = nextAttempt();
			this.transactions.add(TransactionSynchronizationManager.getResource(this.dataSource));
			this.jdbcTemplate.update("UPDATE retry_counter SET n = n + 1 WHERE id = ?", id);
			return attempt;
		}

		@RetryableTransaction
		int logThenSleep(String requestId, int seconds) {
			int attempt = nextAttempt();
			this.jdbcTemplate.update("INSERT INTO retry_log (request_id) VALUES (?)", requestId);
			if (attempt == 1) {
				this.jdbcTemplate.queryForObject("SELECT SLEEP(?)", Integer.class, seconds);
			}
			return attempt;
		}

		@RetryableTransaction
		void logAndFreezePrimaryBeforeCommit(String requestId, Node primary) {
			this.attempts.incrementAndGet();
			logAndFreeze(this.jdbcTemplate, requestId, primary);
		}

		@RetryableTransaction
		void logThenDeclineAndFreezePrimaryBeforeCommit(String requestId, Node primary) throws Declined {
			logAndFreezePrimaryBeforeCommit(requestId, primary);
			throw new Declined();
		}

		@RetryableTransaction
		void auditLosingCommitThenIncrement(String requestId, String id, Node primary) {
			int attempt = nextAttempt();
			if (attempt == 1) {
				try {
					this.audit.logAndFreezePrimaryBeforeCommit(requestId, primary);
				}
				catch (DataAccessException | TransactionException ex) {
					// The caller goes on without its audit row
					primary.resume();
				}
			}
			else {
				this.audit.log(requestId);
			}
			this.jdbcTemplate.update("UPDATE retry_counter SET n = n + 1 WHERE id = ?", id);
		}

		@RetryableTransaction
		void badSyntax() {
			this.attempts.incrementAndGet();
			this.jdbcTemplate.update("UPDAT retry_counter SET n = 1");
		}

		@RetryableTransaction
		void insertCounter(String id) {
			this.attempts.incrementAndGet();
			this.jdbcTemplate.update("INSERT INTO retry_counter (id, n) VALUES (?, 0)", id);
		}

		/**
		 * Count attempts in total and per call: each test calls once per thread.
		 */
		private int nextAttempt() {
			this.attempts.incrementAndGet();
			Integer previous = this.callAttempts.get();
			int attempt = (previous != null) ? previous + 1 : 1;
			this.callAttempts.set(attempt);
			return attempt;
		}

	}

	/**
	 * Insert a row, then freeze the primary just before the transaction's COMMIT is sent.
	 */
	static void logAndFreeze(JdbcTemplate jdbcTemplate, String requestId, Node primary) {
		jdbcTemplate.update("INSERT INTO retry_log (request_id) VALUES (?)", requestId);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void beforeCommit(boolean readOnly) {
				primary.pause();
			}

		});
	}

	/**
	 * A checked exception, which does not roll the transaction back.
	 */
	static class Declined extends Exception {

		Declined() {
			super("declined");
		}

	}

	/**
	 * Audit writes, each in a transaction of its own.
	 */
	static class Audit {

		private final JdbcTemplate jdbcTemplate;

		Audit(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@Transactional(propagation = Propagation.REQUIRES_NEW)
		void log(String requestId) {
			this.jdbcTemplate.update("INSERT INTO retry_log (request_id) VALUES (?)", requestId);
		}

		@Transactional(propagation = Propagation.REQUIRES_NEW)
		void logAndFreezePrimaryBeforeCommit(String requestId, Node primary) {
			logAndFreeze(this.jdbcTemplate, requestId, primary);
		}

	}

	@ReadOnly
	static class Reader {

		private final AtomicInteger attempts = new AtomicInteger();

		private final JdbcTemplate jdbcTemplate;

		Reader(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		int attempts() {
			return this.attempts.get();
		}

		long sleepAndReportServer(int seconds) {
			this.attempts.incrementAndGet();
			return this.jdbcTemplate.queryForObject("SELECT SLEEP(?) * 0 + @@server_id", Long.class, seconds);
		}

		void badSyntax() {
			this.attempts.incrementAndGet();
			this.jdbcTemplate.queryForObject("SELECT FROM retry_counter", Integer.class);
		}

	}

	static class Outer {

		private final Writer writer;

		private final AtomicInteger attempts = new AtomicInteger();

		Outer(Writer writer) {
			this.writer = writer;
		}

		@Transactional
		void plainTransactionCalling(String id) {
			this.writer.increment(id);
		}

		@RetryableTransaction
		int retriedTransactionCalling(String id) {
			int attempt = this.attempts.incrementAndGet();
			this.writer.increment(id);
			return attempt;
		}

	}

	static class Reports {

		private final AtomicInteger attempts = new AtomicInteger();

		private final JdbcTemplate jdbcTemplate;

		private final Audit audit;

		Reports(JdbcTemplate jdbcTemplate, Audit audit) {
			this.jdbcTemplate = jdbcTemplate;
			this.audit = audit;
		}

		int attempts() {
			return this.attempts.get();
		}

		@RetryableTransaction(readOnly = true)
		long sleepInReadOnlyTransaction(int seconds) {
			this.attempts.incrementAndGet();
			return this.jdbcTemplate.queryForObject("SELECT SLEEP(?) * 0 + @@server_id", Long.class, seconds);
		}

		@RetryableTransaction(readOnly = true)
		long auditThenSleepInReadOnlyTransaction(String requestId, int seconds) {
			this.attempts.incrementAndGet();
			this.audit.log(requestId);
			return this.jdbcTemplate.queryForObject("SELECT SLEEP(?) * 0 + @@server_id", Long.class, seconds);
		}

	}

}
