package io.github.mysqlpool.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.reliability.LedgerCheck.Result;
import io.github.mysqlpool.reliability.SoakApplication.ReplicaEvents.Change;
import io.github.mysqlpool.reliability.SoakApplication.ReplicaEvents.WriterChange;
import io.github.mysqlpool.reliability.SoakApplication.ReplicaEvents;
import io.github.mysqlpool.reliability.SoakApplication.SoakReads;
import io.github.mysqlpool.reliability.SoakApplication.SoakWrites;
import io.github.mysqlpool.reliability.Workers.WriteRecord;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import io.github.mysqlpool.topology.internal.TopologyMonitor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak: worker threads write and read through the starter for the configured time
 * while a seeded schedule of faults hits the real replicated servers, then the database
 * is checked against the client-side ledger, every read's staleness against its bound,
 * the pools for leaks and the workers for hangs. Runs only with {@code -Preliability}:
 * <pre class="code">
 * ./mvnw -Preliability -pl reliability -am verify -Dtest=SoakTests \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dsoak.duration=10m -Dsoak.seed=42
 * </pre>
 *
 * @author mysql-pool team
 */
class SoakTests {

	/** A call's worst case: every retry attempt, pool waits and socket timeouts. */
	private static final Duration STUCK_AFTER = Duration.ofSeconds(45);

	private static final Duration WARM_UP = Duration.ofSeconds(3);

	@Test
	void nothingCommittedIsLostOrDuplicatedAndNothingStaleIsServedUnderFaults() throws Exception {
		SoakSettings settings = SoakSettings.fromSystemProperties();
		String runId = "soak" + Long.toString(settings.seed() & 0xffffffL, 36);
		FaultSchedule schedule = FaultSchedule.generate(settings.seed(), 2, 1 + (int) settings.duration().toMinutes());
		long start = System.nanoTime();
		SoakReport report = new SoakReport(start);
		report.line("Soak run: %s", settings.describe());
		report.line(
				"Starter: max-lag %d ms, probe every %d ms (timeout %d ms), pools of %d, connection-timeout %d ms, "
						+ "socket-timeout %d ms, up to 5 attempts within %d s, topology discovery read-only",
				SoakApplication.MAX_LAG.toMillis(), SoakApplication.PROBE_INTERVAL.toMillis(),
				SoakApplication.PROBE_TIMEOUT.toMillis(), SoakApplication.POOL_SIZE,
				SoakApplication.CONNECTION_TIMEOUT.toMillis(), SoakApplication.SOCKET_TIMEOUT.toMillis(),
				SoakApplication.RETRY_MAX_ELAPSED.toSeconds());
		System.out.print(report);
		try (ReplicatedMariaDb db = ReplicatedMariaDb.builder().build().start()) {
			createTables(db, settings.threads());
			try (HeartbeatWriter heartbeat = new HeartbeatWriter(db::primary, db.database(), Duration.ofMillis(100))
				.start()) {
				awaitFirstHeartbeat(heartbeat);
				run(db, settings, schedule, runId, heartbeat, report, start);
			}
		}
	}

	private void run(ReplicatedMariaDb db, SoakSettings settings, FaultSchedule schedule, String runId,
			HeartbeatWriter heartbeat, SoakReport report, long start) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SoakApplication.class)
			.properties(SoakApplication.properties(db))
			.run()) {
			MySqlPools pools = context.getBean(MySqlPools.class);
			RecoveryWatch watch = new RecoveryWatch();
			SoakWrites writes = context.getBean(SoakWrites.class);
			Workers workers = new Workers(settings, runId, writes, context.getBean(SoakReads.class), watch);
			List<String> replicaNames = pools.getReadPools().stream().map(MySqlPool::getName).toList();
			long workloadStart = System.nanoTime();
			long end = workloadStart + settings.duration().toNanos();
			List<FaultRecord> faults;
			long stopped;
			FaultInjector injector;
			try (MonitorTrace trace = new MonitorTrace(context.getBean(ReplicaMonitor.class),
					context.getBean(TopologyMonitor.class), replicaNames, start)
				.start()) {
				injector = new FaultInjector(db, settings.seed(), runId, writes, pools, watch, workers, trace);
				workers.start();
				Clocks.sleep(WARM_UP);
				faults = inject(schedule, injector, end);
				long remaining = end - System.nanoTime();
				if (remaining > 0) {
					Clocks.sleep(Duration.ofNanos(remaining));
				}
				workers.stop();
				stopped = System.nanoTime();
			}
			List<String> stuck = workers.awaitFinished(STUCK_AFTER);
			long finishedAfter = System.nanoTime() - stopped;
			String poolsAfter = awaitPoolsIdle(pools, Duration.ofSeconds(10));
			db.heal();
			db.awaitReplicasCaughtUp(Duration.ofSeconds(30));
			List<WriteRecord> ledger = workers.writes();
			Result result = LedgerCheck.check(db, runId, ledger, injector.lostWrites());
			Staleness staleness = Staleness.analyze(workers.reads(), heartbeat.acknowledgements(), heartbeat::writerAt);
			report.line("Workload ran %.0f s; %d faults injected", Clocks.seconds(stopped - workloadStart),
					faults.size());
			ReplicaEvents events = context.getBean(ReplicaEvents.class);
			List<Change> changes = events.changes();
			List<WriterChange> writerChanges = events.writerChanges();
			report.faults(faults, changes, ledger, workers.failedReads())
				.summary(faults, changes, ledger, workers.failedReads())
				.events(faults, writerChanges, ledger, workers.reads(), workers.failedReads())
				.eventSummary(faults, writerChanges, ledger, workers.reads(), workers.failedReads())
				.ledger(ledger, result)
				.losses(result, injector.lostTransactions(), heartbeat.lost())
				.staleness(staleness, heartbeat.acknowledgements().size())
				.stalest(staleness, faults)
				.errors(ledger, workers.failedReads())
				.outsideFaults(faults, ledger, workers.failedReads())
				.line("")
				.line("Pools after the run: %s", poolsAfter)
				.line("Workers: %s", stuck.isEmpty() ? "all " + settings.threads() + " finished within "
						+ finishedAfter / 1_000_000 + " ms of the stop" : "STUCK " + stuck);
			report.line("Replica monitor's view over time: %s", Path.of("target", "soak-trace.txt").toAbsolutePath());
			System.out.print(report.toString().substring(report.toString().indexOf("Workload ran")));
			write(report);
			assertThat(result.problems).as("ledger problems").isEmpty();
			assertThat(result.pending).as("writes that never returned").isZero();
			assertThat(result.acknowledged).as("acknowledged writes").isPositive();
			assertThat(staleness.violations()).as("reads staler than their bound plus detection").isEmpty();
			assertThat(poolsAfter).as("pools after the run").doesNotContain("LEAK");
			assertThat(stuck).as("stuck workers").isEmpty();
			assertThat(faults).as("faults that did not recover within " + FaultInjector.RECOVERY_TIMEOUT)
				.allMatch(FaultRecord::recovered);
			Set<FaultType> injected = EnumSet.noneOf(FaultType.class);
			faults.forEach((fault) -> injected.add(fault.plan().type()));
			assertThat(injected).as("fault types injected").containsExactlyInAnyOrder(FaultType.values());
			assertThat(staleness.figures().values().stream().mapToLong((figures) -> figures.byReplica).sum())
				.as("reads served by replicas")
				.isPositive();
		}
	}

	private static List<FaultRecord> inject(FaultSchedule schedule, FaultInjector injector, long end) {
		List<FaultRecord> faults = new ArrayList<>();
		System.out.println("Fault schedule (seed " + schedule.seed() + "):");
		for (FaultPlan plan : schedule.plans()) {
			boolean firstRound = plan.number() <= FaultType.values().length;
			long expected = plan.gapBefore().plus(plan.hold()).plusSeconds(5).toNanos();
			if (!firstRound && System.nanoTime() + expected > end) {
				break;
			}
			Clocks.sleep(plan.gapBefore());
			System.out.println("  injecting " + plan.describe());
			FaultRecord fault = injector.inject(plan);
			System.out.printf("  %s: %s; recovered after %s%n", plan.describe(), fault.notes(),
					fault.recovered() ? String.format("%.2f s", Clocks.seconds(fault.recoveredAfterNanos())) : "NEVER");
			faults.add(fault);
		}
		return faults;
	}

	/**
	 * Wait until no pool has a connection in use or a caller waiting.
	 * @return each pool's figures, with LEAK where connections stayed in use
	 */
	private static String awaitPoolsIdle(MySqlPools pools, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			boolean idle = true;
			StringBuilder figures = new StringBuilder();
			for (MySqlPool pool : pools.getAll()) {
				HikariDataSource hikari = pool.getHikari();
				HikariPoolMXBean mxBean = (hikari != null) ? hikari.getHikariPoolMXBean() : null;
				if (mxBean == null) {
					continue;
				}
				int active = mxBean.getActiveConnections();
				int waiting = mxBean.getThreadsAwaitingConnection();
				idle &= active == 0 && waiting == 0;
				figures.append(pool.getName())
					.append(" active ")
					.append(active)
					.append(" idle ")
					.append(mxBean.getIdleConnections())
					.append(" waiting ")
					.append(waiting)
					.append("; ");
			}
			if (idle) {
				return figures.append("no connection left in use").toString();
			}
			if (System.nanoTime() > deadline) {
				return figures.append("LEAK: connections still in use after ")
					.append(timeout.toSeconds())
					.append(" s")
					.toString();
			}
			Clocks.sleep(Duration.ofMillis(100));
		}
	}

	private static void createTables(ReplicatedMariaDb db, int workers) {
		Node primary = db.primary();
		String schema = db.database() + ".";
		primary.executeAsRoot(LedgerCheck.CREATE_WRITES.replace("EXISTS ", "EXISTS " + schema));
		primary.executeAsRoot(LedgerCheck.CREATE_COUNTERS.replace("EXISTS ", "EXISTS " + schema));
		primary.executeAsRoot(HeartbeatWriter.CREATE_TABLE.replace("EXISTS ", "EXISTS " + schema));
		HeartbeatWriter.createUser(db.database()).forEach(primary::executeAsRoot);
		primary.executeAsRoot("DELETE FROM " + schema + "soak_counter");
		for (int i = 0; i < workers; i++) {
			primary.executeAsRoot("INSERT INTO " + schema + "soak_counter (worker, n) VALUES (" + i + ", 0)");
		}
		db.awaitReplicasCaughtUp(Duration.ofSeconds(10));
	}

	private static void awaitFirstHeartbeat(HeartbeatWriter heartbeat) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (heartbeat.acknowledgements().size() == 0 && System.nanoTime() < deadline) {
			Clocks.sleep(Duration.ofMillis(20));
		}
		assertThat(heartbeat.acknowledgements().size()).as("heartbeats acknowledged").isPositive();
	}

	private static void write(SoakReport report) throws IOException {
		Path file = Path.of("target", "soak-report.txt");
		Files.createDirectories(file.getParent());
		Files.writeString(file, report.toString());
	}

}
