package io.github.mysqlpool.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
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
		results.forEach((result) -> byMethod.put(JmhResults.method(result), result));
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
		borrowRow(byMethod, "routingReadLeastActive", "hikariReplica", 0);
		borrowRow(byMethod, "routingReadLatencyAware", "routingReadLeastActive", 0);
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
				+ " proxy costs any advised bean (a @Transactional one too), the starter's code not included."
				+ " routingReadLeastActive and routingReadLatencyAware read through two routers over the same pools,"
				+ " built alike but for their selection strategy.");
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
		double bytes = JmhResults.allocation(result);
		String added = "";
		String addedBytes = "";
		String target = "";
		String met = "";
		RunResult baseline = (baselineMethod != null) ? byMethod.get(baselineMethod) : null;
		if (baseline != null) {
			double addedNanos = nanos - baseline.getPrimaryResult().getScore();
			double extraBytes = bytes - JmhResults.allocation(baseline);
			added = JmhResults.format(addedNanos, 1);
			addedBytes = JmhResults.format(extraBytes, 1);
			if (targetNanos > 0) {
				target = "≤ " + (int) targetNanos + " ns, 0 B";
				met = (addedNanos <= targetNanos && extraBytes < 1) ? "yes" : "no";
			}
		}
		line("| " + method + " | " + JmhResults.format(nanos, 1) + " | "
				+ JmhResults.format(result.getPrimaryResult().getScoreError(), 1) + " | " + JmhResults.format(bytes, 1)
				+ " | " + ((baselineMethod != null) ? baselineMethod : "") + " | " + added + " | " + addedBytes + " | "
				+ target + " | " + met + " |");
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
			line("| " + threads + " | " + strategy + " | " + JmhResults.format(JmhResults.throughput(result), 0) + " | "
					+ JmhResults.format(result.getPrimaryResult().getStatistics().getPercentile(50), 1) + " | "
					+ JmhResults.format(result.getPrimaryResult().getStatistics().getPercentile(99), 1) + " | "
					+ JmhResults.format(result.getPrimaryResult().getStatistics().getPercentile(99.9), 1) + " | "
					+ ((share != null) ? JmhResults.format(share * 100, 1) + "%" : "–") + " |");
		}
		line("");
	}

	void point(List<List<RunResult>> rounds, PointSelection selection) {
		new PointOperationsSection(this.markdown).write(rounds, selection);
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
				shares.add(JmhResults.format(row.perOperation(node, "Com_select"), 2));
			}
			line("| " + row.variant().id() + " | " + row.operation().method() + " | " + row.threads() + " | "
					+ JmhResults.format(row.perOperation("Questions"), 2) + " | " + commits(row) + " | "
					+ JmhResults.format(row.perOperation("Com_set_option"), 2) + " | " + String.join(" / ", shares)
					+ " |");
		}
		line("");
	}

	/**
	 * Commits per read; none for writes, where the replicas' applier commits too.
	 */
	private static String commits(StatementAudit.Row row) {
		return (row.operation() != Operation.WRITE) ? JmhResults.format(row.perOperation("Com_commit"), 2) : "–";
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
		questions.forEach((node, rate) -> line("| " + node + " | " + JmhResults.format(rate, 2) + " | "
				+ JmhResults.format(selects.getOrDefault(node, 0.0), 2) + " |"));
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
			if (JmhResults.method(result).equals(method) && variant.equals(result.getParams().getParam("variant"))) {
				return result;
			}
		}
		return null;
	}

	private static String median(@Nullable RunResult result) {
		return (result != null) ? JmhResults.format(result.getPrimaryResult().getStatistics().getPercentile(50), 0)
				: "–";
	}

	private static String range(@Nullable RunResult result) {
		if (result == null) {
			return "–";
		}
		Statistics statistics = result.getPrimaryResult().getStatistics();
		return JmhResults.format(statistics.getMin(), 0) + "–" + JmhResults.format(statistics.getMax(), 0);
	}

	void finish(String loadAverage, long seconds) {
		line("Load average at the end (1, 5, 15 min): " + loadAverage + ". Run time: " + seconds / 60 + " min "
				+ seconds % 60 + " s.");
	}

	String toMarkdown() {
		return this.markdown.toString();
	}

	private void line(String text) {
		this.markdown.append(text).append('\n');
	}

}
