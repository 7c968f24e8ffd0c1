package io.github.mysqlpool.retry;

import java.time.Duration;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.retry.RetryPolicy;

/**
 * Attempts and exponential back-off with jitter of a retried method: the
 * {@code mysql-pool.retry.*} defaults, or those with a {@link RetryableTransaction}'s
 * overrides applied.
 *
 * @param maxAttempts maximum number of attempts, the first one included
 * @param delay back-off before the second attempt
 * @param multiplier factor applied to the back-off after each attempt
 * @param maxDelay upper bound of one back-off
 * @param jitter random variation of the back-off, scaled like it
 * @param maxElapsedTime time after which no further attempt starts
 * @author mysql-pool team
 * @since 0.1.0
 */
public record RetrySettings(int maxAttempts, Duration delay, double multiplier, Duration maxDelay, Duration jitter,
		Duration maxElapsedTime) {

	/**
	 * Apply the overrides of an annotation.
	 * @param annotation the method's or class's annotation, or {@code null}
	 * @return the settings for that method
	 * @throws IllegalStateException when an override is invalid
	 */
	public RetrySettings withOverrides(@Nullable RetryableTransaction annotation) {
		if (annotation == null) {
			return this;
		}
		return new RetrySettings((annotation.maxAttempts() != -1) ? annotation.maxAttempts() : this.maxAttempts,
				duration(annotation.delay(), this.delay, "delay"),
				(annotation.multiplier() != -1) ? annotation.multiplier() : this.multiplier,
				duration(annotation.maxDelay(), this.maxDelay, "maxDelay"),
				duration(annotation.jitter(), this.jitter, "jitter"),
				duration(annotation.maxElapsedTime(), this.maxElapsedTime, "maxElapsedTime"))
			.validated();
	}

	/**
	 * Check the settings.
	 * @return these settings
	 * @throws IllegalStateException naming the first invalid setting
	 */
	public RetrySettings validated() {
		String problem = problem();
		if (problem != null) {
			throw new IllegalStateException("Invalid retry settings " + this + ": " + problem);
		}
		return this;
	}

	/**
	 * Describe what is wrong with the settings.
	 * @return the problem, or {@code null} when they are valid
	 */
	public @Nullable String problem() {
		if (this.maxAttempts < 1) {
			return "max-attempts must be at least 1";
		}
		if (this.delay.compareTo(Duration.ofMillis(1)) < 0) {
			return "delay must be at least 1ms";
		}
		if (this.multiplier < 1) {
			return "multiplier must be at least 1";
		}
		if (this.maxDelay.compareTo(this.delay) < 0) {
			return "max-delay must not be below delay";
		}
		if (this.jitter.isNegative()) {
			return "jitter must not be negative";
		}
		if (this.maxElapsedTime.isNegative() || this.maxElapsedTime.isZero()) {
			return "max-elapsed-time must be positive";
		}
		return null;
	}

	/**
	 * Build Spring's retry policy for the attempts after the first.
	 * @param retryable which failures to retry
	 * @param timeout what is left of the maximum elapsed time for further attempts,
	 * back-offs included
	 * @return the policy
	 */
	RetryPolicy toRetryPolicy(Predicate<Throwable> retryable, Duration timeout) {
		return RetryPolicy.builder()
			.maxRetries(this.maxAttempts - 1L)
			.delay(this.delay)
			.multiplier(this.multiplier)
			.maxDelay(this.maxDelay)
			.jitter(this.jitter)
			.timeout(timeout)
			.predicate(retryable)
			.build();
	}

	private static Duration duration(String value, Duration fallback, String attribute) {
		if (value.isEmpty()) {
			return fallback;
		}
		try {
			return DurationStyle.detectAndParse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid @RetryableTransaction(" + attribute + " = \"" + value
					+ "\"): use a duration such as 100ms or 2s", ex);
		}
	}

}
