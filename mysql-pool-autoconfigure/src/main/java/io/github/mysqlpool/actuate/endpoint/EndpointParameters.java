package io.github.mysqlpool.actuate.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.github.mysqlpool.monitor.check.internal.PoolCheck;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.convert.DurationStyle;

/**
 * Reads and checks the endpoint's parameters: a bad one is answered with a 400 that names
 * the parameter and what is wrong with it.
 *
 * @author mysql-pool team
 */
final class EndpointParameters {

	/**
	 * Longest duration {@code since} accepts: far beyond any retention, yet subtracted
	 * from now without leaving the instants Java can hold.
	 */
	private static final Duration MAX_SINCE = Duration.ofDays(36500);

	private static final Duration DEFAULT_TEST_DURATION = Duration.ofSeconds(5);

	private static final int DEFAULT_TEST_CONCURRENCY = 2;

	private final MySqlPools pools;

	private final Clock clock;

	EndpointParameters(MySqlPools pools, Clock clock) {
		this.pools = pools;
		this.clock = clock;
	}

	/**
	 * The pools {@code pool} names.
	 * @param name a pool's name, {@code null} for every pool
	 * @return the pools
	 */
	List<MySqlPool> selectedPools(@Nullable String name) {
		if (name == null) {
			return this.pools.getAll();
		}
		MySqlPool pool = this.pools.get(name);
		if (pool == null) {
			throw new InvalidEndpointRequestException("No pool named '" + name + "'", "Unknown pool");
		}
		return List.of(pool);
	}

	/**
	 * The instant {@code since} names: an ISO-8601 instant not in the future, or a
	 * positive duration back from now that stays within the instants Java can hold.
	 */
	@Nullable Instant since(@Nullable String since) {
		if (since == null || since.isBlank()) {
			return null;
		}
		Instant now = this.clock.instant();
		Instant from;
		try {
			from = Instant.parse(since);
		}
		catch (DateTimeParseException ex) {
			from = now.minus(sinceDuration(since));
		}
		if (from.isAfter(now)) {
			throw invalidSince("must not be in the future");
		}
		return from;
	}

	private static Duration sinceDuration(String since) {
		Duration duration;
		try {
			duration = DurationStyle.detectAndParse(since);
		}
		catch (IllegalArgumentException | ArithmeticException ex) {
			throw invalidSince("must be an ISO-8601 instant or a duration such as 5m");
		}
		if (duration.isNegative()) {
			throw invalidSince("must not be negative");
		}
		if (duration.compareTo(MAX_SINCE) > 0) {
			throw invalidSince("must not reach back more than " + MAX_SINCE.toDays() + " days");
		}
		return duration;
	}

	private static InvalidEndpointRequestException invalidSince(String problem) {
		return new InvalidEndpointRequestException("Parameter 'since' " + problem, "Invalid since");
	}

	/**
	 * How long a test runs: seconds when no unit is given, at most
	 * {@link PoolCheck#MAX_DURATION}.
	 */
	static Duration testDuration(@Nullable String duration) {
		if (duration == null || duration.isBlank()) {
			return DEFAULT_TEST_DURATION;
		}
		Duration parsed;
		try {
			parsed = DurationStyle.detectAndParse(duration.strip(), ChronoUnit.SECONDS);
		}
		catch (IllegalArgumentException | ArithmeticException ex) {
			throw invalidDuration("must be a duration such as 5s");
		}
		if (parsed.isNegative() || parsed.isZero()) {
			throw invalidDuration("must be positive");
		}
		if (parsed.compareTo(PoolCheck.MAX_DURATION) > 0) {
			throw invalidDuration("must be at most " + PoolCheck.MAX_DURATION.toSeconds() + "s");
		}
		return parsed;
	}

	private static InvalidEndpointRequestException invalidDuration(String problem) {
		return new InvalidEndpointRequestException("Parameter 'duration' " + problem, "Invalid duration");
	}

	/**
	 * Threads per pool a test uses, at most {@link PoolCheck#MAX_CONCURRENCY}.
	 */
	static int testConcurrency(@Nullable Integer concurrency) {
		int threads = (concurrency != null) ? concurrency : DEFAULT_TEST_CONCURRENCY;
		if (threads < 1 || threads > PoolCheck.MAX_CONCURRENCY) {
			throw new InvalidEndpointRequestException(
					"Parameter 'concurrency' must be 1 to " + PoolCheck.MAX_CONCURRENCY, "Invalid concurrency");
		}
		return threads;
	}

	static void rejectTestParameters(@Nullable String duration, @Nullable Integer concurrency) {
		if (duration != null || concurrency != null) {
			throw new InvalidEndpointRequestException("Parameters 'duration' and 'concurrency' apply to test only",
					"Unexpected parameter");
		}
	}

	static String requiredPool(@Nullable String pool) {
		if (pool == null || pool.isBlank()) {
			throw new InvalidEndpointRequestException("Parameter 'pool' is required: evict one pool at a time",
					"Missing pool");
		}
		return pool;
	}

	static <T> T requireMonitor(@Nullable T component) {
		if (component == null) {
			throw new InvalidEndpointRequestException(
					"The pool monitor is off: set mysql-pool.monitor.enabled=true (and mysql-pool.alerts.enabled=true "
							+ "for alerts)",
					"Monitor disabled");
		}
		return component;
	}

	static InvalidEndpointRequestException unknownWriteSection(String section) {
		return new InvalidEndpointRequestException(
				"Unknown section '" + section + "' to write: use optimize, test or evict", "Unknown section");
	}

	static InvalidEndpointRequestException unknownSection(String section) {
		return new InvalidEndpointRequestException("Unknown section '" + section + "': use history, optimize or alerts",
				"Unknown section");
	}

}
