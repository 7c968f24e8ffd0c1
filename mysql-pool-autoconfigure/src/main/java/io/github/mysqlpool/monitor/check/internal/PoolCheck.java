package io.github.mysqlpool.monitor.check.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.monitor.timing.internal.Percentiles;
import io.github.mysqlpool.pool.MySqlPool;

/**
 * An on-demand check of pools: for a bounded time, a few threads per pool borrow a
 * connection, run a harmless statement that names the server ({@code SELECT @@hostname,
 * @@port}) and return it, timing each operation. Hard limits keep it from hurting the
 * application: at most {@link #MAX_DURATION}, at most {@link #MAX_CONCURRENCY} threads
 * per pool and never more than half the pool's maximum size, and a thread waits while
 * other callers wait for the pool. One check runs at a time.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class PoolCheck {

	/**
	 * Longest check.
	 */
	public static final Duration MAX_DURATION = Duration.ofSeconds(60);

	/**
	 * Most threads per pool.
	 */
	public static final int MAX_CONCURRENCY = 8;

	/**
	 * Most operation times kept per pool for the percentiles (800 KB at most).
	 */
	static final int MAX_RECORDED = 100_000;

	private static final String STATEMENT = "SELECT @@hostname, @@port";

	private static final long YIELD_MILLIS = 5;

	private final AtomicBoolean running = new AtomicBoolean();

	/**
	 * Threads a check may use on a pool: the request, at most half the pool's maximum
	 * size, at least one.
	 * @param pool the pool
	 * @param requested the threads asked for
	 * @return the threads used
	 */
	public static int concurrencyFor(MySqlPool pool, int requested) {
		HikariDataSource hikari = pool.getHikari();
		int cap = (hikari != null) ? Math.max(1, hikari.getMaximumPoolSize() / 2) : 1;
		return Math.max(1, Math.min(requested, cap));
	}

	/**
	 * Check the given pools at once, each for the given time.
	 * @param pools the pools
	 * @param duration how long, at most {@link #MAX_DURATION}
	 * @param concurrency threads per pool, at most {@link #MAX_CONCURRENCY}, capped per
	 * pool by {@link #concurrencyFor}
	 * @return one result per pool, in the given order
	 * @throws IllegalStateException when another check is running
	 * @throws IllegalArgumentException when a limit is exceeded
	 */
	public List<PoolCheckResult> run(List<MySqlPool> pools, Duration duration, int concurrency)
			throws InterruptedException {
		if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
			throw new IllegalArgumentException("duration must be more than 0 and at most " + MAX_DURATION);
		}
		if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
			throw new IllegalArgumentException("concurrency must be 1 to " + MAX_CONCURRENCY);
		}
		if (!this.running.compareAndSet(false, true)) {
			throw new IllegalStateException("A check is already running");
		}
		try {
			return check(pools, duration, concurrency);
		}
		finally {
			this.running.set(false);
		}
	}

	private List<PoolCheckResult> check(List<MySqlPool> pools, Duration duration, int concurrency)
			throws InterruptedException {
		List<Tally> tallies = new ArrayList<>();
		int threads = 0;
		for (MySqlPool pool : pools) {
			int poolThreads = concurrencyFor(pool, concurrency);
			tallies.add(new Tally(pool, poolThreads));
			threads += poolThreads;
		}
		AtomicInteger ids = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(threads, (task) -> {
			Thread thread = new Thread(task, "mysql-pool-check-" + ids.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		long start = System.nanoTime();
		long deadline = start + duration.toNanos();
		List<Future<?>> workers = new ArrayList<>();
		try {
			for (Tally tally : tallies) {
				for (int i = 0; i < tally.threads; i++) {
					long[] times = new long[MAX_RECORDED / tally.threads];
					workers.add(executor.submit(() -> work(tally, deadline, times)));
				}
			}
			for (Future<?> worker : workers) {
				try {
					worker.get();
				}
				catch (ExecutionException ex) {
					// work() catches everything it expects; anything else is a failure
					throw new IllegalStateException("Check failed", ex.getCause());
				}
			}
		}
		finally {
			executor.shutdownNow();
			executor.awaitTermination(1, TimeUnit.SECONDS);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		List<PoolCheckResult> results = new ArrayList<>();
		for (Tally tally : tallies) {
			results.add(tally.result(seconds));
		}
		return results;
	}

	private static void work(Tally tally, long deadline, long[] times) {
		int recorded = 0;
		HikariDataSource hikari = tally.pool.getHikari();
		while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
			if (othersWaiting(hikari)) {
				tally.yielded.increment();
				try {
					Thread.sleep(YIELD_MILLIS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				continue;
			}
			long start = System.nanoTime();
			try (Connection connection = tally.pool.getDataSource().getConnection();
					Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery(STATEMENT)) {
				String server = result.next() ? result.getString(1) + ":" + result.getInt(2) : "unknown";
				tally.servers.computeIfAbsent(server, (key) -> new LongAdder()).increment();
			}
			catch (SQLException | RuntimeException ex) {
				tally.errors.computeIfAbsent(ex.getClass().getName(), (key) -> new LongAdder()).increment();
			}
			tally.operations.increment();
			if (recorded < times.length) {
				times[recorded++] = System.nanoTime() - start;
			}
		}
		tally.addTimes(times, recorded);
	}

	private static boolean othersWaiting(HikariDataSource hikari) {
		HikariPoolMXBean pool = (hikari != null && hikari.isRunning()) ? hikari.getHikariPoolMXBean() : null;
		return pool != null && pool.getThreadsAwaitingConnection() > 0;
	}

	/**
	 * What the threads checking one pool counted.
	 */
	private static final class Tally {

		private final MySqlPool pool;

		private final int threads;

		private final LongAdder operations = new LongAdder();

		private final LongAdder yielded = new LongAdder();

		private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

		private final Map<String, LongAdder> servers = new ConcurrentHashMap<>();

		private long[] times = new long[0];

		private int recorded;

		Tally(MySqlPool pool, int threads) {
			this.pool = pool;
			this.threads = threads;
		}

		synchronized void addTimes(long[] more, int count) {
			long[] merged = new long[this.recorded + count];
			System.arraycopy(this.times, 0, merged, 0, this.recorded);
			System.arraycopy(more, 0, merged, this.recorded, count);
			this.times = merged;
			this.recorded += count;
		}

		synchronized PoolCheckResult result(double seconds) {
			long ops = this.operations.sum();
			long failed = 0;
			Map<String, Long> errorsByClass = new TreeMap<>();
			for (Map.Entry<String, LongAdder> entry : this.errors.entrySet()) {
				errorsByClass.put(entry.getKey(), entry.getValue().sum());
				failed += entry.getValue().sum();
			}
			Map<String, Long> answered = new TreeMap<>();
			this.servers.forEach((server, count) -> answered.put(server, count.sum()));
			return new PoolCheckResult(this.pool.getName(), this.threads, Math.round(seconds * 1000) / 1000.0, ops,
					ops - failed, failed, errorsByClass, Math.round(ops / seconds * 10) / 10.0,
					Percentiles.ofNanos(this.times, this.recorded), answered, this.yielded.sum());
		}

	}

}
