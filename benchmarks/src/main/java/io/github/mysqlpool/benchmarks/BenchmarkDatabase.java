package io.github.mysqlpool.benchmarks;

import java.time.Duration;

import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import org.jspecify.annotations.Nullable;

/**
 * The embedded primary and two replicas of one benchmark JVM (one JMH fork), started on
 * first use with the benchmark tables and stopped when the JVM exits.
 *
 * @author mysql-pool team
 */
final class BenchmarkDatabase {

	/**
	 * Rows in {@code bench_items}, read by primary key at random.
	 */
	static final int ITEM_COUNT = 10_000;

	private static @Nullable ReplicatedMariaDb running;

	private BenchmarkDatabase() {
	}

	/**
	 * The topology of this JVM, started and filled on the first call.
	 * @return the running topology
	 */
	static synchronized ReplicatedMariaDb get() {
		if (running == null) {
			ReplicatedMariaDb db = ReplicatedMariaDb.builder()
				.replicas(2)
				.serverArguments("--max-connections=500")
				.build()
				.start();
			createTables(db);
			running = db;
		}
		return running;
	}

	/**
	 * Stop this JVM's topology, if it was started.
	 */
	static synchronized void stop() {
		if (running != null) {
			running.close();
			running = null;
		}
	}

	private static void createTables(ReplicatedMariaDb db) {
		Node primary = db.primary();
		String schema = db.database();
		primary.executeAsRoot("CREATE TABLE " + schema
				+ ".bench_items (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, qty INT NOT NULL)");
		// MariaDB's sequence engine fills the table in one statement
		primary.executeAsRoot("INSERT INTO " + schema + ".bench_items SELECT seq, CONCAT('item-', seq), seq % 100"
				+ " FROM " + schema + ".seq_1_to_" + ITEM_COUNT);
		primary.executeAsRoot("CREATE TABLE " + schema
				+ ".bench_writes (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL, qty INT NOT NULL)");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(60));
	}

}
