package io.github.mysqlpool.retry;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DefaultMySqlErrorClassifier}: error codes and SQLStates as MySQL,
 * MariaDB, Connector/J and HikariCP report them, inside Spring's wrappers.
 *
 * @author mysql-pool team
 */
class DefaultMySqlErrorClassifierTests {

	private final DefaultMySqlErrorClassifier classifier = new DefaultMySqlErrorClassifier();

	@Test
	void deadlockAndLockWaitTimeoutAreTransientInEveryPhase() {
		for (WorkPhase phase : WorkPhase.values()) {
			assertThat(classify(new CannotAcquireLockException("x", sql(1213, "40001")), phase))
				.isEqualTo(new MySqlFailure(FailureCategory.TRANSIENT, FailureReason.DEADLOCK, 1213, "40001"));
			assertThat(classify(new CannotAcquireLockException("x", sql(1205, "HY000")), phase).category())
				.isEqualTo(FailureCategory.TRANSIENT);
		}
	}

	@Test
	void refusedWorkIsTransient() {
		assertThat(reason(sql(1040, "08004"))).isEqualTo(FailureReason.TOO_MANY_CONNECTIONS);
		assertThat(reason(sql(1053, "08S01"))).isEqualTo(FailureReason.SERVER_SHUTDOWN);
		assertThat(reason(sql(1290, "HY000"))).isEqualTo(FailureReason.READ_ONLY_SERVER);
		assertThat(reason(sql(1836, "HY000"))).isEqualTo(FailureReason.READ_ONLY_SERVER);
		assertThat(reason(sql(1927, "70100"))).isEqualTo(FailureReason.CONNECTION_KILLED);
		assertThat(classify(sql(1290, "HY000"), WorkPhase.TRANSACTION).category()).isEqualTo(FailureCategory.TRANSIENT);
	}

	@Test
	void writeOnAReadOnlyRouteIsPermanent() {
		assertThat(classify(sql(1290, "HY000"), WorkPhase.READ).category()).isEqualTo(FailureCategory.PERMANENT);
	}

	@Test
	void lostConnectionIsTransientBeforeCommitAndUnknownDuringCommitOrAutocommitWrite() {
		SQLException lost = sql(0, "08S01");
		assertThat(classify(new RecoverableDataAccessException("x", lost), WorkPhase.READ).category())
			.isEqualTo(FailureCategory.TRANSIENT);
		assertThat(classify(new RecoverableDataAccessException("x", lost), WorkPhase.TRANSACTION).category())
			.isEqualTo(FailureCategory.TRANSIENT);
		assertThat(classify(new RecoverableDataAccessException("x", lost), WorkPhase.COMMIT))
			.isEqualTo(new MySqlFailure(FailureCategory.OUTCOME_UNKNOWN, FailureReason.CONNECTION_LOST, 0, "08S01"));
		assertThat(classify(new DataAccessResourceFailureException("x", sql(2013, "HY000")), WorkPhase.AUTOCOMMIT_WRITE)
			.category()).isEqualTo(FailureCategory.OUTCOME_UNKNOWN);
		assertThat(classify(sql(2006, "HY000"), WorkPhase.COMMIT).category())
			.isEqualTo(FailureCategory.OUTCOME_UNKNOWN);
		assertThat(classify(sql(1927, "70100"), WorkPhase.COMMIT).category())
			.isEqualTo(FailureCategory.OUTCOME_UNKNOWN);
	}

	@Test
	void poolTimeoutNeverReachedTheServerEvenWithTheLastConnectionFailureAsItsState() {
		SQLTransientConnectionException timeout = new SQLTransientConnectionException(
				"primary - Connection is not available, request timed out after 1000ms", "08S01", sql(0, "08S01"));
		for (WorkPhase phase : WorkPhase.values()) {
			MySqlFailure failure = classify(new CannotCreateTransactionException("x", timeout), phase);
			assertThat(failure.reason()).isEqualTo(FailureReason.CONNECTION_NOT_OBTAINED);
			assertThat(failure.category()).isEqualTo(FailureCategory.TRANSIENT);
		}
		assertThat(reason(new CannotGetJdbcConnectionException("x", new SQLTransientConnectionException("t"))))
			.isEqualTo(FailureReason.CONNECTION_NOT_OBTAINED);
		assertThat(reason(sql(0, "08001"))).isEqualTo(FailureReason.CONNECTION_NOT_OBTAINED);
		assertThat(reason(sql(2003, "HY000"))).isEqualTo(FailureReason.CONNECTION_NOT_OBTAINED);
	}

	@Test
	void failureOfTheWorkIsClassifiedWhenAFailedRollbackReplacedIt() {
		TransactionSystemException rollbackFailure = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		rollbackFailure.initApplicationException(new CannotAcquireLockException("x", sql(1213, "40001")));
		assertThat(reason(rollbackFailure)).isEqualTo(FailureReason.DEADLOCK);
	}

	@Test
	void lostCommitIsUnknownWhateverApplicationExceptionSpringAttachedToIt() {
		// A method that throws an exception that does not roll back is committed; when
		// that COMMIT fails, Spring attaches the method's exception to the failure
		TransactionSystemException checkedException = lostCommit();
		checkedException.initApplicationException(new Exception("order declined"));
		assertThat(classify(checkedException, WorkPhase.COMMIT))
			.isEqualTo(new MySqlFailure(FailureCategory.OUTCOME_UNKNOWN, FailureReason.CONNECTION_LOST, 0, "08S01"));
		TransactionSystemException sqlExceptionOfTheMethod = lostCommit();
		sqlExceptionOfTheMethod.initApplicationException(sql(1213, "40001"));
		assertThat(classify(sqlExceptionOfTheMethod, WorkPhase.COMMIT))
			.isEqualTo(new MySqlFailure(FailureCategory.OUTCOME_UNKNOWN, FailureReason.CONNECTION_LOST, 0, "08S01"));
	}

	@Test
	void connectionClosedByThePoolAfterAConnectionErrorIsLost() {
		TransactionSystemException rollbackFailure = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		assertThat(classify(rollbackFailure, WorkPhase.COMMIT).category()).isEqualTo(FailureCategory.OUTCOME_UNKNOWN);
	}

	@Test
	void applicationErrorsArePermanent() {
		assertThat(classify(new DuplicateKeyException("x", sql(1062, "23000")), WorkPhase.TRANSACTION))
			.isEqualTo(new MySqlFailure(FailureCategory.PERMANENT, FailureReason.DUPLICATE_KEY, 1062, "23000"));
		assertThat(reason(new BadSqlGrammarException("x", "SELEC", sql(1064, "42000"))))
			.isEqualTo(FailureReason.SYNTAX_ERROR);
		assertThat(reason(sql(1146, "42S02"))).isEqualTo(FailureReason.SYNTAX_ERROR);
		assertThat(reason(sql(1452, "23000"))).isEqualTo(FailureReason.CONSTRAINT_VIOLATION);
		assertThat(reason(sql(1048, "23000"))).isEqualTo(FailureReason.CONSTRAINT_VIOLATION);
		assertThat(reason(sql(1406, "22001"))).isEqualTo(FailureReason.DATA_ERROR);
		assertThat(reason(sql(1045, "28000"))).isEqualTo(FailureReason.ACCESS_DENIED);
		assertThat(reason(sql(1142, "42000"))).isEqualTo(FailureReason.ACCESS_DENIED);
		assertThat(reason(new IllegalArgumentException("not a database error"))).isEqualTo(FailureReason.OTHER);
		for (FailureReason reason : FailureReason.values()) {
			if (!reason.isTransient()) {
				assertThat(this.classifier.categoryOf(reason, WorkPhase.READ)).isEqualTo(FailureCategory.PERMANENT);
			}
		}
	}

	@Test
	void subclassCanMapMoreErrorCodes() {
		DefaultMySqlErrorClassifier galera = new DefaultMySqlErrorClassifier() {

			@Override
			protected FailureReason reasonOf(int errorCode, String sqlState) {
				return (errorCode == 1047) ? FailureReason.CONNECTION_NOT_OBTAINED
						: super.reasonOf(errorCode, sqlState);
			}

		};
		assertThat(galera.classify(sql(1047, "08S01"), WorkPhase.TRANSACTION).reason())
			.isEqualTo(FailureReason.CONNECTION_NOT_OBTAINED);
	}

	private static TransactionSystemException lostCommit() {
		return new TransactionSystemException("Could not commit JDBC transaction", sql(0, "08S01"));
	}

	private MySqlFailure classify(Throwable failure, WorkPhase phase) {
		return this.classifier.classify(failure, phase);
	}

	private FailureReason reason(Throwable failure) {
		return this.classifier.classify(failure, WorkPhase.TRANSACTION).reason();
	}

	private static SQLException sql(int errorCode, String sqlState) {
		return new SQLException("message with a value 'secret-value'", sqlState, errorCode);
	}

}
