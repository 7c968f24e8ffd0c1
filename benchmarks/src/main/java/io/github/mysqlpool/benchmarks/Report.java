package io.github.mysqlpool.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * Builds the Markdown report of a run: one table per part, with the ratios and the
 * targets of BENCHMARKS.md.
 *
 * @author mysql-pool team
 */
final class Report {

	private static final double BORROW_TARGET_NANOS = 50;

	private static final double READ_ONLY_CALL_TARGET_NANOS = 100;

	private static final double POINT_TARGET_RATIO = 0.95;

	private final Profile profile;

	private final StringBuilder markdown = new StringBuilder();

	Report(Profile profile) {
		this.profile = profile;
	}

	void environment(Map<String, String> environment) {
		line("# Benchmark results (" + this.profile.name() + " profile)");
		line("");
		line("| What | Value |");
		line("| --- | --- |");
		environment.forEach((name, value) -> line("| " + name + " | " + value + " |"));
		line("");
	}

	void borrow(Collection<RunResult> results) {
		Map<String, RunResult> byMethod = new LinkedHashMap<>();
		results.forEach((result) -> byMethod.put(method(result), result));
		line("## Borrow cost: getConnection() + close()");
		line("");
		line("| Path | ns/op | ± | B/op | Baseline | Added ns | Added B/op | Target | Met |");
		line("| --- | ---: | ---: | ---: | --- | ---: | ---: | --- | --- |");
		borrowRow(byMethod, "hikariBare", null, 0);
		borrowRow(byMethod, "hikariBareTracked", "hikariBare", 0);
		borrowRow(byMethod, "hikariPrimary", "hikariBare", 0);
		borrowRow(byMethod, "hikariReplica", "hikariBare", 0);
		borrowRow(byMethod, "routingWrite", "hikariBare", BORROW_TARGET_NANOS);
		borrowRow(byMethod, "routingRead", "hikariBare", BORROW_TARGET_NANOS);
		borrowRow(byMethod, "routingWrite", "hikariBareTracked", 0);
		borrowRow(byMethod, "routingRead", "hikariBareTracked", 0);
		borrowRow(byMethod, "plainMethodBare", null, 0);
		borrowRow(byMethod, "advisedMethodBare", "plainMethodBare", 0);
		borrowRow(byMethod, "readOnlyMethod", "plainMethodBare", READ_ONLY_CALL_TARGET_NANOS);
		borrowRow(byMethod, "readOnlyMethod", "advisedMethodBare", 0);
		line("");
		line("hikariBare is a HikariCP pool built without the starter, hikariBareTracked the same with a metrics"
				+ " tracker that does nothing (what HikariCP's tracker hooks cost); hikariPrimary and hikariReplica"
				+ " are the starter's own pools used directly (with the pool monitor's tracker). The routing rows"
				+ " are the whole starter at its defaults against the bare pool. plainMethodBare borrows from the"
				+ " bare pool in a method without annotation, readOnlyMethod from the starter in the same method"
				+ " annotated @ReadOnly on a Spring bean (routing, AOP call, retry around reads). advisedMethodBare"
				+ " is plainMethodBare behind a Spring AOP proxy with one advice that only proceeds: what Spring's"
				+ " proxy costs any advised bean (a @Transactional one too), the starter's code not included.");
		line("");
	}

	private void borrowRow(Map<String, RunResult> byMethod, String method, @Nullable String baselineMethod,
			double targetNanos) {
		RunResult result = byMethod.get(method);
		if (result == null) {
			line("| " + method + " | did not run | | | | | | | |");
			return;
		}
		double nanos = result.getPrimaryResult().getScore();
		double bytes = allocation(result);
		String added = "";
		String addedBytes = "";
		String target = "";
		String met = "";
		RunResult baseline = (baselineMethod != null) ? byMethod.get(baselineMethod) : null;
		if (baseline != null) {
			double addedNanos = nanos - baseline.getPrimaryResult().getScore();
			double extraBytes = bytes - allocation(baseline);
			added = format(addedNanos, 1);
			addedBytes = format(extraBytes, 1);
			if (targetNanos > 0) {
				target = "≤ " + (int) targetNanos + " ns, 0 B";
				met = (addedNanos <= targetNanos && extraBytes < 1) ? "yes" : "no";
			}
		}
		line("| " + method + " | " + format(nanos, 1) + " | " + format(result.getPrimaryResult().getScoreError(), 1)
				+ " | " + format(bytes, 1) + " | " + ((baselineMethod != null) ? baselineMethod : "") + " | " + added
				+ " | " + addedBytes + " | " + target + " | " + met + " |");
	}

	void slowReplica(List<RunResult> results, Map<String, Double> slowShares) {
		line("## Reads with one slow replica");
		line("");
		line("@ReadOnly point reads through the starter with two replicas; on replica-2 a background session holds"
				+ " LOCK TABLES bench_items WRITE for " + SlowReplicaBenchmark.HOLD.toMillis() + " ms every "
				+ SlowReplicaBenchmark.PERIOD.toMillis() + " ms. Throughput = threads / mean latency.");
		line("");
		line("| Threads | Strategy | ops/s | p50 µs | p99 µs | p99.9 µs | Reads on the slow replica |");
		line("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
		for (RunResult result : results) {
			String strategy = result.getParams().getParam("strategy");
			int threads = result.getParams().getThreads();
			Double share = slowShares.get(strategy + "@" + threads);
			line("| " + threads + " | " + strategy + " | " + format(throughput(result), 0) + " | "
					+ format(result.getPrimaryResult().getStatistics().getPercentile(50), 1) + " | "
					+ format(result.getPrimaryResult().getStatistics().getPercentile(99), 1) + " | "
					+ format(result.getPrimaryResult().getStatistics().getPercentile(99.9), 1) + " | "
					+ ((share != null) ? format(share * 100, 1) + "%" : "–") + " |");
		}
		line("");
	}

	private static double allocation(RunResult result) {
		for (Map.Entry<String, Result> entry : result.getSecondaryResults().entrySet()) {
			if (entry.getKey().endsWith("gc.alloc.rate.norm")) {
				return entry.getValue().getScore();
			}
		}
		return Double.NaN;
	}

	void point(List<List<RunResult>> rounds, PointSelection selection) {
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
					double ratio = median(ratios);
					String met = "";
					if (variant.isTwin()) {
						met = "(A/A: the run's noise)";
					}
					else if (!variant.isAlternative() && variant != baselineVariant && variant != Variant.HIKARI) {
						met = (ratio >= POINT_TARGET_RATIO && beatsAlternatives(operation, variant, byVariant)) ? "yes"
								: "no";
					}
					line("| " + threads + " | " + variant.id() + " | " + format(measured.throughput(), 0) + " | "
							+ format(measured.percentile(50), 1) + " | " + format(measured.percentile(99), 1) + " | "
							+ format(measured.allocation(), 0) + " | " + baselineVariant.id() + " | " + format(ratio, 3)
							+ " | " + range(ratios) + " | " + met + " |");
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
		return format(sorted[0], 2) + "–" + format(sorted[sorted.length - 1], 2);
	}

	static double median(double[] values) {
		if (values.length == 0) {
			return Double.NaN;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
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
					if (method(result).equals(operation.method()) && result.getParams().getThreads() == threads
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
					values.add(Report.throughput(result));
				}
			}
			return median(values.stream().mapToDouble(Double::doubleValue).toArray());
		}

		double percentile(double percentile) {
			List<Double> values = new ArrayList<>();
			for (RunResult result : this.perRound) {
				if (result != null) {
					values.add(result.getPrimaryResult().getStatistics().getPercentile(percentile));
				}
			}
			return median(values.stream().mapToDouble(Double::doubleValue).toArray());
		}

		double allocation() {
			List<Double> values = new ArrayList<>();
			for (RunResult result : this.perRound) {
				if (result != null) {
					values.add(Report.allocation(result));
				}
			}
			return median(values.stream().mapToDouble(Double::doubleValue).toArray());
		}

		double[] ratiosTo(Measured baseline) {
			List<Double> ratios = new ArrayList<>();
			for (int round = 0; round < this.perRound.length; round++) {
				if (this.perRound[round] != null && baseline.perRound[round] != null) {
					ratios.add(Report.throughput(this.perRound[round]) / Report.throughput(baseline.perRound[round]));
				}
			}
			return ratios.stream().mapToDouble(Double::doubleValue).toArray();
		}

	}

	private static double throughput(RunResult result) {
		double meanMicros = result.getPrimaryResult().getScore();
		return result.getParams().getThreads() * 1_000_000.0 / meanMicros;
	}

	void audit(List<StatementAudit.Row> rows) {
		line("## Statements per operation and where reads land");
		line("");
		line("Counted on the servers (`SHOW GLOBAL STATUS`) over " + this.profile.auditOperations()
				+ " operations after warming the pools. Statements = `Questions` on all servers per operation;"
				+ " SELECT share = `Com_select` per server.");
		line("");
		line("| Variant | Operation | Threads | Statements/op | Commits/op | SET/op | SELECT primary / replica-1 / replica-2 |");
		line("| --- | --- | ---: | ---: | ---: | ---: | --- |");
		for (StatementAudit.Row row : rows) {
			List<String> shares = new ArrayList<>();
			for (String node : row.delta().keySet()) {
				shares.add(format(row.perOperation(node, "Com_select"), 2));
			}
			line("| " + row.variant().id() + " | " + row.operation().method() + " | " + row.threads() + " | "
					+ format(row.perOperation("Questions"), 2) + " | " + commits(row) + " | "
					+ format(row.perOperation("Com_set_option"), 2) + " | " + String.join(" / ", shares) + " |");
		}
		line("");
	}

	/**
	 * Commits per read; none for writes, where the replicas' applier commits too.
	 */
	private static String commits(StatementAudit.Row row) {
		return (row.operation() != Operation.WRITE) ? format(row.perOperation("Com_commit"), 2) : "–";
	}

	void monitor(MonitorCost.Result result) {
		line("## Monitor cost: load of an idle application on the starter");
		line("");
		line("Statements per second on each server with the starter's context running and idle (pools full),"
				+ " less the same servers with no application, over " + result.window().toSeconds() + " s each.");
		line("");
		line("| Server | Statements/s added | SELECT/s added |");
		line("| --- | ---: | ---: |");
		Map<String, Double> questions = result.addedPerSecond("Questions");
		Map<String, Double> selects = result.addedPerSecond("Com_select");
		questions.forEach((node, rate) -> line(
				"| " + node + " | " + format(rate, 2) + " | " + format(selects.getOrDefault(node, 0.0), 2) + " |"));
		line("");
	}

	void startup(Collection<RunResult> cold, Collection<RunResult> warm) {
		line("## Start-up cost: one primary and two replicas");
		line("");
		line("Cold = the first start in a fresh JVM (one per fork); warm = later starts in one JVM."
				+ " Median, with min–max.");
		line("");
		line("| Variant | Measure | Cold median ms | Cold min–max | Warm median ms | Warm min–max |");
		line("| --- | --- | ---: | --- | ---: | --- |");
		for (String method : List.of("start", "startAndServe")) {
			for (String variant : List.of("boot-hikari", "starter", "starter-no-wait-check")) {
				RunResult coldResult = find(cold, method, variant);
				RunResult warmResult = find(warm, method, variant);
				line("| " + variant + " | " + method + " | " + median(coldResult) + " | " + range(coldResult) + " | "
						+ median(warmResult) + " | " + range(warmResult) + " |");
			}
		}
		line("");
	}

	private static @Nullable RunResult find(Collection<RunResult> results, String method, String variant) {
		for (RunResult result : results) {
			if (method(result).equals(method) && variant.equals(result.getParams().getParam("variant"))) {
				return result;
			}
		}
		return null;
	}

	private static String median(@Nullable RunResult result) {
		return (result != null) ? format(result.getPrimaryResult().getStatistics().getPercentile(50), 0) : "–";
	}

	private static String range(@Nullable RunResult result) {
		if (result == null) {
			return "–";
		}
		Statistics statistics = result.getPrimaryResult().getStatistics();
		return format(statistics.getMin(), 0) + "–" + format(statistics.getMax(), 0);
	}

	void finish(String loadAverage, long seconds) {
		line("Load average at the end (1, 5, 15 min): " + loadAverage + ". Run time: " + seconds / 60 + " min "
				+ seconds % 60 + " s.");
	}

	String toMarkdown() {
		return this.markdown.toString();
	}

	private static String method(RunResult result) {
		String benchmark = result.getParams().getBenchmark();
		return benchmark.substring(benchmark.lastIndexOf('.') + 1);
	}

	private static String format(double value, int decimals) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		return String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}

	private void line(String text) {
		this.markdown.append(text).append('\n');
	}

}
