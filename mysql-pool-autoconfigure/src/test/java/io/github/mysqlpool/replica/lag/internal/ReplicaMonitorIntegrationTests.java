package io.github.mysqlpool.replica.lag.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.autoconfigure.health.MySqlPoolHealthContributorAutoConfiguration;
import io.github.mysqlpool.autoconfigure.metrics.MySqlPoolReplicaMetricsAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.health.internal.MySqlPoolHealthContributor;
import io.github.mysqlpool.metrics.internal.ReplicaMetricsMeterBinder;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.ReplicaStatus.State;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.replica.lag.ReplicaStateChangedEvent;
import io.github.mysqlpool.routing.NoFitReplicaException;
import io.github.mysqlpool.routing.ReadOnly;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The replica monitor against a real primary and two real replicas with real faults:
 * replication stopped while the primary takes writes, a replica killed, a replica hung,
 * both replicas lagging, and a per-call lag bound. Each test prints the detection time it
 * measured.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class ReplicaMonitorIntegrationTests {

	private static final long PRIMARY_ID = 1;

	private static final long REPLICA_1_ID = 2;

	private static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

	private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

	private static final Duration MAX_LAG = Duration.ofSeconds(2);

	private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);

	/**
	 * Room over a timeout under test for a machine shared with other builds. Detection
	 * itself is judged in probes, not in time (a test that measures speed belongs in the
	 * benchmarks); the times are printed.
	 */
	private static final Duration MARGIN = Duration.ofSeconds(2);

	/**
	 * How long a condition that takes a few probe intervals is awaited.
	 */
	private static final Duration GENEROUS = Duration.ofSeconds(30);

	private static ApplicationContextRunner contextRunner;

	@BeforeAll
	static void createTableAndRunner(ReplicatedMariaDb db) {
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
					+ ".monitor_writes (id BIGINT AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(64))");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
					MySqlPoolReplicationAutoConfiguration.class, MySqlPoolHealthContributorAutoConfiguration.class,
					MySqlPoolReplicaMetricsAutoConfiguration.class, DataSourceAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class))
			.withUserConfiguration(ReadersConfiguration.class)
			.withPropertyValues("mysql-pool.primary.url=" + db.primary().jdbcUrl(),
					"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
					"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
					"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=2",
					"mysql-pool.pool.connection-timeout=" + CONNECTION_TIMEOUT.toMillis() + "ms",
					"mysql-pool.pool.validation-timeout=500ms", "mysql-pool.driver.connect-timeout=1s",
					"mysql-pool.driver.socket-timeout=" + SOCKET_TIMEOUT.toMillis() + "ms",
					"mysql-pool.replication.probe-interval=" + PROBE_INTERVAL.toMillis() + "ms",
					"mysql-pool.replication.probe-timeout=" + PROBE_TIMEOUT.toMillis() + "ms",
					"mysql-pool.replication.max-lag=" + MAX_LAG.toMillis() + "ms",
					"mysql-pool.replication.readmit-probes=2");
	}

	@AfterEach
	void heal(ReplicatedMariaDb db) {
		db.heal();
	}

	@Test
	void laggingReplicaLeavesRotationWithinOneProbeIntervalAndReturnsAfterCatchingUp(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			ReplicaMonitor monitor = awaitAllFit(context);
			Events events = context.getBean(Events.class);
			try (Background writes = new Background(() -> db.primary()
				.executeAsRoot("INSERT INTO " + db.database() + ".monitor_writes (payload) VALUES ('lag')"));
					ReadLoop reads = new ReadLoop(context.getBean(Reader.class));
					StatusWatch watch = new StatusWatch(monitor, "replica-1")) {
				db.replica(0).stopReplicationSqlThread();
				long crossing = lastAppliedHeartbeatMillis(db) + MAX_LAG.toMillis();
				Event left = events.await("replica-1", State.LAGGING, GENEROUS);
				long detection = left.wallMillis() - crossing;
				System.out.printf(
						"[lag] replica-1 crossed max-lag %d ms; out of rotation %d ms later (lag read %.3f s)%n",
						MAX_LAG.toMillis(), detection, left.status().lagSeconds());
				// Out at the first probe that read a lag above max-lag: no probe left it
				// in
				// rotation with such a lag
				assertThat(left.status().lagSeconds()).isGreaterThan(MAX_LAG.toMillis() / 1000.0);
				assertThat(watch.seen()).as("statuses of replica-1 seen")
					.noneMatch((status) -> status.state() == State.FIT && status.lagSeconds() != null
							&& status.lagSeconds() > MAX_LAG.toMillis() / 1000.0);
				long outSince = System.nanoTime();
				reads.awaitServedSince(outSince, 20);
				assertThat(reads.serversSince(outSince)).doesNotContain(REPLICA_1_ID);
				assertThat(metrics(context).get("mysqlpool.replica.fit").gauge().value()).isZero();
				long resumed = System.nanoTime();
				db.replica(0).startReplicationSqlThread();
				Event back = events.await("replica-1", State.FIT, resumed, GENEROUS);
				System.out.printf("[lag] replica-1 resumed; back in rotation %d ms later%n",
						(back.nanos() - resumed) / 1_000_000);
				assertThat(monitor.status("replica-1").state()).isEqualTo(State.FIT);
				awaitRead(reads, REPLICA_1_ID, back.nanos());
			}
		});
	}

	@Test
	void replicaStatusSourceTakesAStoppedSqlThreadAsLagUnknown(ReplicatedMariaDb db) {
		contextRunner.withPropertyValues("mysql-pool.replication.lag-source=replica-status").run((context) -> {
			ReplicaMonitor monitor = awaitAllFit(context);
			assertThat(monitor.flavor("replica-1").mariaDb()).isTrue();
			long stopped = System.nanoTime();
			long failuresBefore = monitor.probeFailures("replica-1");
			db.replica(0).stopReplicationSqlThread();
			Event left = context.getBean(Events.class).await("replica-1", State.LAGGING, GENEROUS);
			System.out.printf("[replica-status] SQL thread stopped; out of rotation %d ms later: %s%n",
					(left.nanos() - stopped) / 1_000_000, left.status().lastError());
			// Out at the first probe that found the SQL thread stopped
			assertThat(left.probeFailures() - failuresBefore).as("probes without a lag before it left").isOne();
			assertThat(left.status().lastError()).contains("SQL thread not running");
			assertThat(left.status().lagSeconds()).isNull();
		});
	}

	@Test
	void killedReplicaLeavesRotationWithinTwoProbeIntervalsWhileReadsGoOn(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			ReplicaMonitor monitor = awaitAllFit(context);
			Events events = context.getBean(Events.class);
			try (ReadLoop reads = new ReadLoop(context.getBean(Reader.class))) {
				reads.awaitServedSince(Long.MIN_VALUE, 5);
				long killed = System.nanoTime();
				long failuresBefore = monitor.probeFailures("replica-1");
				db.replica(0).kill();
				Event down = events.await("replica-1", State.DOWN, GENEROUS);
				long detection = down.nanos() - killed;
				reads.awaitServedSince(down.nanos(), 20);
				long after = System.nanoTime();
				System.out.printf(
						"[kill] replica-1 killed; out of rotation %d ms later (%s); reads: %d ok, %d failed before"
								+ " detection, %d failed after; slowest read %d ms%n",
						detection / 1_000_000, down.status().lastError(), reads.succeeded(),
						reads.failedBefore(down.nanos()), reads.failedSince(down.nanos()), reads.slowestMillis());
				// Out at its first failed probe, or sooner by a read that failed to
				// borrow
				assertThat(down.probeFailures() - failuresBefore).as("failed probes before it left")
					.isLessThanOrEqualTo(1);
				assertThat(reads.failedSince(down.nanos())).isZero();
				assertThat(reads.serversSince(down.nanos())).doesNotContain(REPLICA_1_ID);
				assertThat(reads.slowestMillis()).isLessThan(CONNECTION_TIMEOUT.plus(SOCKET_TIMEOUT).toMillis());
				MySqlPoolHealthContributor health = context.getBean(MySqlPoolHealthContributor.class);
				assertThat(poolHealth(health, "primary").getStatus()).isEqualTo(Status.UP);
				assertThat(poolHealth(health, "replica-1").getStatus()).isEqualTo(Status.UP);
				assertThat(poolHealth(health, "replica-1").getDetails()).containsEntry("state", "DOWN")
					.containsKey("lastError");
				assertThat(poolHealth(health, "replica-2").getDetails()).containsEntry("state", "FIT");
				long restarted = System.nanoTime();
				db.replica(0).start();
				Event back = events.await("replica-1", State.FIT, restarted, GENEROUS);
				System.out.printf("[kill] replica-1 restarted; back in rotation %d ms later%n",
						(back.nanos() - restarted) / 1_000_000);
				awaitRead(reads, REPLICA_1_ID, back.nanos());
				assertThat(after).isLessThan(back.nanos());
			}
		});
	}

	@Test
	void hungReplicaStallsNeitherTheMonitorNorReads(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			ReplicaMonitor monitor = awaitAllFit(context);
			Events events = context.getBean(Events.class);
			try (ReadLoop reads = new ReadLoop(context.getBean(Reader.class))) {
				reads.awaitServedSince(Long.MIN_VALUE, 5);
				long paused = System.nanoTime();
				long failuresBefore = monitor.probeFailures("replica-1");
				db.replica(0).pause();
				Event down = events.await("replica-1", State.DOWN, GENEROUS);
				long detection = down.nanos() - paused;
				java.time.Instant otherProbe = monitor.status("replica-2").lastProbe();
				// Reads in flight on the hung replica end at the socket timeout
				sleep(SOCKET_TIMEOUT.plusSeconds(1));
				System.out.printf(
						"[hang] replica-1 paused; out of rotation %d ms later (%s); reads: %d ok, %d failed; slowest"
								+ " read %d ms%n",
						detection / 1_000_000, down.status().lastError(), reads.succeeded(), reads.failedSince(0),
						reads.slowestMillis());
				// Out at its first probe that timed out, or sooner by a read that failed
				assertThat(down.probeFailures() - failuresBefore).as("failed probes before it left")
					.isLessThanOrEqualTo(1);
				awaitStatus(monitor, "replica-2", (status) -> status.lastProbe().isAfter(otherProbe), GENEROUS);
				assertThat(monitor.status("replica-2").state()).isEqualTo(State.FIT);
				assertThat(reads.slowestMillis()).isLessThan(SOCKET_TIMEOUT.plus(MARGIN).toMillis());
				long inFlightEnded = down.nanos() + SOCKET_TIMEOUT.plus(MARGIN).toNanos();
				reads.awaitServedSince(inFlightEnded, 20);
				assertThat(reads.failedSince(inFlightEnded)).isZero();
				assertThat(reads.serversSince(inFlightEnded)).doesNotContain(REPLICA_1_ID);
				long resumed = System.nanoTime();
				db.replica(0).resume();
				Event back = events.await("replica-1", State.FIT, resumed, GENEROUS);
				System.out.printf("[hang] replica-1 resumed; back in rotation %d ms later%n",
						(back.nanos() - resumed) / 1_000_000);
				awaitRead(reads, REPLICA_1_ID, back.nanos());
			}
		});
	}

	@Test
	void firstProbeWaitsForTheFirstHeartbeatRowInANewTable(ReplicatedMariaDb db) throws Exception {
		// A heartbeat table without a row, as the monitor creates it on its first start;
		// replica-1 receives the first row a moment after the monitor probes it
		db.primary().executeAsRoot("DROP TABLE IF EXISTS " + db.database() + ".mysql_pool_heartbeat");
		db.primary()
			.executeAsRoot("CREATE TABLE " + db.database()
					+ ".mysql_pool_heartbeat (id INT UNSIGNED NOT NULL PRIMARY KEY, ts TIMESTAMP(6) NOT NULL)");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		db.replica(0).stopReplicationSqlThread();
		CompletableFuture<Void> resume = CompletableFuture.runAsync(() -> {
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (db.primary().queryForLong("SELECT COUNT(*) FROM " + db.database() + ".mysql_pool_heartbeat") == 0
					&& System.nanoTime() < deadline) {
				sleep(Duration.ofMillis(10));
			}
			sleep(Duration.ofMillis(100));
			db.replica(0).startReplicationSqlThread();
		}, (task) -> new Thread(task, "test-resume").start());
		try {
			contextRunner.run((context) -> {
				assertThat(context).hasNotFailed();
				ReplicaStatus status = context.getBean(ReplicaMonitor.class).status("replica-1");
				System.out.printf("[first row] replica-1 after start: %s%n", status);
				assertThat(status.state()).isEqualTo(State.FIT);
			});
		}
		finally {
			resume.get(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void restartedReplicaReturnsOnlyOnceItsPoolHandsOutConnections(ReplicatedMariaDb db) {
		// A long connection-timeout lets HikariCP's reconnect back-off grow while the
		// replica is down, as it does with the default of 30 s
		contextRunner.withPropertyValues("mysql-pool.pool.connection-timeout=10s").run((context) -> {
			awaitAllFit(context);
			Events events = context.getBean(Events.class);
			try (ReadLoop reads = new ReadLoop(context.getBean(Reader.class))) {
				reads.awaitServedSince(Long.MIN_VALUE, 5);
				db.replica(0).kill();
				events.await("replica-1", State.DOWN, GENEROUS);
				// Its dead connections leave the pool, as when reads in flight or
				// max-lifetime retire them, and the pool keeps trying to reconnect
				context.getBean(MySqlPools.class)
					.get("replica-1")
					.getHikari()
					.getHikariPoolMXBean()
					.softEvictConnections();
				sleep(Duration.ofSeconds(13));
				long restarted = System.nanoTime();
				db.replica(0).start();
				Event back = events.await("replica-1", State.FIT, restarted, GENEROUS);
				awaitRead(reads, REPLICA_1_ID, back.nanos());
				sleep(Duration.ofSeconds(1));
				int connections = context.getBean(PoolAtReadmission.class).connections("replica-1");
				System.out.printf(
						"[restart] replica-1 restarted; back in rotation %d ms later with %d connection(s)"
								+ " in its pool; slowest read since %d ms%n",
						(back.nanos() - restarted) / 1_000_000, connections, reads.slowestSinceMillis(back.nanos()));
				assertThat(connections).as("connections in replica-1's pool when it returned").isPositive();
				assertThat(reads.failedSince(back.nanos())).isZero();
				// None waited for the pool's connection-timeout (10 s)
				assertThat(reads.slowestSinceMillis(back.nanos())).as("slowest read once replica-1 is back")
					.isLessThan(Duration.ofSeconds(10).toMillis());
			}
		});
	}

	@Test
	void whenBothReplicasLagReadsGoToThePrimary(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			awaitAllFit(context);
			stopBothAndAwaitOut(db, context);
			Reader reader = context.getBean(Reader.class);
			for (int i = 0; i < 5; i++) {
				assertThat(reader.serverId()).isEqualTo(PRIMARY_ID);
			}
			assertThat(metrics(context).get("mysqlpool.routing.fallbacks")
				.tag("outcome", "primary")
				.functionCounter()
				.count()).isGreaterThanOrEqualTo(5);
			assertThat(poolHealth(context.getBean(MySqlPoolHealthContributor.class), "primary").getStatus())
				.isEqualTo(Status.UP);
		});
	}

	@Test
	void whenBothReplicasLagAndFallbackIsFailReadsFailWithTheReason(ReplicatedMariaDb db) {
		contextRunner.withPropertyValues("mysql-pool.replication.fallback=fail").run((context) -> {
			awaitAllFit(context);
			stopBothAndAwaitOut(db, context);
			long start = System.nanoTime();
			assertThatException().isThrownBy(() -> context.getBean(Reader.class).serverId())
				.havingRootCause()
				.isInstanceOf(NoFitReplicaException.class)
				.withMessageContaining("replica-1 LAGGING")
				.withMessageContaining("replica-2 LAGGING")
				.withMessageContaining("fallback is 'fail'");
			System.out.printf("[fail] read failed in %d ms%n", (System.nanoTime() - start) / 1_000_000);
			assertThat(metrics(context).get("mysqlpool.routing.fallbacks")
				.tag("outcome", "failed")
				.functionCounter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void perCallMaxLagSkipsAReplicaBetweenItAndTheGlobalLimit(ReplicatedMariaDb db) {
		contextRunner.withPropertyValues("mysql-pool.replication.max-lag=30s").run((context) -> {
			ReplicaMonitor monitor = awaitAllFit(context);
			db.replica(0).stopReplicationSqlThread();
			long stopped = System.nanoTime();
			awaitStatus(monitor, "replica-1", (status) -> status.lagSeconds() != null && status.lagSeconds() > 1.2,
					GENEROUS);
			System.out.printf(
					"[max-lag] replica-1 lag over the 1 s per-call bound %d ms after its SQL thread stopped%n",
					(System.nanoTime() - stopped) / 1_000_000);
			assertThat(monitor.status("replica-1").state()).isEqualTo(State.FIT);
			List<Long> bounded = new ArrayList<>();
			List<Long> unbounded = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				bounded.add(context.getBean(BoundedReader.class).serverId());
			}
			for (int i = 0; i < 20; i++) {
				unbounded.add(context.getBean(Reader.class).serverId());
			}
			assertThat(bounded).containsOnly(3L);
			assertThat(unbounded).contains(REPLICA_1_ID, 3L);
		});
	}

	@Test
	void borrowFailureReportedWhileAProbeRunsOutweighsItsGoodResult(ReplicatedMariaDb db) {
		// One connection in replica-1's pool, so that the monitor's own borrow from it
		// waits while the test holds that connection
		contextRunner
			.withPropertyValues("mysql-pool.replicas[0].pool.maximum-pool-size=1",
					"mysql-pool.replicas[0].pool.minimum-idle=1", "mysql-pool.replicas[0].pool.connection-timeout=20s",
					"mysql-pool.replication.readmit-probes=1")
			.run((context) -> {
				ReplicaMonitor monitor = awaitAllFit(context);
				Events events = context.getBean(Events.class);
				MySqlPool replica = context.getBean(MySqlPools.class).get("replica-1");
				HikariDataSource hikari = replica.getHikari();
				try (Connection held = hikari.getConnection()) {
					monitor.replicaConnectionFailed(replica, new SQLException("first failed borrow", "08S01"));
					events.await("replica-1", State.DOWN, GENEROUS);
					// A probe has measured the replica and waits for a connection of its
					// pool
					long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
					while (hikari.getHikariPoolMXBean().getThreadsAwaitingConnection() == 0) {
						assertThat(System.nanoTime()).as("no probe borrowing from replica-1's pool")
							.isLessThan(deadline);
						sleep(Duration.ofMillis(10));
					}
					monitor.replicaConnectionFailed(replica, new SQLException("second failed borrow", "08S01"));
				}
				long released = System.nanoTime();
				Event back = events.await("replica-1", State.FIT, released, Duration.ofSeconds(20));
				System.out.printf("[race] replica-1 back in rotation %d ms after the racing probe could borrow%n",
						(back.nanos() - released) / 1_000_000);
				// Readmitted by a probe that started after the racing one, a probe
				// interval later
				assertThat(back.nanos() - released).isGreaterThanOrEqualTo(PROBE_INTERVAL.toNanos());
			});
	}

	@Test
	void anErrorInAProbeDoesNotEndTheReplicasProbes(ReplicatedMariaDb db) {
		contextRunner.withUserConfiguration(FailingListenerConfiguration.class).run((context) -> {
			awaitAllFit(context);
			Events events = context.getBean(Events.class);
			db.replica(0).kill();
			events.await("replica-1", State.DOWN, GENEROUS);
			FailingListener failing = context.getBean(FailingListener.class);
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (!failing.thrown.get()) {
				assertThat(System.nanoTime()).as("no state change on a monitor thread").isLessThan(deadline);
				sleep(Duration.ofMillis(10));
			}
			long restarted = System.nanoTime();
			db.replica(0).start();
			events.await("replica-1", State.FIT, restarted, Duration.ofSeconds(20));
		});
	}

	@Test
	void heartbeatTableDroppedWhileRunningIsCreatedAgain(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			ReplicaMonitor monitor = awaitAllFit(context);
			String countTables = "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db.database()
					+ "' AND TABLE_NAME = 'mysql_pool_heartbeat'";
			db.primary().executeAsRoot("DROP TABLE " + db.database() + ".mysql_pool_heartbeat");
			long dropped = System.nanoTime();
			long deadline = dropped + Duration.ofSeconds(15).toNanos();
			while (db.primary().queryForLong(countTables) == 0) {
				assertThat(System.nanoTime()).as("heartbeat table not created again").isLessThan(deadline);
				sleep(Duration.ofMillis(20));
			}
			java.time.Instant recreated = java.time.Instant.now();
			System.out.printf("[heartbeat] table dropped; created again %d ms later%n",
					(System.nanoTime() - dropped) / 1_000_000);
			for (String replica : List.of("replica-1", "replica-2")) {
				awaitStatus(monitor, replica,
						(status) -> status.state() == State.FIT && status.lastProbe() != null
								&& status.lastProbe().isAfter(recreated) && status.lagSeconds() != null
								&& status.lagSeconds() < MAX_LAG.toMillis() / 1000.0,
						GENEROUS);
			}
		});
	}

	@Test
	void heartbeatThatCannotBePreparedAtStartIsPreparedOnceItCan(ReplicatedMariaDb db) {
		// A view over a dropped table in place of the heartbeat table: reading it fails
		// with an error of the server, not of the connection
		String heartbeat = db.database() + ".mysql_pool_heartbeat";
		db.primary().executeAsRoot("DROP TABLE IF EXISTS " + heartbeat);
		db.primary().executeAsRoot("CREATE TABLE " + db.database() + ".heartbeat_gone (id INT)");
		db.primary()
			.executeAsRoot("CREATE VIEW " + heartbeat + " AS SELECT id FROM " + db.database() + ".heartbeat_gone");
		db.primary().executeAsRoot("DROP TABLE " + db.database() + ".heartbeat_gone");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		try {
			contextRunner.run((context) -> {
				assertThat(context).hasNotFailed();
				ReplicaMonitor monitor = context.getBean(ReplicaMonitor.class);
				db.primary().executeAsRoot("DROP VIEW " + heartbeat);
				long fixed = System.nanoTime();
				String countTables = "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
						+ db.database() + "' AND TABLE_NAME = 'mysql_pool_heartbeat' AND TABLE_TYPE = 'BASE TABLE'";
				long deadline = fixed + Duration.ofSeconds(15).toNanos();
				while (db.primary().queryForLong(countTables) == 0) {
					assertThat(System.nanoTime()).as("heartbeat table not created").isLessThan(deadline);
					sleep(Duration.ofMillis(20));
				}
				java.time.Instant created = java.time.Instant.now();
				System.out.printf("[heartbeat] view dropped; table created %d ms later%n",
						(System.nanoTime() - fixed) / 1_000_000);
				for (String replica : List.of("replica-1", "replica-2")) {
					awaitStatus(monitor, replica, (status) -> status.state() == State.FIT && status.lastProbe() != null
							&& status.lastProbe().isAfter(created) && status.lagSeconds() != null, GENEROUS);
				}
				assertThat(monitor.primaryStatus().lastError()).isNull();
			});
		}
		finally {
			db.primary().executeAsRoot("DROP VIEW IF EXISTS " + heartbeat);
		}
	}

	private static void stopBothAndAwaitOut(ReplicatedMariaDb db, AssertableApplicationContext context) {
		db.replica(0).stopReplicationSqlThread();
		db.replica(1).stopReplicationSqlThread();
		Events events = context.getBean(Events.class);
		events.await("replica-1", State.LAGGING, GENEROUS);
		events.await("replica-2", State.LAGGING, GENEROUS);
	}

	private static ReplicaMonitor awaitAllFit(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		ReplicaMonitor monitor = context.getBean(ReplicaMonitor.class);
		awaitStatus(monitor, "replica-1", (status) -> status.state() == State.FIT, GENEROUS);
		awaitStatus(monitor, "replica-2", (status) -> status.state() == State.FIT, GENEROUS);
		return monitor;
	}

	private static void awaitStatus(ReplicaMonitor monitor, String pool, Predicate<ReplicaStatus> condition,
			Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.test(monitor.status(pool))) {
			assertThat(System.nanoTime()).as("%s still %s", pool, monitor.status(pool)).isLessThan(deadline);
			sleep(Duration.ofMillis(20));
		}
	}

	private static void awaitRead(ReadLoop reads, long serverId, long sinceNanos) {
		long deadline = System.nanoTime() + GENEROUS.toNanos();
		while (!reads.serversSince(sinceNanos).contains(serverId)) {
			assertThat(System.nanoTime()).as("no read served by server %d", serverId).isLessThan(deadline);
			sleep(Duration.ofMillis(20));
		}
	}

	private static long lastAppliedHeartbeatMillis(ReplicatedMariaDb db) {
		String seconds = db.replica(0)
			.queryForString("SELECT UNIX_TIMESTAMP(MAX(ts)) FROM " + db.database() + ".mysql_pool_heartbeat");
		return Math.round(Double.parseDouble(seconds) * 1000);
	}

	private static SimpleMeterRegistry metrics(AssertableApplicationContext context) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		context.getBean(ReplicaMetricsMeterBinder.class).bindTo(registry);
		return registry;
	}

	private static Health poolHealth(MySqlPoolHealthContributor contributor, String pool) {
		return ((HealthIndicator) contributor.getContributor(pool)).health();
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

	/**
	 * A state change as the test saw it.
	 */
	record Event(long nanos, long wallMillis, ReplicaStatus status, long probeFailures) {

	}

	/**
	 * Records every status of a replica that the test sees, polling faster than the
	 * monitor probes; one it misses can only make the test more lenient.
	 */
	static class StatusWatch extends Background {

		private final List<ReplicaStatus> seen;

		StatusWatch(ReplicaMonitor monitor, String pool) {
			this(monitor, pool, new CopyOnWriteArrayList<>());
		}

		private StatusWatch(ReplicaMonitor monitor, String pool, List<ReplicaStatus> seen) {
			super(() -> {
				ReplicaStatus status = monitor.status(pool);
				if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
					seen.add(status);
				}
			});
			this.seen = seen;
		}

		List<ReplicaStatus> seen() {
			return this.seen;
		}

	}

	/**
	 * Records the monitor's state changes with the time they were published.
	 */
	static class Events implements ApplicationListener<ReplicaStateChangedEvent> {

		private final List<Map.Entry<String, Event>> received = new CopyOnWriteArrayList<>();

		private final long createdAt = System.nanoTime();

		@Override
		public void onApplicationEvent(ReplicaStateChangedEvent event) {
			// Published on the monitor's thread right after the probe it follows
			long probeFailures = ((ReplicaMonitor) event.getSource()).probeFailures(event.getPool());
			this.received.add(Map.entry(event.getPool(),
					new Event(System.nanoTime(), System.currentTimeMillis(), event.getCurrent(), probeFailures)));
		}

		Event await(String pool, State state, Duration timeout) {
			return await(pool, state, this.createdAt, timeout);
		}

		/**
		 * Wait for the first change of a pool to a state published after a given time.
		 */
		Event await(String pool, State state, long sinceNanos, Duration timeout) {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (true) {
				for (Map.Entry<String, Event> entry : this.received) {
					if (entry.getKey().equals(pool) && entry.getValue().status().state() == state
							&& entry.getValue().nanos() >= sinceNanos) {
						this.received.remove(entry);
						return entry.getValue();
					}
				}
				assertThat(System.nanoTime()).as("no %s event for %s in %s", state, pool, this.received)
					.isLessThan(deadline);
				sleep(Duration.ofMillis(10));
			}
		}

	}

	/**
	 * Records how many connections a replica's pool held when it returned to rotation.
	 */
	static class PoolAtReadmission implements ApplicationListener<ReplicaStateChangedEvent> {

		private final ObjectProvider<MySqlPools> pools;

		private final Map<String, Integer> connections = new java.util.concurrent.ConcurrentHashMap<>();

		PoolAtReadmission(ObjectProvider<MySqlPools> pools) {
			this.pools = pools;
		}

		@Override
		public void onApplicationEvent(ReplicaStateChangedEvent event) {
			if (event.getCurrent().state() == State.FIT) {
				var pool = this.pools.getObject().get(event.getPool()).getHikari().getHikariPoolMXBean();
				this.connections.put(event.getPool(), (pool != null) ? pool.getTotalConnections() : -1);
			}
		}

		int connections(String pool) {
			return this.connections.getOrDefault(pool, -1);
		}

	}

	/**
	 * Runs a task over and over on a thread of its own until closed.
	 */
	static class Background implements AutoCloseable {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicReference<Throwable> broken = new AtomicReference<>();

		private final Thread thread;

		Background(Runnable task) {
			this.thread = new Thread(() -> {
				while (this.running.get()) {
					try {
						task.run();
						Thread.sleep(20);
					}
					catch (InterruptedException ex) {
						return;
					}
					catch (RuntimeException ex) {
						// The fault under test may fail it; go on
					}
					catch (Throwable ex) {
						this.broken.set(ex);
						return;
					}
				}
			});
			this.thread.setDaemon(true);
			this.thread.start();
		}

		/**
		 * Stop the task; what broke it other than the fault under test fails the test.
		 */
		@Override
		public void close() throws InterruptedException {
			this.running.set(false);
			this.thread.join(10_000);
			assertThat(this.thread.isAlive()).as("background task still running").isFalse();
			if (this.broken.get() != null) {
				throw new AssertionError("Background task failed", this.broken.get());
			}
		}

	}

	/**
	 * Issues {@link ReadOnly} reads in a loop, recording when each ran, how long it took,
	 * which server answered and whether it failed.
	 */
	static class ReadLoop extends Background {

		private final List<long[]> outcomes;

		private final AtomicLong slowest;

		ReadLoop(Reader reader) {
			this(reader, new CopyOnWriteArrayList<>(), new AtomicLong());
		}

		private ReadLoop(Reader reader, List<long[]> outcomes, AtomicLong slowest) {
			super(() -> {
				long start = System.nanoTime();
				long server = -1;
				try {
					server = reader.serverId();
				}
				finally {
					long end = System.nanoTime();
					slowest.accumulateAndGet((end - start) / 1_000_000, Math::max);
					outcomes.add(new long[] { start, server, end - start });
				}
			});
			this.outcomes = outcomes;
			this.slowest = slowest;
		}

		/**
		 * Wait until reads that started after a time were served, however slow the
		 * machine.
		 */
		void awaitServedSince(long nanos, int count) {
			long deadline = System.nanoTime() + GENEROUS.toNanos();
			while (serversSince(nanos).size() < count) {
				assertThat(System.nanoTime()).as("%d reads served", count).isLessThan(deadline);
				sleep(Duration.ofMillis(20));
			}
		}

		List<Long> serversSince(long nanos) {
			return this.outcomes.stream().filter((o) -> o[0] >= nanos && o[1] > 0).map((o) -> o[1]).toList();
		}

		long failedSince(long nanos) {
			return this.outcomes.stream().filter((o) -> o[0] >= nanos && o[1] < 0).count();
		}

		long failedBefore(long nanos) {
			return this.outcomes.stream().filter((o) -> o[0] < nanos && o[1] < 0).count();
		}

		long succeeded() {
			return this.outcomes.stream().filter((o) -> o[1] > 0).count();
		}

		long slowestMillis() {
			return this.slowest.get();
		}

		long slowestSinceMillis(long nanos) {
			return this.outcomes.stream().filter((o) -> o[0] >= nanos).mapToLong((o) -> o[2]).max().orElse(0)
					/ 1_000_000;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReadersConfiguration {

		@Bean
		Reader reader(JdbcTemplate jdbcTemplate) {
			return new Reader(jdbcTemplate);
		}

		@Bean
		BoundedReader boundedReader(JdbcTemplate jdbcTemplate) {
			return new BoundedReader(jdbcTemplate);
		}

		@Bean
		Events events() {
			return new Events();
		}

		@Bean
		PoolAtReadmission poolAtReadmission(ObjectProvider<MySqlPools> pools) {
			return new PoolAtReadmission(pools);
		}

	}

	/**
	 * Throws an {@link Error} from the first state change published on a monitor thread.
	 */
	static class FailingListener implements ApplicationListener<ReplicaStateChangedEvent> {

		private final AtomicBoolean thrown = new AtomicBoolean();

		@Override
		public void onApplicationEvent(ReplicaStateChangedEvent event) {
			if (Thread.currentThread().getName().startsWith("mysql-pool-scheduler-")
					&& this.thrown.compareAndSet(false, true)) {
				throw new AssertionError("listener fails on " + event.getPool());
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingListenerConfiguration {

		@Bean
		FailingListener failingListener() {
			return new FailingListener();
		}

	}

	@ReadOnly
	static class Reader {

		private final JdbcTemplate jdbcTemplate;

		Reader(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		long serverId() {
			return this.jdbcTemplate.queryForObject("SELECT @@server_id", Long.class);
		}

	}

	static class BoundedReader {

		private final JdbcTemplate jdbcTemplate;

		BoundedReader(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@ReadOnly(maxLag = "1s")
		long serverId() {
			return this.jdbcTemplate.queryForObject("SELECT @@server_id", Long.class);
		}

	}

}
