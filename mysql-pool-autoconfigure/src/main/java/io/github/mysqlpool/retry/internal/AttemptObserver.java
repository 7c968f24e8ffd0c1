package io.github.mysqlpool.retry.internal;

import io.github.mysqlpool.retry.FailureReason;
import org.jspecify.annotations.Nullable;

/**
 * Told of each attempt the {@link RetryInterceptor} makes, for tracing. Unset by default.
 *
 * @author mysql-pool team
 * @see ObservationAttemptObserver
 */
interface AttemptObserver {

	/**
	 * Make an attempt, observing it.
	 * @param method the retried method, as {@code Class.method}
	 * @param readOnly whether it is a read
	 * @param attempt the attempt's number, from 1
	 * @param retryReason why the previous attempt failed, {@code null} for the first
	 * @param proceed the attempt
	 * @return what the attempt returned
	 * @throws Throwable what the attempt threw
	 */
	@Nullable Object observe(String method, boolean readOnly, int attempt, @Nullable FailureReason retryReason, Attempt proceed)
			throws Throwable;

	/**
	 * One attempt.
	 */
	@FunctionalInterface
	interface Attempt {

		/**
		 * Make it.
		 * @return what it returned
		 * @throws Throwable what it threw
		 */
		@Nullable Object proceed() throws Throwable;

	}

}
