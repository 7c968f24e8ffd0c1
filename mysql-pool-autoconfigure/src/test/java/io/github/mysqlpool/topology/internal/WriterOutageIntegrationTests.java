package io.github.mysqlpool.topology.internal;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolRetryAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolTopologyAutoConfiguration;
import io.github.mysqlpool.autoconfigure.monitor.MySqlPoolMonitorAutoConfiguration;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.monitor.alert.Alert;
import io.github.mysqlpool.monitor.alert.AlertSeverity;
import io.github.mysqlpool.monitor.alert.internal.PoolAlerts;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.retry.RetryableTransaction;
import io.github.mysqlpool.routing.NoPrimaryException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Writes while the writer is unreachable, against a real primary and two real GTID
 * replicas: the primary killed (SIGKILL) or hung (SIGSTOP) while callers already wait on
 * its exhausted pool, whose connection timeout is two minutes. Every caller ends within
 * probe-timeout + probe-interval + 1 s plus a slack for a shared machine (with a
 * {@link NoPrimaryException}, or with {@code @RetryableTransaction} on the promoted
 * replica), never at the connection timeout; a write started meanwhile fails at once. The
 * topology is this class's own, so that a change of roles never reaches other tests.
 *
 * @author mysql-pool team
 */
class WriterOutageIntegrationTests {

	private static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

	private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

	/**
	 * Far above the bound: a caller not released waits this long.
	 */
	private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(120);

	/**
	 * Room for a machine shared with other builds; the figures themselves are printed.
	 */
	private static final Duration SLACK = Duration.ofSeconds(15);

	private static final Duration BOUND = PROBE_TIMEOUT.plus(PROBE_INTERVAL).plusSeconds(1).plus(SLACK);

	private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(500);

	/**
	 * An availability alert follows its condition within a probe interval plus a sample
	 * interval; the rest is room for a shared machine.
	 */
	private static final Duration ALERT_BOUND = PROBE_INTERVAL.plus(PROBE_TIMEOUT).plus(SAMPLE_INTERVAL).plus(SLACK);

	private static final int CALLERS = 4;

	private static ReplicatedMariaDb db;

	private static Node first;

	private final ExecutorService callers = Executors.newCachedThreadPool();

	@BeforeAll
	static void startTopology() {
		db = ReplicatedMariaDb.builder().build().start();
		prepare();
	}

	private static void prepare() {
		first = db.nodes().get(0);
		first.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
				+ ".outage_writes (id BIGINT AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(64))");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(10));
	}

	@AfterAll
	static void stopTopology() {
		db.close();
	}

	/**
	 * Put the first primary back, or start a fresh topology when the killed primary holds
	 * transactions no replica received.
	 */
	@AfterEach
	void heal() {
		this.callers.shutdownNow();
		try {
			db.heal();
			for (Node node : db.nodes()) {
				node.executeAsRoot("SET GLOBAL read_only = " + ((node == first) ? "0" : "1"));
			}
		}
		catch (RuntimeException ex) {
			System.out.println("Starting a fresh topology: " + ex.getMessage());
			db.close();
			db = ReplicatedMariaDb.builder().build().start();
			prepare();
		}
	}

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MySqlPoolAutoConfiguration.class, MySqlPoolReplicationAutoConfiguration.class,
							MySqlPoolTopologyAutoConfiguration.class, MySqlPoolRetryAutoConfiguration.class,
							MySqlPoolMonitorAutoConfiguration.class, DataSourceAutoConfiguration.class,
							DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
							JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class))
			.withUserConfiguration(WriterConfiguration.class)
			.withPropertyValues("mysql-pool.primary.url=" + first.jdbcUrl(),
					"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
					"mysql-pool.replicas[0].url=" + db.nodes().get(1).jdbcUrl(),
					"mysql-pool.replicas[1].url=" + db.nodes().get(2).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=1",
					"mysql-pool.pool.connection-timeout=" + CONNECTION_TIMEOUT.toSeconds() + "s",
					"mysql-pool.pool.validation-timeout=500ms", "mysql-pool.driver.connect-timeout=1s",
					"mysql-pool.driver.socket-timeout=" + CONNECTION_TIMEOUT.toSeconds() + "s",
					"mysql-pool.replication.probe-interval=" + PROBE_INTERVAL.toMillis() + "ms",
					"mysql-pool.replication.probe-timeout=" + PROBE_TIMEOUT.toMillis() + "ms",
					"mysql-pool.replication.max-lag=2s", "mysql-pool.replication.readmit-probes=2",
					"mysql-pool.retry.delay=100ms", "mysql-pool.retry.max-delay=500ms",
					"mysql-pool.retry.max-attempts=1000", "mysql-pool.retry.max-elapsed-time=90s",
					"mysql-pool.monitor.sample-interval=" + SAMPLE_INTERVAL.toMillis() + "ms",
					"mysql-pool.topology.discovery=read-only");
	}

	@Test
	void callersWaitingOnAKilledPrimarysExhaustedPoolFailWithinTheBound() {
		contextRunner()
			.run((context) -> callersWaitingOnAnUnreachablePrimaryFailWithinTheBound(context, "killed", Node::kill));
	}

	@Test
	void callersWaitingOnAHungPrimarysExhaustedPoolFailWithinTheBound() {
		contextRunner()
			.run((context) -> callersWaitingOnAnUnreachablePrimaryFailWithinTheBound(context, "hung", Node::pause));
	}

	private void callersWaitingOnAnUnreachablePrimaryFailWithinTheBound(AssertableApplicationContext context,
			String fault, Consumer<Node> inject) throws Exception {
		assertThat(context).hasNotFailed();
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		jdbc.update("INSERT INTO outage_writes (payload) VALUES ('before')");
		List<Future<Throwable>> waits = new ArrayList<>();
		try (Connection held = context.getBean(DataSource.class).getConnection()) {
			for (int i = 0; i < CALLERS; i++) {
				waits.add(this.callers.submit(() -> {
					try {
						jdbc.update("INSERT INTO outage_writes (payload) VALUES ('waiting')");
						return null;
					}
					catch (RuntimeException ex) {
						return ex;
					}
				}));
			}
			awaitWaiting(context, CALLERS);
			long faultAt = System.nanoTime();
			inject.accept(first);
			long slowest = 0;
			for (Future<Throwable> wait : waits) {
				Throwable failure = within(wait, BOUND.toNanos() - (System.nanoTime() - faultAt), fault);
				slowest = Math.max(slowest, System.nanoTime() - faultAt);
				assertThat(failure).isNotNull();
				assertThat(rootCause(failure)).isInstanceOf(NoPrimaryException.class)
					.hasMessageContaining("'primary' unreachable since");
			}
			System.out.printf(
					"[%s primary] %d callers waiting on its exhausted pool ended %d ms after the fault"
							+ " (bound %d ms, connection timeout %d ms)%n",
					fault, CALLERS, slowest / 1_000_000, BOUND.toMillis(), CONNECTION_TIMEOUT.toMillis());
			// While it is unreachable, a new write fails at once
			Future<Throwable> write = this.callers.submit(() -> {
				try {
					jdbc.update("INSERT INTO outage_writes (payload) VALUES ('during')");
					return null;
				}
				catch (RuntimeException ex) {
					return ex;
				}
			});
			assertThat(rootCause(within(write, BOUND.toNanos(), fault))).isInstanceOf(NoPrimaryException.class);
			assertThat(context.getBean(TopologyMonitor.class).isPrimaryUnavailable()).isTrue();
			awaitAlert(context, "primary-unavailable", "primary", AlertSeverity.CRITICAL);
			if (first.isPaused()) {
				first.resume();
			}
			else {
				first.start();
			}
		}
		catch (RuntimeException ex) {
			// The held connection belonged to the server that went away
		}
		// Back writable, the same server takes the writes again
		Awaitility.await()
			.atMost(BOUND.plusSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.ignoreExceptions()
			.until(() -> writeAndReportServer(context.getBean(JdbcTemplate.class)) == first.serverId());
		awaitResolved(context, "primary-unavailable", "primary");
	}

	/**
	 * A statement blocked on a promoted writer that hangs: once its probes fail there is
	 * no writer, and the rescue still aborts the connections of that server, the last
	 * writer, rather than those of the configured primary.
	 */
	@Test
	void aCallerBlockedOnAHungPromotedWriterFailsWithinTheBound() {
		contextRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			db.awaitReplicasCaughtUp(Duration.ofSeconds(30));
			Node promoted = db.failover();
			Awaitility.await()
				.atMost(BOUND.plusSeconds(30))
				.pollInterval(Duration.ofMillis(50))
				.ignoreExceptions()
				.until(() -> writeAndReportServer(jdbc) == promoted.serverId());
			Future<Throwable> blocked = this.callers.submit(() -> {
				try {
					jdbc.execute("SELECT SLEEP(100)");
					return null;
				}
				catch (RuntimeException ex) {
					return ex;
				}
			});
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> promoted.queryForLong("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
						+ " WHERE INFO LIKE 'SELECT SLEEP(100)%'") > 0);
			long pausedAt = System.nanoTime();
			promoted.pause();
			Throwable failure = within(blocked, BOUND.toNanos(), "hung promoted writer");
			System.out.printf("[hung promoted writer] the caller blocked on it failed %d ms after the pause%n",
					(System.nanoTime() - pausedAt) / 1_000_000);
			assertThat(failure).isNotNull();
			promoted.resume();
		});
	}

	@Test
	void aReadOnlyPrimaryRaisesPrimaryUnavailableUntilItIsWritableAgain() {
		contextRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			first.executeAsRoot("SET GLOBAL read_only = 1");
			awaitAlert(context, "primary-unavailable", "primary", AlertSeverity.CRITICAL);
			first.executeAsRoot("SET GLOBAL read_only = 0");
			awaitResolved(context, "primary-unavailable", "primary");
		});
	}

	@Test
	void twoWritableServersRaiseSplitBrainUntilOneIsReadOnlyAgain() {
		contextRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			Node third = db.nodes().get(2);
			third.executeAsRoot("SET GLOBAL read_only = 0");
			awaitAlert(context, "split-brain", "primary", AlertSeverity.CRITICAL);
			third.executeAsRoot("SET GLOBAL read_only = 1");
			awaitResolved(context, "split-brain", "primary");
		});
	}

	@Test
	void aStoppedReplicaRaisesReplicaUnavailableUntilItIsBack() {
		contextRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			Node second = db.nodes().get(1);
			second.stop();
			awaitAlert(context, "replica-unavailable", "replica-1", AlertSeverity.WARNING);
			assertThat(context.getBean(PoolAlerts.class).active()).extracting(Alert::rule)
				.doesNotContain("primary-unavailable", "split-brain");
			second.start();
			awaitResolved(context, "replica-unavailable", "replica-1");
		});
	}

	private static void awaitAlert(AssertableApplicationContext context, String rule, String pool,
			AlertSeverity severity) {
		PoolAlerts alerts = context.getBean(PoolAlerts.class);
		long start = System.nanoTime();
		Awaitility.await()
			.atMost(ALERT_BOUND)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> alerts.active()
				.stream()
				.anyMatch((alert) -> alert.rule().equals(rule) && alert.pool().equals(pool)
						&& alert.severity() == severity));
		System.out.printf("[alerts] %s on %s raised %d ms after the fault was injected%n", rule, pool,
				(System.nanoTime() - start) / 1_000_000);
	}

	private static void awaitResolved(AssertableApplicationContext context, String rule, String pool) {
		PoolAlerts alerts = context.getBean(PoolAlerts.class);
		Awaitility.await()
			.atMost(ALERT_BOUND.plusSeconds(30))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> alerts.active().stream().noneMatch((alert) -> alert.rule().equals(rule)) && alerts.resolved()
				.stream()
				.anyMatch((alert) -> alert.rule().equals(rule) && alert.pool().equals(pool)));
	}

	@Test
	void withRetryCallersWaitingOnAKilledPrimarysPoolSucceedOnThePromotedReplica() {
		contextRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			Writer writer = context.getBean(Writer.class);
			writer.write();
			List<Future<Long>> waits = new ArrayList<>();
			Node promoted;
			long failoverAt;
			try (Connection held = context.getBean(DataSource.class).getConnection()) {
				for (int i = 0; i < CALLERS; i++) {
					waits.add(this.callers.submit(writer::write));
				}
				awaitWaiting(context, CALLERS);
				failoverAt = System.nanoTime();
				promoted = db.failover();
			}
			catch (RuntimeException ex) {
				fail("failover", ex);
				return;
			}
			long promotedAt = System.nanoTime();
			long slowest = 0;
			for (Future<Long> wait : waits) {
				long server = within(wait, BOUND.toNanos() - (System.nanoTime() - promotedAt), "failover");
				slowest = Math.max(slowest, System.nanoTime() - failoverAt);
				assertThat(server).isEqualTo(promoted.serverId());
			}
			System.out.printf(
					"[failover] %d callers waiting on the killed primary's exhausted pool wrote on the"
							+ " promoted server within %d ms of the kill (promotion took %d ms)%n",
					CALLERS, slowest / 1_000_000, (promotedAt - failoverAt) / 1_000_000);
		});
	}

	private static void awaitWaiting(AssertableApplicationContext context, int callers) {
		HikariPoolMXBean pool = context.getBean(MySqlPools.class).getPrimary().getHikari().getHikariPoolMXBean();
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> pool.getThreadsAwaitingConnection() == callers);
	}

	private static <T> T within(Future<T> future, long nanos, String fault) throws InterruptedException {
		try {
			return future.get(Math.max(nanos, 1), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw new AssertionError(fault + ": the caller failed unexpectedly", ex.getCause());
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new AssertionError(fault + ": a caller still waits after " + BOUND.toMillis() + " ms");
		}
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static long writeAndReportServer(JdbcTemplate jdbc) {
		return jdbc.execute((ConnectionCallback<Long>) (connection) -> {
			try (var statement = connection.createStatement()) {
				statement.executeUpdate("INSERT INTO outage_writes (payload) VALUES ('after')");
				try (var rows = statement.executeQuery("SELECT @@server_id")) {
					rows.next();
					return rows.getLong(1);
				}
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class WriterConfiguration {

		@Bean
		Writer writer(JdbcTemplate jdbcTemplate) {
			return new Writer(jdbcTemplate);
		}

	}

	static class Writer {

		private final JdbcTemplate jdbcTemplate;

		Writer(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@RetryableTransaction
		public long write() {
			this.jdbcTemplate.update("INSERT INTO outage_writes (payload) VALUES ('retried')");
			return this.jdbcTemplate.queryForObject("SELECT @@server_id", Long.class);
		}

	}

}
