package io.github.mysqlpool.sample.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a load run measured.
 *
 * @param elapsed how long the run took
 * @param latencies latencies by operation and pool, for example {@code read replica-1}
 * @param errors errors seen by callers, by exception class
 * @param pools the pools' figures at the end
 * @author mysql-pool team
 */
public record LoadReport(Duration elapsed, Map<String, LatencyLog> latencies, Map<String, Long> errors,
		List<LoadGenerator.PoolFigures> pools) {

	/**
	 * Operations completed per second by each operation and pool.
	 * @return throughput by key
	 */
	public Map<String, Double> throughput() {
		Map<String, Double> throughput = new java.util.TreeMap<>();
		double seconds = this.elapsed.toNanos() / 1e9;
		this.latencies.forEach((key, log) -> throughput.put(key, log.count() / seconds));
		return throughput;
	}

	void print(PrintStream out) {
		double seconds = this.elapsed.toNanos() / 1e9;
		out.printf(Locale.ROOT, "%nLoad test finished in %.1f s%n", seconds);
		out.printf(Locale.ROOT, "%-20s %10s %10s %9s %9s %9s %9s%n", "operation / pool", "ops", "ops/s", "p50 ms",
				"p95 ms", "p99 ms", "max ms");
		this.latencies.forEach((key, log) -> out.printf(Locale.ROOT, "%-20s %10d %10.1f %9.2f %9.2f %9.2f %9.2f%n", key,
				log.count(), log.count() / seconds, log.percentileMillis(0.5), log.percentileMillis(0.95),
				log.percentileMillis(0.99), log.percentileMillis(1.0)));
		out.println(this.errors.isEmpty() ? "Errors: none" : "Errors: " + this.errors);
		out.printf(Locale.ROOT, "%-12s %6s %6s %6s %8s %6s %14s%n", "pool", "active", "idle", "total", "waiting", "max",
				"routed borrows");
		for (LoadGenerator.PoolFigures pool : this.pools) {
			out.printf(Locale.ROOT, "%-12s %6d %6d %6d %8d %6d %14d%n", pool.name(), pool.active(), pool.idle(),
					pool.total(), pool.waiting(), pool.max(), pool.routedBorrows());
		}
	}

}
