package io.github.mysqlpool.retry;

import org.jspecify.annotations.Nullable;

/**
 * A failed attempt as classified by a {@link MySqlErrorClassifier}.
 *
 * @param category whether the attempt may be repeated
 * @param reason why it failed
 * @param errorCode the MySQL error code of the failure, 0 when there is none
 * @param sqlState the SQLState of the failure, or {@code null}
 * @author mysql-pool team
 * @since 0.1.0
 */
public record MySqlFailure(FailureCategory category, FailureReason reason, int errorCode, @Nullable String sqlState) {

	/**
	 * Describe the failure for a log line: the reason, error code and SQLState, never the
	 * message, which can hold SQL text and parameter values.
	 * @return the description
	 */
	public String describe() {
		return this.reason.tag() + " (MySQL error " + this.errorCode + ", SQLState " + this.sqlState + ")";
	}

}
