package io.github.mysqlpool.retry.internal;

import java.util.concurrent.TimeUnit;

import io.github.mysqlpool.internal.EventLog;
import io.github.mysqlpool.retry.FailureCategory;
import io.github.mysqlpool.retry.MySqlFailure;
import io.github.mysqlpool.retry.internal.RetriedMethods.RetriedMethod;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What the retry logs, under the {@link RetryInterceptor}'s name (the README shows these
 * lines): a warning with structured fields before each repeated attempt and when a call
 * gives up or its outcome is unknown, advice when a write is not repeated, and the waits
 * for a writer. Called only after an attempt failed.
 *
 * @author mysql-pool team
 */
final class RetryLog {

	private static final Log logger = LogFactory.getLog(RetryInterceptor.class);

	private static final EventLog eventLog = EventLog.of(RetryInterceptor.class);

	private RetryLog() {
	}

	static void retrying(RetriedMethod method, int attempt, MySqlFailure failure) {
		if (eventLog.isWarnEnabled()) {
			eventLog.warn("Retrying " + method.name() + " after attempt " + attempt + " of "
					+ method.settings().maxAttempts() + " failed: " + failure.describe(),
					fields("retry", method, attempt, failure));
		}
	}

	static void gaveUp(RetriedMethod method, int attempt, AttemptOutcome outcome, MySqlFailure failure) {
		if (outcome == AttemptOutcome.EXHAUSTED && eventLog.isWarnEnabled()) {
			eventLog.warn(
					"Giving up " + method.name() + " after " + attempt + " attempt(s) within "
							+ method.settings().maxElapsedTime().toMillis() + " ms: " + failure.describe(),
					fields("retries-exhausted", method, attempt, failure));
		}
		else if (outcome == AttemptOutcome.OUTCOME_UNKNOWN && eventLog.isWarnEnabled()) {
			eventLog.warn("Not retrying " + method.name() + ": outcome unknown after " + failure.describe(),
					fields("outcome-unknown", method, attempt, failure));
		}
		else if (failure.category() == FailureCategory.TRANSIENT && logger.isWarnEnabled()) {
			logger.warn("Not retrying " + method.name() + " after " + failure.describe()
					+ ": it is a write that did not begin a transaction of its own or already committed part "
					+ "of its work (a read whose attempt began a read-write transaction counts as a write); "
					+ "mark it @RetryableTransaction(idempotent = true) if repeating it is harmless");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Not retrying " + method.name() + ": " + failure.describe() + " is " + failure.category());
		}
	}

	static void waitingForWriter(RetriedMethod method, long pauseNanos) {
		if (logger.isDebugEnabled()) {
			logger.debug("No server takes writes: " + method.name() + " waits "
					+ TimeUnit.NANOSECONDS.toMillis(pauseNanos) + " ms for one, without using up an attempt");
		}
	}

	private static Object[] fields(String event, RetriedMethod method, int attempt, MySqlFailure failure) {
		return new Object[] { "mysqlpool.event", event, "mysqlpool.retry.method", method.name(),
				"mysqlpool.retry.attempt", attempt, "mysqlpool.retry.max_attempts", method.settings().maxAttempts(),
				"mysqlpool.retry.category", failure.category(), "mysqlpool.retry.reason", failure.reason(),
				"mysqlpool.error_code", failure.errorCode(), "mysqlpool.sql_state", failure.sqlState() };
	}

}
