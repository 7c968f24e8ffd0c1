package io.github.mysqlpool.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark of one profile and writes the results table:
 * {@code BenchmarkMain smoke|full [--only=audit,borrow,point,slow,startup,monitor]}, the
 * point benchmarks narrowed as {@link PointSelection} says, and the starter variants
 * given extra properties with {@code --starter-property=name=value} (to measure what a
 * feature costs). The JMH results are kept as JSON next to the Markdown report in
 * {@code target/benchmark-results}.
 *
 * @author mysql-pool team
 */
public final class BenchmarkMain {

	private static final List<String> PARTS = List.of("audit", "monitor", "borrow", "point", "slow", "startup");

	/**
	 * Thread counts of the slow-replica benchmark: one, where only a latency measure can
	 * tell the replicas apart, and four, where connections in use can too.
	 */
	private static final int[] SLOW_REPLICA_THREADS = { 1, 4 };

	private static final String[] JVM_ARGS = { "-Xms1g", "-Xmx1g" };

	private final Profile profile;

	private final Path output;

	private final Report report;

	private BenchmarkMain(Profile profile, Path output) {
		this.profile = profile;
		this.output = output;
		this.report = new Report(profile);
	}

	public static void main(String[] args) throws Exception {
		Profile profile = Profile.of((args.length > 0) ? args[0] : "smoke");
		List<String> options = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
		Set<String> parts = Set.copyOf(PARTS);
		for (String option : options) {
			if (option.startsWith("--only=")) {
				parts = Set.of(option.substring("--only=".length()).split(","));
			}
			else if (option.startsWith("--starter-property=")) {
				StarterOperations.addProperty(option.substring("--starter-property=".length()));
			}
			else if (!PointSelection.isOption(option)) {
				throw new IllegalArgumentException("Unknown option " + option + ": see BENCHMARKS.md");
			}
		}
		Path output = Path.of("target", "benchmark-results");
		Files.createDirectories(output);
		new BenchmarkMain(profile, output).run(parts, PointSelection.of(profile, options));
		// Pools and servers may leave non-daemon threads behind
		System.exit(0);
	}

	private void run(Set<String> parts, PointSelection selection) throws Exception {
		long start = System.nanoTime();
		Map<String, String> environment = new LinkedHashMap<>(Environment.describe());
		if (!StarterOperations.extraProperties().isEmpty()) {
			environment.put("Starter properties other than the defaults",
					StarterOperations.extraProperties().toString());
		}
		this.report.environment(environment);
		if (parts.contains("audit")) {
			this.report.audit(StatementAudit.run(BenchmarkDatabase.get(), this.profile.auditOperations()));
		}
		if (parts.contains("monitor")) {
			this.report.monitor(MonitorCost.measure(BenchmarkDatabase.get(), this.profile.monitorWindow()));
		}
		if (parts.contains("point")) {
			List<List<RunResult>> rounds = new ArrayList<>();
			for (int round = 0; round < selection.rounds(); round++) {
				List<RunResult> results = new ArrayList<>();
				for (int threads : selection.threads()) {
					for (Operation operation : selection.operations()) {
						List<Variant> variants = selection.variants(operation);
						if (!variants.isEmpty()) {
							results.addAll(point(operation, variants, threads, round, selection));
						}
					}
				}
				rounds.add(results);
			}
			this.report.point(rounds, selection);
		}
		if (parts.contains("slow")) {
			this.report.slowReplica(slowReplica(selection), SlowReplicaBenchmark.slowShares);
		}
		// The borrow and start-up benchmarks fork JVMs that start their own servers
		BenchmarkDatabase.stop();
		if (parts.contains("borrow")) {
			this.report.borrow(borrow());
		}
		if (parts.contains("startup")) {
			this.report.startup(startup(true), (this.profile.startupWarmIterations() > 0) ? startup(false) : List.of());
		}
		this.report.finish(Environment.loadAverage(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
		Path markdown = this.output.resolve(this.profile.name() + ".md");
		Files.writeString(markdown, this.report.toMarkdown());
		System.out.println();
		System.out.println(this.report.toMarkdown());
		System.out.println("Report written to " + markdown.toAbsolutePath());
		BenchmarkDatabase.stop();
	}

	private Collection<RunResult> borrow() throws Exception {
		ChainedOptionsBuilder options = new OptionsBuilder().include(BorrowBenchmark.class.getName() + "\\.")
			.addProfiler(GCProfiler.class)
			.forks(this.profile.borrowForks())
			.warmupIterations(this.profile.borrowWarmups())
			.warmupTime(this.profile.borrowTime())
			.measurementIterations(this.profile.borrowIterations())
			.measurementTime(this.profile.borrowTime())
			.threads(1);
		return new Runner(finish(options, "borrow")).run();
	}

	/**
	 * One round of one operation: every variant in turn, in this JVM against this JVM's
	 * servers, each in its own application context. Rounds rotate the order.
	 */
	private Collection<RunResult> point(Operation operation, List<Variant> selected, int threads, int round,
			PointSelection selection) throws Exception {
		List<String> variants = new ArrayList<>(selected.stream().map(Variant::id).toList());
		Collections.rotate(variants, -round);
		ChainedOptionsBuilder options = new OptionsBuilder()
			.include(PointOperationsBenchmark.class.getName() + "\\." + operation.method() + "$")
			.param("variant", variants.toArray(String[]::new))
			.addProfiler(GCProfiler.class)
			.forks(0)
			.warmupIterations(this.profile.warmups())
			.warmupTime(selection.warmupTime())
			.measurementIterations(this.profile.iterations())
			.measurementTime(selection.iterationTime())
			.threads(threads);
		return new Runner(finish(options, "point-" + operation.method() + "-" + threads + "-round-" + (round + 1)))
			.run();
	}

	/**
	 * Reads with each selection strategy while one replica is slowed down, in this JVM
	 * against this JVM's servers.
	 */
	private List<RunResult> slowReplica(PointSelection selection) throws Exception {
		List<RunResult> results = new ArrayList<>();
		for (int threads : SLOW_REPLICA_THREADS) {
			ChainedOptionsBuilder options = new OptionsBuilder()
				.include(SlowReplicaBenchmark.class.getName() + "\\.read$")
				.forks(0)
				.warmupIterations(this.profile.warmups())
				.warmupTime(selection.warmupTime())
				.measurementIterations(this.profile.iterations())
				.measurementTime(selection.iterationTime())
				.threads(threads);
			results.addAll(new Runner(finish(options, "slow-replica-" + threads)).run());
		}
		return results;
	}

	private Collection<RunResult> startup(boolean cold) throws Exception {
		ChainedOptionsBuilder options = new OptionsBuilder().include(StartupBenchmark.class.getName() + "\\.");
		if (cold) {
			options.forks(this.profile.startupForks()).warmupIterations(0).measurementIterations(1);
		}
		else {
			options.forks(1).warmupIterations(2).measurementIterations(this.profile.startupWarmIterations());
		}
		return new Runner(finish(options, "startup-" + (cold ? "cold" : "warm"))).run();
	}

	private org.openjdk.jmh.runner.options.Options finish(ChainedOptionsBuilder options, String name) {
		return options.jvmArgsAppend(JVM_ARGS)
			// The smoke run proves that every benchmark runs; a full run reports what did
			// not
			.shouldFailOnError(this.profile == Profile.SMOKE)
			.timeout(TimeValue.minutes(2))
			.resultFormat(ResultFormatType.JSON)
			.result(this.output.resolve(this.profile.name() + "-" + name + ".json").toString())
			.build();
	}

}
