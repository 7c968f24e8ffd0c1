package io.github.mysqlpool.benchmarks;

import java.time.Duration;

import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How long and how often each part of a run measures: {@code smoke} proves in a couple of
 * minutes that everything runs, {@code full} is the run that BENCHMARKS.md reports.
 *
 * @param name the profile's name
 * @param rounds rounds of the point benchmarks: each round measures every variant once,
 * in this JVM, so that the variants compared are measured close together in time
 * @param warmups warm-up iterations of the point benchmarks
 * @param warmupTime length of one warm-up iteration
 * @param iterations measured iterations of the point benchmarks
 * @param iterationTime length of one measured iteration
 * @param threads thread counts of the point benchmarks
 * @param borrowForks JMH forks of the borrow benchmark
 * @param borrowWarmups warm-up iterations of the borrow benchmark
 * @param borrowIterations measured iterations of the borrow benchmark
 * @param borrowTime length of one borrow iteration
 * @param startupForks forks of the cold start-up benchmark, one start each
 * @param startupWarmIterations measured starts in one JVM after two warm-up starts (0
 * skips the warm figures)
 * @param auditOperations operations per statement-audit check
 * @param monitorWindow length of each monitor-cost window
 * @author mysql-pool team
 */
record Profile(String name, int rounds, int warmups, TimeValue warmupTime, int iterations, TimeValue iterationTime,
		int[] threads, int borrowForks, int borrowWarmups, int borrowIterations, TimeValue borrowTime, int startupForks,
		int startupWarmIterations, int auditOperations, Duration monitorWindow) {

	static final Profile SMOKE = new Profile("smoke", 1, 0, TimeValue.milliseconds(100), 1, TimeValue.milliseconds(300),
			new int[] { 2 }, 1, 1, 1, TimeValue.milliseconds(300), 0, 0, 40, Duration.ofSeconds(3));

	/**
	 * The full run. Each variant warms up for 5 s: a Spring variant's JVM is still
	 * compiling its freshly started context for a few seconds, and on 2 cores the
	 * compiler threads take CPU from the measurement (with 1 s of warm-up the Spring
	 * variants measured 10 to 20% below their bare twins, with 5 s they did not).
	 */
	static final Profile FULL = new Profile("full", 4, 1, TimeValue.seconds(5), 1, TimeValue.seconds(3),
			new int[] { 1, 4, 16 }, 2, 3, 5, TimeValue.seconds(2), 5, 8, 2000, Duration.ofSeconds(60));

	static Profile of(String name) {
		return switch (name) {
			case "smoke" -> SMOKE;
			case "full" -> FULL;
			default -> throw new IllegalArgumentException("No profile " + name + ": smoke or full");
		};
	}

}
