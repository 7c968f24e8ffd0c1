package io.github.mysqlpool.rescue.internal;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolExistingPrimaryAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolRetryAutoConfiguration;
import io.github.mysqlpool.autoconfigure.monitor.MySqlPoolMonitorAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.ReplicaStatus.State;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import io.github.mysqlpool.retry.FailureReason;
import io.github.mysqlpool.retry.MySqlOutcomeUnknownException;
import io.github.mysqlpool.retry.RetryableTransaction;
import io.github.mysqlpool.retry.WorkPhase;
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
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Callers blocked on a hung server (SIGSTOP: it stops answering without closing its
 * sockets) against the real embedded topology: with a socket timeout of two minutes, a
 * read on a hung replica and a COMMIT on a hung primary end within probe-timeout plus
 * probe-interval plus a generous slack, because the monitor aborts the server's
 * connections once its probe fails. Each test fails with
 * {@code mysql-pool.replication.abort-on-hang=false}: the caller then waits for the
 * socket timeout.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class HungServerRescueIntegrationTests {

	private static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

	private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

	/**
	 * Far above the bound: a caller not rescued waits this long.
	 */
	private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(120);

	/**
	 * Room for a machine shared with other builds; the figures themselves are printed.
	 */
	private static final Duration SLACK = Duration.ofSeconds(10);

	private static final Duration BOUND = PROBE_TIMEOUT.plus(PROBE_INTERVAL).plus(SLACK);

	private static final int FIRST_ATTEMPT_SLEEP_SECONDS = 3;

	private static ApplicationContextRunner contextRunner;

	@BeforeAll
	static void createTableAndRunner(ReplicatedMariaDb db) {
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
					+ ".rescue_log (seq BIGINT AUTO_INCREMENT PRIMARY KEY, request_id VARCHAR(64) NOT NULL)");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
					MySqlPoolReplicationAutoConfiguration.class, MySqlPoolMonitorAutoConfiguration.class,
					MySqlPoolRetryAutoConfiguration.class, DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class))
			.withUserConfiguration(ServicesConfiguration.class)
			.withPropertyValues("mysql-pool.primary.url=" + db.primary().jdbcUrl(),
					"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
					"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
					"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=2",
					"mysql-pool.pool.connection-timeout=2s", "mysql-pool.pool.validation-timeout=500ms",
					"mysql-pool.driver.connect-timeout=1s",
					"mysql-pool.driver.socket-timeout=" + SOCKET_TIMEOUT.toSeconds() + "s",
					"mysql-pool.replication.probe-interval=" + PROBE_INTERVAL.toMillis() + "ms",
					"mysql-pool.replication.probe-timeout=" + PROBE_TIMEOUT.toMillis() + "ms",
					"mysql-pool.replication.readmit-probes=2", "mysql-pool.retry.max-attempts=3",
					"mysql-pool.retry.delay=100ms", "mysql-pool.retry.max-elapsed-time=60s");
	}

	@AfterEach
	void heal(ReplicatedMariaDb db) {
		db.heal();
	}

	@Test
	void readBlockedOnAHungReplicaIsRetriedOnTheOtherWithinTheBound(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			ReplicaMonitor monitor = awaitAllFit(context);
			Reader reader = context.getBean(Reader.class);
			CompletableFuture<Long> read = CompletableFuture.supplyAsync(reader::sleepOnFirstAttempt);
			Node hung = awaitSleepingOn(db, db.replica(0), db.replica(1));
			long paused = System.nanoTime();
			hung.pause();
			long served = await(read);
			long elapsed = System.nanoTime() - paused;
			System.out.printf(
					"[hung replica] read in flight on server %d returned %d ms after the pause, served by server %d"
							+ " after %d attempt(s)%n",
					hung.serverId(), elapsed / 1_000_000, served, reader.attempts());
			assertThat(elapsed).isLessThan(BOUND.plusSeconds(FIRST_ATTEMPT_SLEEP_SECONDS).toNanos());
			assertThat(served).isNotEqualTo(hung.serverId()).isIn(2L, 3L);
			assertThat(reader.attempts()).isEqualTo(2);
			String pool = (hung == db.replica(0)) ? "replica-1" : "replica-2";
			assertThat(monitor.status(pool).state()).isEqualTo(State.DOWN);
			long resumed = System.nanoTime();
			hung.resume();
			awaitState(monitor, pool, State.FIT, Duration.ofSeconds(20));
			System.out.printf("[hung replica] server %d resumed; back in rotation %d ms later%n", hung.serverId(),
					(System.nanoTime() - resumed) / 1_000_000);
			JdbcTemplate replicaPool = new JdbcTemplate(context.getBean(MySqlPools.class).get(pool).getDataSource());
			assertThat(replicaPool.queryForObject("SELECT @@server_id", Long.class)).isEqualTo(hung.serverId());
			awaitReadServedBy(reader, hung.serverId());
		});
	}

	@Test
	void commitBlockedOnAHungPrimaryEndsAsAnUnknownOutcomeWithinTheBound(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			ReplicaMonitor monitor = awaitAllFit(context);
			Writer writer = context.getBean(Writer.class);
			String requestId = "rescue-" + UUID.randomUUID();
			CompletableFuture<Long> paused = new CompletableFuture<>();
			CompletableFuture<Throwable> write = CompletableFuture.supplyAsync(() -> {
				try {
					writer.logAndFreezePrimaryBeforeCommit(requestId, db.primary(), paused);
					return null;
				}
				catch (RuntimeException ex) {
					return ex;
				}
			});
			Throwable failure = await(write);
			long elapsed = System.nanoTime() - paused.getNow(System.nanoTime());
			System.out.printf("[hung primary] COMMIT in flight failed %d ms after the pause: %s%n", elapsed / 1_000_000,
					failure);
			assertThat(elapsed).isLessThan(BOUND.toNanos());
			assertThat(failure).isInstanceOf(MySqlOutcomeUnknownException.class);
			MySqlOutcomeUnknownException unknown = (MySqlOutcomeUnknownException) failure;
			assertThat(unknown.getPhase()).isEqualTo(WorkPhase.COMMIT);
			assertThat(unknown.getFailure().reason()).isEqualTo(FailureReason.CONNECTION_LOST);
			assertThat(writer.attempts()).isEqualTo(1);
			assertThat(monitor.primaryStatus().up()).isFalse();
			db.primary().resume();
			awaitPrimaryUp(monitor, Duration.ofSeconds(20));
			// The frozen server got the COMMIT: it applies it once, and no attempt
			// repeats it
			assertThat(awaitLogged(db, requestId)).isEqualTo(1);
			String after = "rescue-" + UUID.randomUUID();
			writer.log(after);
			assertThat(db.primary()
				.queryForLong(
						"SELECT COUNT(*) FROM " + db.database() + ".rescue_log WHERE request_id = '" + after + "'"))
				.isEqualTo(1);
		});
	}

	@Test
	void everyPhysicalConnectionIsTrackedWithoutSlowStatementTiming() {
		assertThat(HungServerRescue.INTERCEPTOR).isEqualTo(ConnectionTrackingInterceptor.class.getName());
		contextRunner.withPropertyValues("mysql-pool.monitor.slow-query-timing=false").run((context) -> {
			awaitAllFit(context);
			HikariDataSource replica = context.getBean(MySqlPools.class).get("replica-1").getHikari();
			assertThat(replica.getDataSourceProperties().getProperty("queryInterceptors"))
				.isEqualTo(HungServerRescue.INTERCEPTOR);
			new JdbcTemplate(replica).queryForObject("SELECT 1", Integer.class);
			HungServerRescue rescue = context.getBean(HungServerRescue.class);
			// Every connection of the pool, none of the monitor's own
			awaitTracked(rescue, replica, 2);
		});
	}

	@Test
	void abortOnHangFalseInstallsNothing() {
		contextRunner.withPropertyValues("mysql-pool.replication.abort-on-hang=false").run((context) -> {
			awaitAllFit(context);
			assertThat(context).doesNotHaveBean(HungServerRescue.class);
			HikariDataSource replica = context.getBean(MySqlPools.class).get("replica-1").getHikari();
			assertThat(replica.getDataSourceProperties().getProperty("queryInterceptors"))
				.doesNotContain(HungServerRescue.INTERCEPTOR);
		});
	}

	@Test
	void connectionsOfAPrimaryAdoptedFromSpringDatasourceAreTracked(ReplicatedMariaDb db) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
					MySqlPoolExistingPrimaryAutoConfiguration.class, MySqlPoolReplicationAutoConfiguration.class,
					MySqlPoolMonitorAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + db.primary().jdbcUrl(),
					"spring.datasource.username=" + db.username(), "spring.datasource.password=" + db.password(),
					"spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.minimum-idle=2",
					"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
					"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=2",
					"mysql-pool.monitor.slow-query-timing=false")
			.run((context) -> {
				awaitAllFit(context);
				HikariDataSource primary = context.getBean(MySqlPools.class).getPrimary().getHikari();
				assertThat(primary).isSameAs(context.getBean("dataSource"));
				new JdbcTemplate(primary).queryForObject("SELECT 1", Integer.class);
				// Every connection of the pool, so that a hang aborts them as for a built
				// pool
				awaitTracked(context.getBean(HungServerRescue.class), primary, 2);
			});
	}

	private static void awaitTracked(HungServerRescue rescue, HikariDataSource pool, int expected) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (rescue.trackedConnections(pool) != expected
				|| pool.getHikariPoolMXBean().getTotalConnections() != expected) {
			assertThat(System.nanoTime())
				.as("%d connection(s) tracked, %d in the pool", rescue.trackedConnections(pool),
						pool.getHikariPoolMXBean().getTotalConnections())
				.isLessThan(deadline);
			sleep(Duration.ofMillis(20));
		}
	}

	/**
	 * Wait for the caller, failing at the bound's double rather than at the two-minute
	 * socket timeout when it is not rescued.
	 */
	private static <T> T await(CompletableFuture<T> call) throws InterruptedException, ExecutionException {
		long timeout = BOUND.multipliedBy(2).plusSeconds(FIRST_ATTEMPT_SLEEP_SECONDS).toMillis();
		try {
			return call.get(timeout, TimeUnit.MILLISECONDS);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			return fail("the caller is still blocked on the hung server after %d ms", timeout);
		}
	}

	private static Node awaitSleepingOn(ReplicatedMariaDb db, Node... nodes) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			for (Node node : nodes) {
				if (node.queryForString("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '" + db.username()
						+ "' AND INFO LIKE 'SELECT SLEEP(%' LIMIT 1") != null) {
					return node;
				}
			}
			sleep(Duration.ofMillis(10));
		}
		return fail("no read is running on a replica");
	}

	private static ReplicaMonitor awaitAllFit(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		ReplicaMonitor monitor = context.getBean(ReplicaMonitor.class);
		awaitState(monitor, "replica-1", State.FIT, Duration.ofSeconds(10));
		awaitState(monitor, "replica-2", State.FIT, Duration.ofSeconds(10));
		return monitor;
	}

	private static void awaitState(ReplicaMonitor monitor, String pool, State state, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (monitor.status(pool).state() != state) {
			assertThat(System.nanoTime()).as("%s still %s", pool, monitor.status(pool)).isLessThan(deadline);
			sleep(Duration.ofMillis(20));
		}
	}

	private static void awaitPrimaryUp(ReplicaMonitor monitor, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!monitor.primaryStatus().up()) {
			assertThat(System.nanoTime()).as("primary still %s", monitor.primaryStatus()).isLessThan(deadline);
			sleep(Duration.ofMillis(20));
		}
	}

	private static void awaitReadServedBy(Reader reader, long serverId) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (reader.serverId() != serverId) {
			assertThat(System.nanoTime()).as("no read served by server %d", serverId).isLessThan(deadline);
		}
	}

	private static long awaitLogged(ReplicatedMariaDb db, String requestId) {
		String count = "SELECT COUNT(*) FROM " + db.database() + ".rescue_log WHERE request_id = '" + requestId + "'";
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (db.primary().queryForLong(count) == 0 && System.nanoTime() < deadline) {
			sleep(Duration.ofMillis(50));
		}
		return db.primary().queryForLong(count);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class ServicesConfiguration {

		@Bean
		Reader reader(JdbcTemplate jdbcTemplate) {
			return new Reader(jdbcTemplate);
		}

		@Bean
		Writer writer(JdbcTemplate jdbcTemplate) {
			return new Writer(jdbcTemplate);
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

		/**
		 * A read that runs long enough on its first attempt for the test to hang its
		 * server.
		 */
		long sleepOnFirstAttempt() {
			int seconds = (this.attempts.incrementAndGet() == 1) ? FIRST_ATTEMPT_SLEEP_SECONDS : 0;
			return this.jdbcTemplate.queryForObject("SELECT SLEEP(?) * 0 + @@server_id", Long.class, seconds);
		}

		long serverId() {
			return this.jdbcTemplate.queryForObject("SELECT @@server_id", Long.class);
		}

	}

	static class Writer {

		private final AtomicInteger attempts = new AtomicInteger();

		private final JdbcTemplate jdbcTemplate;

		Writer(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		int attempts() {
			return this.attempts.get();
		}

		@RetryableTransaction
		void logAndFreezePrimaryBeforeCommit(String requestId, Node primary, CompletableFuture<Long> paused) {
			this.attempts.incrementAndGet();
			this.jdbcTemplate.update("INSERT INTO rescue_log (request_id) VALUES (?)", requestId);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void beforeCommit(boolean readOnly) {
					primary.pause();
					paused.complete(System.nanoTime());
				}

			});
		}

		@RetryableTransaction
		void log(String requestId) {
			this.jdbcTemplate.update("INSERT INTO rescue_log (request_id) VALUES (?)", requestId);
		}

	}

}
