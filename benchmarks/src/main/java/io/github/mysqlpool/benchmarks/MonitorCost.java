package io.github.mysqlpool.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;

/**
 * The load an idle application on the starter puts on each server, at the default
 * settings: statements per second with the starter's context running and idle, less the
 * same servers with no application at all.
 *
 * @author mysql-pool team
 */
final class MonitorCost {

	private MonitorCost() {
	}

	static Result measure(ReplicatedMariaDb db, Duration window) throws Exception {
		try (ServerCounters counters = new ServerCounters(db)) {
			Map<String, Map<String, Long>> idle = window(counters, window);
			try (SpringOperations starter = StarterOperations.start(db)) {
				for (int i = 0; i < 4; i++) {
					starter.read(PointQueries.randomId());
					starter.write("monitor", 1);
				}
				awaitFullPools(starter.context().getBean(MySqlPools.class));
				Map<String, Map<String, Long>> withStarter = window(counters, window);
				return new Result(window, idle, withStarter);
			}
		}
	}

	private static Map<String, Map<String, Long>> window(ServerCounters counters, Duration window) throws Exception {
		Map<String, Map<String, Long>> before = counters.snapshot();
		Thread.sleep(window.toMillis());
		return ServerCounters.delta(before, counters.snapshot());
	}

	private static void awaitFullPools(MySqlPools pools) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			boolean full = true;
			for (MySqlPool pool : pools.getAll()) {
				HikariDataSource hikari = pool.getHikari();
				if (hikari != null && hikari.getHikariPoolMXBean() != null
						&& hikari.getHikariPoolMXBean().getTotalConnections() < hikari.getMinimumIdle()) {
					full = false;
				}
			}
			if (full) {
				return;
			}
			Thread.sleep(100);
		}
	}

	/**
	 * Counter changes over one window without and one with the idle starter.
	 *
	 * @param window length of each window
	 * @param idle changes with no application
	 * @param withStarter changes with the starter's context running and idle
	 */
	record Result(Duration window, Map<String, Map<String, Long>> idle, Map<String, Map<String, Long>> withStarter) {

		/**
		 * Statements per second the starter adds to each server.
		 * @param counter the counter, such as {@code Questions}
		 * @return node name to added rate
		 */
		Map<String, Double> addedPerSecond(String counter) {
			Map<String, Double> rates = new LinkedHashMap<>();
			double seconds = this.window.toMillis() / 1000.0;
			this.withStarter.forEach((node, counters) -> rates.put(node,
					(counters.getOrDefault(counter, 0L) - this.idle.get(node).getOrDefault(counter, 0L)) / seconds));
			return rates;
		}

	}

}
