package io.github.mysqlpool.retry.internal;

import java.util.Locale;

/**
 * How one attempt of a retried method ended, as counted by {@link RetryMetrics}.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
enum AttemptOutcome {

	/**
	 * The attempt succeeded.
	 */
	SUCCESS,

	/**
	 * The attempt failed and another one followed.
	 */
	RETRIED,

	/**
	 * The attempt failed transiently but the attempts or the time ran out.
	 */
	EXHAUSTED,

	/**
	 * The attempt failed and was not repeated: a permanent failure, or a write that was
	 * not safe to repeat.
	 */
	NOT_RETRIED,

	/**
	 * The connection was lost while a write or COMMIT was in flight.
	 */
	OUTCOME_UNKNOWN,

	/**
	 * The primary's circuit breaker was open: the attempt did not call the primary.
	 */
	REJECTED;

	private final String tag = name().toLowerCase(Locale.ROOT).replace('_', '-');

	/**
	 * Lower-case name for metric tags, such as {@code not-retried}.
	 * @return the tag value
	 */
	public String tag() {
		return this.tag;
	}

}
