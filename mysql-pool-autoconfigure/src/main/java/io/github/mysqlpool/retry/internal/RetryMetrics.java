package io.github.mysqlpool.retry.internal;

import io.github.mysqlpool.retry.FailureReason;
import org.jspecify.annotations.Nullable;

/**
 * Counts the attempts of retried methods by outcome and reason.
 *
 * @author mysql-pool team
 * @since 0.1.0
 * @see MicrometerRetryMetrics
 */
@FunctionalInterface
public interface RetryMetrics {

	/**
	 * Metrics that record nothing, used when Micrometer is absent.
	 */
	RetryMetrics NONE = (outcome, reason) -> {
	};

	/**
	 * Count one attempt.
	 * @param outcome how it ended
	 * @param reason why it failed, or {@code null} when it succeeded
	 */
	void record(AttemptOutcome outcome, @Nullable FailureReason reason);

}
