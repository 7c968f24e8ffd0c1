package io.github.mysqlpool.sample.load;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;

/**
 * Drives mixed reads and writes through the starter for a while, printing a progress
 * line, then a report: throughput and latency percentiles per pool, errors by class, and
 * the pool figures.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class LoadGenerator {

	private final LoadOperations operations;

	private final MySqlPools pools;

	private final LoadTestProperties properties;

	private final PrintStream out;

	private final LongAdder completed = new LongAdder();

	private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

	private volatile boolean stopped;

	private final ThreadFactory threadFactory;

	/**
	 * Create a load generator.
	 * @param operations the reads and writes it drives
	 * @param pools the starter's pools, for their figures
	 * @param properties duration, threads and read ratio
	 * @param out where the progress lines and the report go
	 */
	public LoadGenerator(LoadOperations operations, MySqlPools pools, LoadTestProperties properties, PrintStream out) {
		this(operations, pools, properties, out, Executors.defaultThreadFactory());
	}

	/**
	 * Create a load generator whose workers come from a thread factory, such as one of
	 * virtual threads.
	 * @param operations the reads and writes it drives
	 * @param pools the starter's pools, for their figures
	 * @param properties duration, threads and read ratio
	 * @param out where the progress lines and the report go
	 * @param threadFactory the factory of the worker threads
	 */
	public LoadGenerator(LoadOperations operations, MySqlPools pools, LoadTestProperties properties, PrintStream out,
			ThreadFactory threadFactory) {
		this.operations = operations;
		this.pools = pools;
		this.properties = properties;
		this.out = out;
		this.threadFactory = threadFactory;
	}

	/**
	 * Run the load for the configured duration and print the report.
	 * @return the report
	 * @throws Exception when the run is interrupted
	 */
	public LoadReport run() throws Exception {
		Duration duration = this.properties.getDuration();
		Map<Long, String> poolByServerId = poolsByServerId();
		int threads = this.properties.getThreads();
		this.out.printf(Locale.ROOT, "Load test: %d threads, %.0f%% reads, for %s%n", threads,
				this.properties.getReadRatio() * 100, duration);
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		ExecutorService executor = Executors.newFixedThreadPool(threads, this.threadFactory);
		List<Future<Map<String, LatencyLog>>> workers = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			workers.add(executor.submit(() -> work(end, poolByServerId)));
		}
		executor.shutdown();
		long interval = this.properties.getProgressInterval().toNanos();
		long nextProgress = start + interval;
		// One line per interval, also while the last operations drain after the end
		while (!executor.awaitTermination(Math.max(1, nextProgress - System.nanoTime()), TimeUnit.NANOSECONDS)) {
			printProgress(start);
			nextProgress += interval;
		}
		Map<String, LatencyLog> merged = new TreeMap<>();
		for (Future<Map<String, LatencyLog>> worker : workers) {
			worker.get().forEach((key, log) -> merged.computeIfAbsent(key, (k) -> new LatencyLog()).addAll(log));
		}
		LoadReport report = new LoadReport(Duration.ofNanos(System.nanoTime() - start), merged, errorCounts(),
				poolFigures());
		report.print(this.out);
		return report;
	}

	/**
	 * End a run early: each worker finishes its operation, then the report is printed.
	 */
	public void stop() {
		this.stopped = true;
	}

	private Map<String, LatencyLog> work(long end, Map<Long, String> poolByServerId) {
		Map<String, LatencyLog> logs = new HashMap<>();
		double readRatio = this.properties.getReadRatio();
		while (!this.stopped && System.nanoTime() < end) {
			this.operations.newClient();
			boolean read = ThreadLocalRandom.current().nextDouble() < readRatio;
			long started = System.nanoTime();
			try {
				long serverId = read ? this.operations.read() : this.operations.write();
				String pool = read ? poolByServerId.getOrDefault(serverId, "unknown") : "primary";
				logs.computeIfAbsent((read ? "read " : "write ") + pool, (key) -> new LatencyLog())
					.record(System.nanoTime() - started);
				this.completed.increment();
			}
			catch (RuntimeException ex) {
				this.errors.computeIfAbsent(ex.getClass().getSimpleName(), (key) -> new LongAdder()).increment();
			}
		}
		return logs;
	}

	private void printProgress(long start) {
		double seconds = (System.nanoTime() - start) / 1e9;
		StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%5.1fs] %,d ops (%,.0f/s), %,d errors |",
				seconds, this.completed.sum(), this.completed.sum() / Math.max(seconds, 0.001), errorTotal()));
		for (PoolFigures figures : poolFigures()) {
			line.append(String.format(Locale.ROOT, " %s %d/%d active, %d waiting |", figures.name(), figures.active(),
					figures.total(), figures.waiting()));
		}
		this.out.println(line);
	}

	private long errorTotal() {
		long total = 0;
		for (LongAdder count : this.errors.values()) {
			total += count.sum();
		}
		return total;
	}

	private Map<String, Long> errorCounts() {
		Map<String, Long> counts = new TreeMap<>();
		this.errors.forEach((type, count) -> counts.put(type, count.sum()));
		return counts;
	}

	private List<PoolFigures> poolFigures() {
		List<PoolFigures> figures = new ArrayList<>();
		for (MySqlPool pool : this.pools.getAll()) {
			HikariDataSource hikari = pool.getHikari();
			HikariPoolMXBean bean = (hikari != null) ? hikari.getHikariPoolMXBean() : null;
			if (bean != null) {
				figures.add(new PoolFigures(pool.getName(), bean.getActiveConnections(), bean.getIdleConnections(),
						bean.getTotalConnections(), bean.getThreadsAwaitingConnection(), hikari.getMaximumPoolSize(),
						pool.getRoutedBorrows()));
			}
		}
		return figures;
	}

	private Map<Long, String> poolsByServerId() throws SQLException {
		Map<Long, String> names = new HashMap<>();
		for (MySqlPool pool : this.pools.getAll()) {
			try (Connection connection = pool.getDataSource().getConnection();
					Statement statement = connection.createStatement();
					ResultSet resultSet = statement.executeQuery("SELECT @@server_id")) {
				resultSet.next();
				names.put(resultSet.getLong(1), pool.getName());
			}
		}
		return names;
	}

	/**
	 * A pool's figures at one moment.
	 *
	 * @param name pool name
	 * @param active connections in use
	 * @param idle idle connections
	 * @param total all connections
	 * @param waiting threads waiting for a connection
	 * @param max maximum pool size
	 * @param routedBorrows connections the routing handed out from it so far
	 */
	record PoolFigures(String name, int active, int idle, int total, int waiting, int max, long routedBorrows) {
	}

}
