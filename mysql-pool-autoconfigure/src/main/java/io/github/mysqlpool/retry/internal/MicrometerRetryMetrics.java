package io.github.mysqlpool.retry.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

import io.github.mysqlpool.retry.FailureReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * {@link RetryMetrics} as the Micrometer counter {@code mysqlpool.retry.attempts}, tagged
 * with {@code outcome} (success, retried, exhausted, not-retried, outcome-unknown,
 * rejected) and {@code reason} (none, deadlock, lock-wait-timeout, connection-lost...).
 * Each counter is registered on first use and then only incremented.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class MicrometerRetryMetrics implements RetryMetrics {

	/**
	 * Name of the counter.
	 */
	public static final String ATTEMPTS = "mysqlpool.retry.attempts";

	private static final FailureReason[] REASONS = FailureReason.values();

	private final MeterRegistry registry;

	private final AtomicReferenceArray<Counter> counters;

	/**
	 * Create the metrics.
	 * @param registry the registry to register the counters with
	 */
	public MicrometerRetryMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.counters = new AtomicReferenceArray<>(AttemptOutcome.values().length * (REASONS.length + 1));
	}

	@Override
	public void record(AttemptOutcome outcome, @Nullable FailureReason reason) {
		int index = outcome.ordinal() * (REASONS.length + 1) + ((reason != null) ? reason.ordinal() + 1 : 0);
		Counter counter = this.counters.get(index);
		if (counter == null) {
			counter = Counter.builder(ATTEMPTS)
				.description("Attempts of methods retried after transient MySQL failures")
				.tag("outcome", outcome.tag())
				.tag("reason", (reason != null) ? reason.tag() : "none")
				.register(this.registry);
			this.counters.set(index, counter);
		}
		counter.increment();
	}

}
