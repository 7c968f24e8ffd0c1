package io.github.mysqlpool.retry.internal;

import io.github.mysqlpool.retry.FailureReason;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * {@link AttemptObserver} making each attempt a Micrometer {@link Observation} named
 * {@code mysqlpool.attempt}, the parent of the attempt's borrows. Low-cardinality keys:
 * {@code mysqlpool.route} ({@code read} or {@code write}),
 * {@code mysqlpool.retry.attempt} (the attempt's number, at most {@code max-attempts})
 * and {@code mysqlpool.retry.reason} (why the previous attempt failed, {@code none} for
 * the first). High-cardinality: {@code mysqlpool.method}.
 *
 * @author mysql-pool team
 */
public final class ObservationAttemptObserver implements AttemptObserver {

	/**
	 * Name of the observation (and of its timer).
	 */
	public static final String NAME = "mysqlpool.attempt";

	private final ObservationRegistry registry;

	/**
	 * Create the observer.
	 * @param registry where observations go
	 */
	public ObservationAttemptObserver(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public @Nullable Object observe(String method, boolean readOnly, int attempt, @Nullable FailureReason retryReason,
			Attempt proceed) throws Throwable {
		Observation observation = Observation.createNotStarted(NAME, this.registry)
			.contextualName("mysqlpool attempt " + attempt)
			.lowCardinalityKeyValue("mysqlpool.route", readOnly ? "read" : "write")
			.lowCardinalityKeyValue("mysqlpool.retry.attempt", Integer.toString(attempt))
			.lowCardinalityKeyValue("mysqlpool.retry.reason", (retryReason != null) ? retryReason.tag() : "none")
			.highCardinalityKeyValue("mysqlpool.method", method)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			return proceed.proceed();
		}
		catch (Throwable ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

}
