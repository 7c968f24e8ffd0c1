package io.github.mysqlpool.retry.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.github.mysqlpool.retry.FailureReason;
import org.jspecify.annotations.Nullable;

/**
 * Attempts of retried methods by outcome and reason since start-up, kept in memory for
 * the Actuator endpoint and its history whether or not Micrometer is present.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class RetryStatistics {

	private static final AttemptOutcome[] OUTCOMES = AttemptOutcome.values();

	private static final FailureReason[] REASONS = FailureReason.values();

	private final LongAdder[] counts = new LongAdder[OUTCOMES.length * (REASONS.length + 1)];

	/**
	 * Create empty statistics.
	 */
	public RetryStatistics() {
		for (int i = 0; i < this.counts.length; i++) {
			this.counts[i] = new LongAdder();
		}
	}

	/**
	 * Metrics that count here, then in the given metrics.
	 * @param delegate the metrics to forward to
	 * @return the counting metrics
	 */
	public RetryMetrics counting(RetryMetrics delegate) {
		return (outcome, reason) -> {
			record(outcome, reason);
			delegate.record(outcome, reason);
		};
	}

	void record(AttemptOutcome outcome, @Nullable FailureReason reason) {
		this.counts[outcome.ordinal() * (REASONS.length + 1) + ((reason != null) ? reason.ordinal() + 1 : 0)]
			.increment();
	}

	/**
	 * Failed attempts by outcome ({@code retried}, {@code exhausted}...), then by reason
	 * ({@code deadlock}, {@code connection-lost}...); outcomes and reasons not seen are
	 * left out.
	 * @return the counts
	 */
	public Map<String, Map<String, Long>> failures() {
		Map<String, Map<String, Long>> result = new LinkedHashMap<>();
		for (AttemptOutcome outcome : OUTCOMES) {
			if (outcome == AttemptOutcome.SUCCESS) {
				continue;
			}
			for (int reason = 0; reason <= REASONS.length; reason++) {
				long count = this.counts[outcome.ordinal() * (REASONS.length + 1) + reason].sum();
				if (count > 0) {
					result.computeIfAbsent(outcome.tag(), (key) -> new LinkedHashMap<>())
						.put((reason > 0) ? REASONS[reason - 1].tag() : "none", count);
				}
			}
		}
		return result;
	}

}
