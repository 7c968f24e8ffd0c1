package io.github.mysqlpool.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Numbers read from JMH's results, and how the report prints them.
 *
 * @author mysql-pool team
 */
final class JmhResults {

	private JmhResults() {
	}

	/**
	 * Return the benchmark method's simple name.
	 * @param result the result
	 * @return the method name
	 */
	static String method(RunResult result) {
		String benchmark = result.getParams().getBenchmark();
		return benchmark.substring(benchmark.lastIndexOf('.') + 1);
	}

	/**
	 * Return the throughput of a closed-loop benchmark: threads / mean latency.
	 * @param result the result, its score in microseconds per operation
	 * @return operations per second
	 */
	static double throughput(RunResult result) {
		double meanMicros = result.getPrimaryResult().getScore();
		return result.getParams().getThreads() * 1_000_000.0 / meanMicros;
	}

	/**
	 * Return the bytes allocated per operation that JMH's gc profiler measured.
	 * @param result the result
	 * @return the bytes, NaN without the profiler
	 */
	static double allocation(RunResult result) {
		for (Map.Entry<String, Result> entry : result.getSecondaryResults().entrySet()) {
			if (entry.getKey().endsWith("gc.alloc.rate.norm")) {
				return entry.getValue().getScore();
			}
		}
		return Double.NaN;
	}

	/**
	 * Return the median of some values.
	 * @param values the values
	 * @return the median, NaN when there are none
	 */
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
	 * Format a number for a table, with grouping separators.
	 * @param value the number
	 * @param decimals the decimals to show
	 * @return the text, {@code n/a} for NaN
	 */
	static String format(double value, int decimals) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		return String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}

}
