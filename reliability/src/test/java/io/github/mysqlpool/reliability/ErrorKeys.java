package io.github.mysqlpool.reliability;

import io.github.mysqlpool.retry.DefaultMySqlErrorClassifier;
import io.github.mysqlpool.retry.FailureReason;
import io.github.mysqlpool.retry.MySqlFailure;
import io.github.mysqlpool.retry.MySqlOutcomeUnknownException;
import io.github.mysqlpool.retry.WorkPhase;
import io.github.mysqlpool.routing.NoPrimaryException;

/**
 * Names a failure seen by a caller for the report: its class and, where the starter's
 * classifier recognizes it, the MySQL reason, such as
 * {@code CannotGetJdbcConnectionException (no connection)}, and whether it came from a
 * {@link NoPrimaryException} (no writable server at that moment).
 *
 * @author mysql-pool team
 */
final class ErrorKeys {

	private static final DefaultMySqlErrorClassifier classifier = new DefaultMySqlErrorClassifier();

	private ErrorKeys() {
	}

	static String of(Throwable failure) {
		MySqlFailure classified = (failure instanceof MySqlOutcomeUnknownException unknown) ? unknown.getFailure()
				: classifier.classify(failure, WorkPhase.TRANSACTION);
		String name = failure.getClass().getSimpleName();
		String key = (classified.reason() != FailureReason.OTHER) ? name + " (" + classified.reason().tag() + ")"
				: name;
		for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof NoPrimaryException) {
				return key + " <- NoPrimaryException";
			}
		}
		return key;
	}

}
