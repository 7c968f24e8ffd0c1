package io.github.mysqlpool.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.mysqlpool.embedded.ReplicatedMariaDb;

/**
 * Counts, on every server, the statements each variant sends per operation and where its
 * reads land: the evidence that the compared paths send the same statements, and the
 * balance check of the alternatives (a connection that picks its replica once sticks to
 * it).
 *
 * @author mysql-pool team
 */
final class StatementAudit {

	private static final int[] THREADS = { 1, 4 };

	private StatementAudit() {
	}

	static List<Row> run(ReplicatedMariaDb db, int operationsPerCheck) throws Exception {
		List<Row> rows = new ArrayList<>();
		try (ServerCounters counters = new ServerCounters(db)) {
			for (Variant variant : Variant.values()) {
				try (PointOperations operations = variant.open(db)) {
					warmUp(operations, Math.min(400, operationsPerCheck * 5));
					for (Operation operation : Operation.values()) {
						if (!operation.audits(variant)) {
							continue;
						}
						for (int threads : THREADS) {
							Map<String, Map<String, Long>> before = counters.snapshot();
							runConcurrently(operations, operation, threads, operationsPerCheck);
							Map<String, Map<String, Long>> delta = ServerCounters.delta(before, counters.snapshot());
							rows.add(new Row(variant, operation, threads, operationsPerCheck, delta));
						}
					}
				}
			}
		}
		return rows;
	}

	/**
	 * Fill the pools (and the driver-side reader connections) before counting, so that no
	 * connection set-up statement is counted as the operation's.
	 */
	private static void warmUp(PointOperations operations, int operationsPerRound) throws Exception {
		for (int round = 0; round < 2; round++) {
			for (Operation operation : Operation.values()) {
				runConcurrently(operations, operation, 16, operationsPerRound);
			}
			Thread.sleep(1000);
		}
	}

	static void runConcurrently(PointOperations operations, Operation operation, int threads, int total)
			throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int share = total / threads + ((t < total % threads) ? 1 : 0);
				futures.add(executor.submit(() -> {
					for (int i = 0; i < share; i++) {
						operation.run(operations);
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			executor.shutdown();
		}
	}

	/**
	 * Statements counted on each server for one variant, operation and thread count.
	 *
	 * @param variant the variant
	 * @param operation the operation
	 * @param threads the number of calling threads
	 * @param operations the number of operations run
	 * @param delta node name to counter name to change
	 */
	record Row(Variant variant, Operation operation, int threads, int operations,
			Map<String, Map<String, Long>> delta) {

		double perOperation(String node, String counter) {
			return this.delta.get(node).getOrDefault(counter, 0L) / (double) this.operations;
		}

		double perOperation(String counter) {
			double sum = 0;
			for (String node : this.delta.keySet()) {
				sum += perOperation(node, counter);
			}
			return sum;
		}

	}

}
