package io.github.mysqlpool.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Which point benchmarks a run measures: every operation, variant and thread count of the
 * profile unless narrowed on the command line, for example to reproduce one row with more
 * rounds: {@code full --only=point --operations=read --threads=4
 * --variants=starter-replica-1 --rounds=7}. A variant's bare baseline always runs with
 * it, so that its ratio can be computed.
 *
 * @param operations the operations to measure
 * @param variants the variants asked for
 * @param threads the thread counts
 * @param rounds the number of rounds
 * @param warmupTime length of a variant's warm-up before it is measured
 * @param iterationTime length of a variant's measurement
 * @author mysql-pool team
 */
record PointSelection(List<Operation> operations, Set<Variant> variants, int[] threads, int rounds,
		TimeValue warmupTime, TimeValue iterationTime) {

	private static final List<String> OPTIONS = List.of("--operations=", "--variants=", "--threads=", "--rounds=",
			"--warmup=", "--measure=");

	/**
	 * The profile's selection narrowed by {@code --operations=}, {@code --variants=},
	 * {@code --threads=} and {@code --rounds=} arguments, with the warm-up and
	 * measurement times given by {@code --warmup=} and {@code --measure=} (JMH's
	 * notation: {@code 5s}).
	 * @param profile the profile
	 * @param args the command-line arguments after the profile's name
	 * @return the selection
	 */
	static PointSelection of(Profile profile, List<String> args) {
		List<Operation> operations = List.of(Operation.values());
		Set<Variant> variants = new LinkedHashSet<>(Arrays.asList(Variant.values()));
		int[] threads = profile.threads();
		int rounds = profile.rounds();
		TimeValue warmupTime = profile.warmupTime();
		TimeValue iterationTime = profile.iterationTime();
		for (String arg : args) {
			String value = arg.substring(arg.indexOf('=') + 1);
			if (arg.startsWith("--operations=")) {
				operations = split(value).stream().map(Operation::of).toList();
			}
			else if (arg.startsWith("--variants=")) {
				variants = new LinkedHashSet<>(split(value).stream().map(Variant::of).toList());
			}
			else if (arg.startsWith("--threads=")) {
				threads = split(value).stream().mapToInt(Integer::parseInt).toArray();
			}
			else if (arg.startsWith("--rounds=")) {
				rounds = Integer.parseInt(value);
			}
			else if (arg.startsWith("--warmup=")) {
				warmupTime = TimeValue.fromString(value);
			}
			else if (arg.startsWith("--measure=")) {
				iterationTime = TimeValue.fromString(value);
			}
		}
		return new PointSelection(operations, variants, threads, rounds, warmupTime, iterationTime);
	}

	/**
	 * Whether an argument is one of the options read here.
	 * @param arg the command-line argument
	 * @return {@code true} for an option of the point benchmarks
	 */
	static boolean isOption(String arg) {
		return OPTIONS.stream().anyMatch(arg::startsWith);
	}

	/**
	 * The selected variants that the operation compares, in the operation's order.
	 * @param operation the operation
	 * @return its variants in this selection
	 */
	List<Variant> variants(Operation operation) {
		Set<Variant> wanted = new LinkedHashSet<>();
		for (Variant variant : this.variants) {
			if (operation.variants().contains(variant)) {
				wanted.add(variant);
				wanted.add(operation.baseline(variant));
			}
		}
		List<Variant> selected = new ArrayList<>(operation.variants());
		selected.retainAll(wanted);
		return selected;
	}

	private static List<String> split(String value) {
		return Arrays.stream(value.split(",")).map(String::trim).filter((part) -> !part.isEmpty()).toList();
	}

}
