package io.github.mysqlpool.reliability;

import io.github.mysqlpool.retry.DefaultMySqlErrorClassifier;
import io.github.mysqlpool.retry.FailureReason;
import io.github.mysqlpool.retry.MySqlFailure;
import io.github.mysqlpool.retry.MySqlOutcomeUnknownException;
import io.github.mysqlpool.retry.WorkPhase;

/**
 * Names a failure seen by a caller for the report: its class and, where the starter's
 * classifier recognizes it, the MySQL reason, such as
 * {@code CannotGetJdbcConnectionException (no connection)}.
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
		return (classified.reason() != FailureReason.OTHER) ? name + " (" + classified.reason().tag() + ")" : name;
	}

}
