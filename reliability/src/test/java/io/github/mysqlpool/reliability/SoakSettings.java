package io.github.mysqlpool.reliability;

import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.convert.DurationStyle;

/**
 * What a soak run does, from system properties so that Maven can pass them:
 * {@code -Dsoak.duration=10m -Dsoak.threads=8 -Dsoak.seed=42}.
 *
 * @param duration how long the workload runs; the first round of faults, one of each
 * type, always completes even when it takes longer
 * @param threads number of worker threads
 * @param seed seed of the fault schedule and of each worker's choice of operations
 * @param thinkTime pause of a worker between two operations
 * @param writeRatio share of operations that are writes, the rest being reads
 * @author mysql-pool team
 */
record SoakSettings(Duration duration, int threads, long seed, Duration thinkTime, double writeRatio) {

	static final Duration DEFAULT_DURATION = Duration.ofMinutes(3);

	static final int DEFAULT_THREADS = 8;

	SoakSettings {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("soak.duration must be positive, such as 3m");
		}
		if (threads < 1) {
			throw new IllegalArgumentException("soak.threads must be 1 or more");
		}
		if (thinkTime.isNegative()) {
			throw new IllegalArgumentException("soak.think-time must not be negative");
		}
		if (writeRatio < 0 || writeRatio > 1) {
			throw new IllegalArgumentException("soak.write-ratio must be between 0 and 1");
		}
	}

	/**
	 * Read the settings from system properties; without {@code soak.seed} the seed is
	 * drawn from the clock and printed, so that any run can be repeated.
	 * @return the settings
	 */
	static SoakSettings fromSystemProperties() {
		String seed = System.getProperty("soak.seed", "").trim();
		return new SoakSettings(duration("soak.duration", DEFAULT_DURATION),
				Integer.parseInt(System.getProperty("soak.threads", Integer.toString(DEFAULT_THREADS)).trim()),
				seed.isEmpty() ? System.currentTimeMillis() : Long.parseLong(seed),
				duration("soak.think-time", Duration.ofMillis(20)),
				Double.parseDouble(System.getProperty("soak.write-ratio", "0.25").trim()));
	}

	private static Duration duration(String property, Duration defaultValue) {
		String value = System.getProperty(property, "").trim();
		return value.isEmpty() ? defaultValue : DurationStyle.detectAndParse(value);
	}

	String describe() {
		return String.format(Locale.ROOT, "duration %s, %d threads, seed %d, think time %d ms, %.0f%% writes",
				format(this.duration), this.threads, this.seed, this.thinkTime.toMillis(), this.writeRatio * 100);
	}

	static String format(Duration duration) {
		long seconds = duration.toSeconds();
		return (seconds % 60 == 0 && seconds > 0) ? (seconds / 60) + "m" : seconds + "s";
	}

}
