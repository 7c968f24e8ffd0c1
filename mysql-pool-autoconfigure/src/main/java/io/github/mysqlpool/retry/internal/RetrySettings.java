package io.github.mysqlpool.retry.internal;

import java.time.Duration;
import java.util.function.Predicate;

import io.github.mysqlpool.retry.RetryableTransaction;
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
		Violation violation = violation();
		if (violation != null) {
			throw new IllegalStateException(
					"Invalid retry settings " + this + ": " + violation.setting() + " " + violation.reason());
		}
		return this;
	}

	/**
	 * Find what is wrong with the settings: the one place the retry rules are written,
	 * for {@code mysql-pool.retry.*} and for {@link RetryableTransaction} overrides.
	 * @return the first invalid setting, or {@code null} when they are valid
	 */
	public @Nullable Violation violation() {
		if (this.maxAttempts < 1) {
			return new Violation("max-attempts", this.maxAttempts, "must be at least 1",
					"Set it to 1 (no retry) or more.");
		}
		if (this.delay.compareTo(Duration.ofMillis(1)) < 0) {
			return new Violation("delay", this.delay, "must be at least 1ms", "Set it to a duration such as 50ms.");
		}
		if (this.multiplier < 1) {
			return new Violation("multiplier", this.multiplier, "must be at least 1, a back-off must not shrink",
					"Set it to 1 (constant back-off) or more.");
		}
		if (this.maxDelay.compareTo(this.delay) < 0) {
			return new Violation("max-delay", this.maxDelay, "must not be below delay (" + this.delay + ")",
					"Set it to at least the delay (" + this.delay.toMillis() + "ms).");
		}
		if (this.jitter.isNegative()) {
			return new Violation("jitter", this.jitter, "must not be negative",
					"Set it to 0 or a positive duration such as 25ms.");
		}
		if (this.maxElapsedTime.isNegative() || this.maxElapsedTime.isZero()) {
			return new Violation("max-elapsed-time", this.maxElapsedTime, "must be positive",
					"Set it to a duration such as 10s.");
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

	/**
	 * An invalid retry setting.
	 *
	 * @param setting its name, as in {@code mysql-pool.retry.*}, for example
	 * {@code max-attempts}
	 * @param value its value
	 * @param reason what is wrong with it
	 * @param fix how to fix it
	 */
	public record Violation(String setting, Object value, String reason, String fix) {

	}

}
