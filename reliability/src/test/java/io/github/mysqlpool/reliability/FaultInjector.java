package io.github.mysqlpool.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.embedded.EmbeddedMariaDbException;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.reliability.SoakApplication.SoakWrites;
import org.jspecify.annotations.Nullable;

/**
 * Injects one scheduled fault into the running topology, undoes it after its hold time
 * and waits until the application is served again.
 *
 * @author mysql-pool team
 */
final class FaultInjector {

	static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);

	private static final int SHORT_WAIT_TIMEOUT_SECONDS = 2;

	private static final double SLEEP_SECONDS = 3;

	private static final Duration LULL = Duration.ofSeconds(SHORT_WAIT_TIMEOUT_SECONDS * 2);

	private static final Duration AFTER_LULL = Duration.ofSeconds(3);

	private final ReplicatedMariaDb db;

	private final long seed;

	private final SoakWrites writes;

	private final MySqlPools pools;

	private final RecoveryWatch watch;

	private final Workers workers;

	private final MonitorTrace trace;

	FaultInjector(ReplicatedMariaDb db, long seed, SoakWrites writes, MySqlPools pools, RecoveryWatch watch,
			Workers workers, MonitorTrace trace) {
		this.db = db;
		this.seed = seed;
		this.writes = writes;
		this.pools = pools;
		this.watch = watch;
		this.workers = workers;
		this.trace = trace;
	}

	FaultRecord inject(FaultPlan plan) {
		this.trace.note("inject " + plan.describe());
		long injected = System.nanoTime();
		String notes = switch (plan.type()) {
			case REPLICA_KILLED -> replicaKilled(this.db.replica(plan.replica()), plan.hold());
			case REPLICA_PAUSED -> replicaPaused(this.db.replica(plan.replica()), plan.hold());
			case REPLICA_LAGGING -> replicaLagging(this.db.replica(plan.replica()), plan.hold());
			case PRIMARY_RESTARTED -> primaryRestarted(plan.crash(), plan.hold());
			case CONNECTIONS_KILLED -> connectionsKilled(plan);
			case IDLE_CONNECTIONS_EXPIRED -> idleConnectionsExpired(plan.hold());
			case POOL_EXHAUSTED -> poolExhausted(plan.hold());
		};
		long cleared = System.nanoTime();
		this.watch.arm(cleared);
		this.trace.note("undone " + plan.describe() + ": " + notes);
		long[] recovery = this.watch.await(RECOVERY_TIMEOUT);
		this.trace.note("recovered " + plan.describe());
		return new FaultRecord(plan, injected, cleared, recovery, notes);
	}

	private String replicaKilled(Node replica, Duration hold) {
		replica.kill();
		Clocks.sleep(hold);
		long start = System.nanoTime();
		replica.start();
		return "restarted in " + millisSince(start) + " ms";
	}

	private String replicaPaused(Node replica, Duration hold) {
		replica.pause();
		Clocks.sleep(hold);
		replica.resume();
		return "";
	}

	private String replicaLagging(Node replica, Duration hold) {
		replica.stopReplicationSqlThread();
		Clocks.sleep(hold);
		String behind = replica.queryForString("SELECT seq FROM " + this.db.database() + ".soak_heartbeat");
		String primaryAt = this.db.primary()
			.queryForString("SELECT seq FROM " + this.db.database() + ".soak_heartbeat");
		replica.startReplicationSqlThread();
		long behindBy = (behind != null && primaryAt != null) ? Long.parseLong(primaryAt) - Long.parseLong(behind) : -1;
		return "SQL thread stopped; " + behindBy + " heartbeats behind when restarted";
	}

	private String primaryRestarted(boolean crash, Duration hold) {
		Node primary = this.db.primary();
		if (crash) {
			primary.kill();
		}
		else {
			primary.stop();
		}
		Clocks.sleep(hold);
		long start = System.nanoTime();
		primary.start();
		return "restarted in " + millisSince(start) + " ms";
	}

	private String connectionsKilled(FaultPlan plan) {
		Random random = new Random(this.seed * 31 + plan.number());
		int sessions = 0;
		int killed = 0;
		for (Node node : this.db.nodes()) {
			String ids = node
				.queryForString("SELECT GROUP_CONCAT(ID) FROM information_schema.PROCESSLIST WHERE USER = '"
						+ this.db.username() + "'");
			if (ids == null) {
				continue;
			}
			for (String id : ids.split(",")) {
				sessions++;
				if (random.nextDouble() < plan.killShare()) {
					try {
						node.killConnection(Long.parseLong(id.trim()));
						killed++;
					}
					catch (EmbeddedMariaDbException ex) {
						// The session ended meanwhile
					}
				}
			}
		}
		return "killed " + killed + " of " + sessions + " application sessions";
	}

	/**
	 * Lower wait_timeout on every server for longer than max-lifetime, so that every pool
	 * connection is replaced by one holding the short timeout, then let traffic lull
	 * longer than that timeout, so that the servers close the idle connections under the
	 * pools, and let it resume before the timeout is restored.
	 */
	private String idleConnectionsExpired(Duration hold) {
		List<Node> nodes = this.db.nodes();
		long[] previous = new long[nodes.size()];
		long abortedBefore = 0;
		for (int i = 0; i < nodes.size(); i++) {
			previous[i] = nodes.get(i).queryForLong("SELECT @@GLOBAL.wait_timeout");
			abortedBefore += abortedClients(nodes.get(i));
			nodes.get(i).executeAsRoot("SET GLOBAL wait_timeout = " + SHORT_WAIT_TIMEOUT_SECONDS);
		}
		Clocks.sleep(hold.minus(LULL).minus(AFTER_LULL));
		this.trace.note("traffic lull of " + LULL.toMillis() + " ms");
		this.workers.idle(LULL);
		this.trace.note("traffic resumes");
		Clocks.sleep(AFTER_LULL);
		long abortedAfter = 0;
		for (int i = 0; i < nodes.size(); i++) {
			abortedAfter += abortedClients(nodes.get(i));
			nodes.get(i).executeAsRoot("SET GLOBAL wait_timeout = " + previous[i]);
		}
		return "wait_timeout " + SHORT_WAIT_TIMEOUT_SECONDS + " s, traffic lull " + LULL.toSeconds()
				+ " s; the servers closed " + (abortedAfter - abortedBefore) + " idle connections";
	}

	private static long abortedClients(Node node) {
		return node.queryForLong(
				"SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'ABORTED_CLIENTS'");
	}

	private String poolExhausted(Duration hold) {
		// More sleepers than connections, each holding one longer than connection-timeout
		int sleepers = SoakApplication.POOL_SIZE + 4;
		long deadline = System.nanoTime() + hold.toNanos();
		AtomicInteger statements = new AtomicInteger();
		AtomicInteger gaveUp = new AtomicInteger();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < sleepers; i++) {
			Thread thread = new Thread(() -> {
				while (System.nanoTime() < deadline) {
					try {
						this.writes.sleepOnPrimary(SLEEP_SECONDS);
						statements.incrementAndGet();
					}
					catch (RuntimeException ex) {
						gaveUp.incrementAndGet();
					}
				}
			}, "soak-sleeper-" + i);
			thread.start();
			threads.add(thread);
		}
		AtomicLong peakWaiting = new AtomicLong();
		while (System.nanoTime() < deadline) {
			HikariPoolMXBean primary = primaryPool();
			if (primary != null) {
				peakWaiting.accumulateAndGet(primary.getThreadsAwaitingConnection(), Math::max);
			}
			Clocks.sleep(Duration.ofMillis(50));
		}
		for (Thread thread : threads) {
			try {
				thread.join(30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return sleepers + " threads ran " + statements.get() + " SELECT SLEEP(" + SLEEP_SECONDS + ") on the "
				+ SoakApplication.POOL_SIZE + " primary connections (" + gaveUp.get()
				+ " gave up waiting); peak callers waiting " + peakWaiting.get();
	}

	private @Nullable HikariPoolMXBean primaryPool() {
		var hikari = this.pools.getPrimary().getHikari();
		return (hikari != null) ? hikari.getHikariPoolMXBean() : null;
	}

	private static long millisSince(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}

}
