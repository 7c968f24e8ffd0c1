package io.github.mysqlpool.reliability;

import java.time.Duration;
import java.time.Instant;

/**
 * Time helpers of the suite: wall-clock microseconds, comparable with the servers'
 * {@code NOW(6)} since they run on this host, and sleeping without checked exceptions.
 *
 * @author mysql-pool team
 */
final class Clocks {

	private Clocks() {
	}

	static long wallMicros() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(Math.max(0, duration.toMillis()), (int) (duration.toNanos() % 1_000_000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	static double seconds(long nanos) {
		return nanos / 1e9;
	}

}
