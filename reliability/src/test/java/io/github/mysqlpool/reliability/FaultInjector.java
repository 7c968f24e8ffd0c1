package io.github.mysqlpool.reliability;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.embedded.EmbeddedMariaDbException;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.reliability.SoakApplication.SoakWrites;
import org.jspecify.annotations.Nullable;

/**
 * Injects one scheduled fault into the running topology, undoes it after its hold time
 * and waits until the application is served again. Faults act on the roles of the moment:
 * after a switchover or a failover "the primary" is the promoted server and the old
 * primary is one of the replicas.
 * <p>
 * A failover loses what the old primary acknowledged but no replica received
 * (asynchronous replication; the failover does not wait, as a real one does not): the old
 * primary is started read-only, the request ids it holds that the new primary lacks are
 * remembered as lost acknowledged writes, and, when it holds any transaction the new
 * primary lacks, it is rebuilt from the new primary instead of rejoining.
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

	private final String runId;

	private final Set<String> lostWrites = new LinkedHashSet<>();

	private long lostTransactions;

	private List<FaultEvent> events = new ArrayList<>();

	FaultInjector(ReplicatedMariaDb db, long seed, String runId, SoakWrites writes, MySqlPools pools,
			RecoveryWatch watch, Workers workers, MonitorTrace trace) {
		this.db = db;
		this.seed = seed;
		this.runId = runId;
		this.writes = writes;
		this.pools = pools;
		this.watch = watch;
		this.workers = workers;
		this.trace = trace;
	}

	FaultRecord inject(FaultPlan plan) {
		this.trace.note("inject " + plan.describe());
		this.events = new ArrayList<>();
		@Nullable Node target = switch (plan.type()) {
			case REPLICA_KILLED, REPLICA_PAUSED, REPLICA_LAGGING -> this.db.replica(plan.replica());
			case PRIMARY_RESTARTED, PRIMARY_PAUSED, FAILOVER -> this.db.primary();
			case SWITCHOVER -> this.db.replica(plan.replica() % this.db.replicas().size());
			case CONNECTIONS_KILLED, IDLE_CONNECTIONS_EXPIRED, POOL_EXHAUSTED -> null;
		};
		long injected = System.nanoTime();
		// A switchover, a failover and a pause record their events when they take effect
		if (!plan.type().changesRoles() && plan.type() != FaultType.PRIMARY_PAUSED
				&& plan.type() != FaultType.REPLICA_PAUSED) {
			this.events.add(new FaultEvent(
					plan.type().description() + ((target != null) ? " (" + target.name() + ")" : ""), injected, false));
		}
		String notes = switch (plan.type()) {
			case REPLICA_KILLED -> replicaKilled(Objects.requireNonNull(target), plan.hold());
			case REPLICA_PAUSED -> replicaPaused(Objects.requireNonNull(target), plan.hold());
			case REPLICA_LAGGING -> replicaLagging(Objects.requireNonNull(target), plan.hold());
			case PRIMARY_RESTARTED -> primaryRestarted(plan.crash(), plan.hold());
			case CONNECTIONS_KILLED -> connectionsKilled(plan);
			case IDLE_CONNECTIONS_EXPIRED -> idleConnectionsExpired(plan.hold());
			case POOL_EXHAUSTED -> poolExhausted(plan.hold());
			case SWITCHOVER -> switchover(Objects.requireNonNull(target), plan.crash(), plan.hold());
			case FAILOVER -> failover(plan.hold());
			case PRIMARY_PAUSED -> primaryPaused(plan.hold());
		};
		long cleared = System.nanoTime();
		this.watch.arm(cleared, this.db.replicas().stream().mapToLong(Node::serverId).toArray());
		this.trace.note("undone " + plan.describe() + ": " + notes);
		long[] recovery = this.watch.await(RECOVERY_TIMEOUT);
		this.trace.note("recovered " + plan.describe());
		return new FaultRecord(plan, injected, cleared, recovery, notes, (target != null) ? target.name() : "",
				List.copyOf(this.events));
	}

	/**
	 * Request ids of acknowledged or unknown writes lost in failovers: held by an old
	 * primary when it died, received by no replica.
	 * @return the request ids
	 */
	Set<String> lostWrites() {
		return Set.copyOf(this.lostWrites);
	}

	/**
	 * Transactions of any kind (the application's, the starter's heartbeat, the suite's
	 * heartbeat) lost in failovers.
	 * @return how many
	 */
	long lostTransactions() {
		return this.lostTransactions;
	}

	/**
	 * Switch over to a replica, let the new primary take writes for a while, then switch
	 * over again: back to the old primary or onward to the other replica.
	 */
	private String switchover(Node target, boolean back, Duration hold) {
		Node old = this.db.primary();
		long first = switchoverTo(target);
		Clocks.sleep(hold);
		Node next = back ? old : this.db.replicas().stream().filter((node) -> node != old).findFirst().orElse(old);
		long second = switchoverTo(next);
		return old.name() + " -> " + target.name() + " in " + first + " ms, then -> " + next.name() + " in " + second
				+ " ms";
	}

	private long switchoverTo(Node target) {
		String what = "switchover " + this.db.primary().name() + " -> " + target.name();
		this.trace.note(what);
		long start = System.nanoTime();
		this.events.add(new FaultEvent(what, start, true));
		this.db.switchover(target);
		this.trace.note(what + " done");
		return millisSince(start);
	}

	/**
	 * Kill the primary and promote the most advanced replica; after the hold, start the
	 * old primary (read-only), count what it holds that the new one lacks, and bring it
	 * back as a replica: rejoined, or rebuilt when it holds transactions that were lost.
	 */
	private String failover(Duration hold) {
		Node old = this.db.primary();
		String what = "failover: " + old.name() + " killed";
		this.trace.note(what);
		long start = System.nanoTime();
		this.events.add(new FaultEvent(what, start, true));
		Node chosen = this.db.failover();
		long promoted = millisSince(start);
		this.trace.note("failover: " + chosen.name() + " promoted");
		Clocks.sleep(hold);
		old.start();
		Set<String> lost = new LinkedHashSet<>();
		long transactions;
		try {
			lost.addAll(LedgerCheck.requestIds(this.db, old, this.runId));
			lost.removeAll(LedgerCheck.requestIds(this.db, chosen, this.runId));
			transactions = transactionsAhead(old, chosen);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot compare " + old.name() + " with " + chosen.name(), ex);
		}
		this.lostWrites.addAll(lost);
		this.lostTransactions += transactions;
		long back = System.nanoTime();
		String how;
		if (transactions > 0) {
			this.trace.note("failover: " + old.name() + " holds " + transactions + " lost transactions: rebuilt");
			this.db.rebuild(old);
			how = "rebuilt";
		}
		else {
			this.db.rejoin(old);
			how = "rejoined";
		}
		return old.name() + " -> " + chosen.name() + " promoted in " + promoted + " ms; " + old.name() + " " + how
				+ " in " + millisSince(back) + " ms; lost: " + transactions + " transactions, " + lost.size()
				+ " of them writes of the workload" + (lost.isEmpty() ? "" : " " + lost);
	}

	/**
	 * Transactions a node's binary log holds beyond another's, counted per domain and
	 * origin server from {@code @@gtid_binlog_state}.
	 */
	private static long transactionsAhead(Node node, Node other) {
		Map<String, Long> theirs = gtidState(other.queryForString("SELECT @@gtid_binlog_state"));
		long ahead = 0;
		for (Map.Entry<String, Long> own : gtidState(node.queryForString("SELECT @@gtid_binlog_state")).entrySet()) {
			ahead += Math.max(0, own.getValue() - theirs.getOrDefault(own.getKey(), 0L));
		}
		return ahead;
	}

	/**
	 * Parse a GTID state: {@code domain-server-sequence} entries, comma-separated.
	 * @param state the state
	 * @return the last sequence by {@code domain-server}
	 */
	static Map<String, Long> gtidState(@Nullable String state) {
		Map<String, Long> parsed = new HashMap<>();
		if (state == null || state.isBlank()) {
			return parsed;
		}
		for (String gtid : state.split(",")) {
			String trimmed = gtid.trim();
			int last = trimmed.lastIndexOf('-');
			parsed.merge(trimmed.substring(0, last), Long.parseLong(trimmed.substring(last + 1)), Math::max);
		}
		return parsed;
	}

	private String primaryPaused(Duration hold) {
		Node primary = this.db.primary();
		primary.pause();
		// From the moment the process is stopped: writes begun before may still be
		// answered
		this.events.add(new FaultEvent(FaultType.PRIMARY_PAUSED.description() + " (" + primary.name() + ")",
				System.nanoTime(), false));
		Clocks.sleep(hold);
		primary.resume();
		return primary.name();
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
		this.events.add(new FaultEvent(FaultType.REPLICA_PAUSED.description() + " (" + replica.name() + ")",
				System.nanoTime(), false));
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
		MySqlPool writer = this.pools.getWriter();
		var hikari = (writer != null) ? writer.getHikari() : null;
		return (hikari != null) ? hikari.getHikariPoolMXBean() : null;
	}

	private static long millisSince(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}

}
