package io.github.mysqlpool.retry;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Classifies failures by the MySQL (and MariaDB) error code and SQLState of the first
 * {@link SQLException} in the cause chain, looking through Spring's
 * {@code DataAccessException} wrappers. A failure to obtain a connection (HikariCP's
 * timeout, Spring's {@link CannotGetJdbcConnectionException} and
 * {@link CannotCreateTransactionException}) never reached the server.
 * <p>
 * Spring attaches the failure of the work to the {@link TransactionSystemException} of a
 * rollback that failed after it, and also to that of a COMMIT that failed after the work
 * threw an exception that does not roll back (a checked exception,
 * {@code noRollbackFor}). Before COMMIT the attached failure of the work decides; in the
 * {@link WorkPhase#COMMIT COMMIT} phase the commit failure does, so that a lost COMMIT is
 * never taken for the application's failure.
 * <p>
 * Extend it and override {@link #reasonOf(int, String)} to map further error codes.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class DefaultMySqlErrorClassifier implements MySqlErrorClassifier {

	private static final int MAX_CAUSE_DEPTH = 32;

	private static final int OPTION_PREVENTS_STATEMENT = 1290;

	/**
	 * HikariCP closes a connection that failed with a connection error and answers any
	 * further use, such as Spring's rollback, with this message and no SQLState.
	 */
	private static final String CLOSED_CONNECTION_MESSAGE = "Connection is closed";

	@Override
	public MySqlFailure classify(Throwable failure, WorkPhase phase) {
		Throwable subject = (phase != WorkPhase.COMMIT) ? applicationFailure(failure) : failure;
		SQLException sqlException = findSqlException(subject);
		int errorCode = (sqlException != null) ? sqlException.getErrorCode() : 0;
		String sqlState = (sqlException != null) ? sqlException.getSQLState() : null;
		FailureReason reason = (sqlException != null) ? reasonOf(errorCode, sqlState) : FailureReason.OTHER;
		if (reason == FailureReason.READ_ONLY_SERVER && errorCode == OPTION_PREVENTS_STATEMENT
				&& !namesReadOnlyOption(sqlException)) {
			reason = FailureReason.OTHER;
		}
		if (reason == FailureReason.OTHER && sqlException != null && isClosedByPool(sqlException)) {
			reason = FailureReason.CONNECTION_LOST;
		}
		if (isConnectionNotObtained(subject)
				&& (reason == FailureReason.CONNECTION_LOST || reason == FailureReason.OTHER)) {
			reason = FailureReason.CONNECTION_NOT_OBTAINED;
		}
		return new MySqlFailure(categoryOf(reason, phase), reason, errorCode, sqlState);
	}

	/**
	 * Map an error code and SQLState to a reason.
	 * @param errorCode the vendor error code, 0 when the driver gave none
	 * @param sqlState the SQLState, or {@code null}
	 * @return the reason
	 */
	protected FailureReason reasonOf(int errorCode, @Nullable String sqlState) {
		switch (errorCode) {
			case 1213:
				return FailureReason.DEADLOCK;
			case 1205:
				return FailureReason.LOCK_WAIT_TIMEOUT;
			case 1040:
				return FailureReason.TOO_MANY_CONNECTIONS;
			case 1053:
				return FailureReason.SERVER_SHUTDOWN;
			case 1290, 1836:
				return FailureReason.READ_ONLY_SERVER;
			case 1927, 3169:
				return FailureReason.CONNECTION_KILLED;
			case 2006, 2013, 2055, 4031:
				return FailureReason.CONNECTION_LOST;
			case 2002, 2003:
				return FailureReason.CONNECTION_NOT_OBTAINED;
			case 1062, 1022, 1586:
				return FailureReason.DUPLICATE_KEY;
			case 1064, 1149:
				return FailureReason.SYNTAX_ERROR;
			case 1044, 1045, 1142, 1143, 1227, 1370:
				return FailureReason.ACCESS_DENIED;
			case 1048, 1216, 1217, 1364, 1451, 1452, 3819, 4025:
				return FailureReason.CONSTRAINT_VIOLATION;
			case 1264, 1265, 1292, 1366, 1367, 1406, 1416:
				return FailureReason.DATA_ERROR;
			default:
				return reasonOf(sqlState);
		}
	}

	/**
	 * Error 1290 names the option that refused the statement ("running with the
	 * --super-read-only option"): only --read-only and --super-read-only mean a server
	 * that takes no writes, not --secure-file-priv. The option's name is not translated
	 * with the rest of the message; a message naming no option is taken as read-only.
	 */
	private static boolean namesReadOnlyOption(@Nullable SQLException sqlException) {
		String message = (sqlException != null) ? sqlException.getMessage() : null;
		int option = (message != null) ? message.indexOf("--") : -1;
		if (option < 0) {
			return true;
		}
		int end = message.indexOf(' ', option);
		String name = message.substring(option, (end > 0) ? end : message.length());
		return name.contains("read-only") || name.contains("read_only");
	}

	private static boolean isClosedByPool(SQLException sqlException) {
		return sqlException.getSQLState() == null && CLOSED_CONNECTION_MESSAGE.equals(sqlException.getMessage());
	}

	private static FailureReason reasonOf(@Nullable String sqlState) {
		if (sqlState == null || sqlState.length() < 2) {
			return FailureReason.OTHER;
		}
		if (sqlState.equals("08001") || sqlState.equals("08004")) {
			return FailureReason.CONNECTION_NOT_OBTAINED;
		}
		if (sqlState.equals("40001")) {
			return FailureReason.DEADLOCK;
		}
		return switch (sqlState.substring(0, 2)) {
			case "08" -> FailureReason.CONNECTION_LOST;
			case "23" -> FailureReason.CONSTRAINT_VIOLATION;
			case "22" -> FailureReason.DATA_ERROR;
			case "42" -> FailureReason.SYNTAX_ERROR;
			case "28" -> FailureReason.ACCESS_DENIED;
			default -> FailureReason.OTHER;
		};
	}

	/**
	 * Decide the category of a reason given what the attempt was doing.
	 * @param reason why the attempt failed
	 * @param phase what it was doing
	 * @return the category
	 */
	protected FailureCategory categoryOf(FailureReason reason, WorkPhase phase) {
		if (!reason.isTransient()) {
			return FailureCategory.PERMANENT;
		}
		return switch (phase) {
			// A read-only route refuses writes by design: repeating one will not help
			case READ ->
				(reason != FailureReason.READ_ONLY_SERVER) ? FailureCategory.TRANSIENT : FailureCategory.PERMANENT;
			case TRANSACTION -> FailureCategory.TRANSIENT;
			case COMMIT, AUTOCOMMIT_WRITE ->
				endsSession(reason) ? FailureCategory.OUTCOME_UNKNOWN : FailureCategory.TRANSIENT;
		};
	}

	/**
	 * Whether the reason means the session ended with a statement in flight, so that
	 * whether the statement took effect cannot be known.
	 */
	private static boolean endsSession(FailureReason reason) {
		return reason == FailureReason.CONNECTION_LOST || reason == FailureReason.CONNECTION_KILLED
				|| reason == FailureReason.SERVER_SHUTDOWN;
	}

	/**
	 * The failure of the work itself when a failed rollback replaced it: Spring keeps it
	 * as the application exception of the rollback's {@link TransactionSystemException}.
	 */
	private static Throwable applicationFailure(Throwable failure) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
			Throwable applicationFailure = (current instanceof TransactionSystemException transactionFailure)
					? transactionFailure.getApplicationException() : null;
			if (applicationFailure != null) {
				return applicationFailure;
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return failure;
	}

	/**
	 * The first SQLException in the cause chain (and its next exceptions) that carries an
	 * error code or SQLState.
	 */
	private static @Nullable SQLException findSqlException(Throwable failure) {
		SQLException first = null;
		Throwable current = failure;
		for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
			if (current instanceof SQLException sqlException) {
				if (sqlException.getErrorCode() != 0 || sqlException.getSQLState() != null) {
					return sqlException;
				}
				SQLException next = sqlException.getNextException();
				if (next != null && (next.getErrorCode() != 0 || next.getSQLState() != null)) {
					return next;
				}
				if (first == null) {
					first = sqlException;
				}
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return first;
	}

	private static boolean isConnectionNotObtained(Throwable failure) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
			if (current instanceof CannotGetJdbcConnectionException
					|| current instanceof CannotCreateTransactionException
					// HikariCP's "Connection is not available, request timed out"
					|| current instanceof SQLTransientConnectionException) {
				return true;
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return false;
	}

}
