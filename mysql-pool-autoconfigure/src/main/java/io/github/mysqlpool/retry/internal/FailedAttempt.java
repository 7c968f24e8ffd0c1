package io.github.mysqlpool.retry.internal;

import org.springframework.core.retry.RetryTemplate;

/**
 * Carries the {@link RetryDecision} on a failed attempt through the {@link RetryTemplate}
 * to its retry policy. Its cause is what the caller gets when no further attempt follows;
 * it has no stack trace of its own.
 *
 * @author mysql-pool team
 */
final class FailedAttempt extends RuntimeException {

	private final transient RetryDecision decision;

	FailedAttempt(RetryDecision decision) {
		super(null, decision.toThrow(), false, false);
		this.decision = decision;
	}

	RetryDecision decision() {
		return this.decision;
	}

	/**
	 * The retry policy's test: whether the failure may be repeated.
	 * @param throwable what the attempt threw
	 * @return {@code true} to make another attempt
	 */
	static boolean shouldRetry(Throwable throwable) {
		return throwable instanceof FailedAttempt failed && failed.decision.retry();
	}

}
