package io.github.mysqlpool.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;

/**
 * Writes the report's section on end-to-end point operations: one table per operation,
 * each variant's medians over the rounds and its ratio to the bare HikariCP variant of
 * the same round, with the targets of BENCHMARKS.md.
 *
 * @author mysql-pool team
 */
final class PointOperationsSection {

	private static final double POINT_TARGET_RATIO = 0.95;

	private final StringBuilder markdown;

	PointOperationsSection(StringBuilder markdown) {
		this.markdown = markdown;
	}

	/**
	 * Write the section.
	 * @param rounds the results of each round
	 * @param selection what the run measured
	 */
	void write(List<List<RunResult>> rounds, PointSelection selection) {
		line("## End-to-end point operations through JdbcTemplate");
		line("");
		line("Each of the " + rounds.size() + " rounds measures every variant once, one after the other in one JVM"
				+ " (the order rotates), so that compared variants run close together in time. Throughput ="
				+ " threads / mean latency (closed loop), the median over the rounds; p50 and p99 are the medians of"
				+ " the rounds' percentiles. B/op = bytes allocated per operation in the benchmark's JVM"
				+ " (JMH's gc profiler). Ratio = the median over the rounds of throughput / the throughput, in"
				+ " the same round, of the bare HikariCP variant on the same servers (reads: hikari-replicas for two"
				+ " replicas, hikari-replica-1 for one; writes: hikari), with its range. Target for the starter"
				+ " rows: ratio ≥ " + POINT_TARGET_RATIO + ", and throughput at or above every alternative reading"
				+ " from the same servers (writes: every alternative). " + Variant.HIKARI_ONE_REPLICA_TWIN.id()
				+ " is bare HikariCP measured again as a variant of its own (reads from replica-1, writes to the"
				+ " primary, as its baseline does): its ratio shows how far identical variants differ in this run.");
		line("");
		for (Operation operation : selection.operations()) {
			List<Variant> variants = selection.variants(operation);
			if (variants.isEmpty()) {
				continue;
			}
			line("### " + operation.method());
			line("");
			line("| Threads | Variant | ops/s | p50 µs | p99 µs | B/op | Baseline | Ratio | Ratio range | Target met |");
			line("| ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | --- | --- |");
			for (int threads : selection.threads()) {
				Map<Variant, Measured> byVariant = new LinkedHashMap<>();
				for (Variant variant : variants) {
					byVariant.put(variant, new Measured(rounds, operation, threads, variant));
				}
				for (Variant variant : variants) {
					Measured measured = byVariant.get(variant);
					if (measured.isEmpty()) {
						line("| " + threads + " | " + variant.id() + " | did not run | | | | | | | |");
						continue;
					}
					Variant baselineVariant = operation.baseline(variant);
					double[] ratios = measured.ratiosTo(byVariant.get(baselineVariant));
					double ratio = JmhResults.median(ratios);
					String met = "";
					if (variant.isTwin()) {
						met = "(A/A: the run's noise)";
					}
					else if (!variant.isAlternative() && variant != baselineVariant && variant != Variant.HIKARI) {
						met = (ratio >= POINT_TARGET_RATIO && beatsAlternatives(operation, variant, byVariant)) ? "yes"
								: "no";
					}
					line("| " + threads + " | " + variant.id() + " | " + JmhResults.format(measured.throughput(), 0)
							+ " | " + JmhResults.format(measured.percentile(50), 1) + " | "
							+ JmhResults.format(measured.percentile(99), 1) + " | "
							+ JmhResults.format(measured.allocation(), 0) + " | " + baselineVariant.id() + " | "
							+ JmhResults.format(ratio, 3) + " | " + range(ratios) + " | " + met + " |");
				}
			}
			line("");
		}
	}

	/**
	 * Whether the starter variant's throughput is at or above that of every alternative
	 * reading from the same servers (for writes, of every alternative).
	 */
	private static boolean beatsAlternatives(Operation operation, Variant starter, Map<Variant, Measured> byVariant) {
		double starterThroughput = byVariant.get(starter).throughput();
		for (Map.Entry<Variant, Measured> entry : byVariant.entrySet()) {
			Variant variant = entry.getKey();
			boolean comparable = variant.isAlternative()
					&& (operation == Operation.WRITE || variant.readBaseline() == starter.readBaseline());
			if (comparable && !entry.getValue().isEmpty() && entry.getValue().throughput() > starterThroughput) {
				return false;
			}
		}
		return true;
	}

	private static String range(double[] values) {
		if (values.length == 0) {
			return "";
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return JmhResults.format(sorted[0], 2) + "–" + JmhResults.format(sorted[sorted.length - 1], 2);
	}

	/**
	 * One variant's results for one operation and thread count, one per round (an entry
	 * is {@code null} where the variant did not run in that round).
	 */
	private static final class Measured {

		private final RunResult[] perRound;

		Measured(List<List<RunResult>> rounds, Operation operation, int threads, Variant variant) {
			this.perRound = new RunResult[rounds.size()];
			for (int round = 0; round < rounds.size(); round++) {
				for (RunResult result : rounds.get(round)) {
					if (JmhResults.method(result).equals(operation.method())
							&& result.getParams().getThreads() == threads
							&& variant.id().equals(result.getParams().getParam("variant"))) {
						this.perRound[round] = result;
					}
				}
			}
		}

		boolean isEmpty() {
			for (RunResult result : this.perRound) {
				if (result != null) {
					return false;
				}
			}
			return true;
		}

		double throughput() {
			List<Double> values = new ArrayList<>();
			for (RunResult result : this.perRound) {
				if (result != null) {
					values.add(JmhResults.throughput(result));
				}
			}
			return JmhResults.median(values.stream().mapToDouble(Double::doubleValue).toArray());
		}

		double percentile(double percentile) {
			List<Double> values = new ArrayList<>();
			for (RunResult result : this.perRound) {
				if (result != null) {
					values.add(result.getPrimaryResult().getStatistics().getPercentile(percentile));
				}
			}
			return JmhResults.median(values.stream().mapToDouble(Double::doubleValue).toArray());
		}

		double allocation() {
			List<Double> values = new ArrayList<>();
			for (RunResult result : this.perRound) {
				if (result != null) {
					values.add(JmhResults.allocation(result));
				}
			}
			return JmhResults.median(values.stream().mapToDouble(Double::doubleValue).toArray());
		}

		double[] ratiosTo(Measured baseline) {
			List<Double> ratios = new ArrayList<>();
			for (int round = 0; round < this.perRound.length; round++) {
				if (this.perRound[round] != null && baseline.perRound[round] != null) {
					ratios.add(JmhResults.throughput(this.perRound[round])
							/ JmhResults.throughput(baseline.perRound[round]));
				}
			}
			return ratios.stream().mapToDouble(Double::doubleValue).toArray();
		}

	}

	private void line(String text) {
		this.markdown.append(text).append('\n');
	}

}
