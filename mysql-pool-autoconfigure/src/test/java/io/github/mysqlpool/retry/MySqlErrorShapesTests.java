package io.github.mysqlpool.retry;

import java.sql.SQLException;

import com.mysql.cj.exceptions.CJCommunicationsException;
import com.mysql.cj.exceptions.ExceptionFactory;
import com.mysql.cj.jdbc.exceptions.CommunicationsException;
import com.mysql.cj.jdbc.exceptions.SQLExceptionsMapping;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DefaultMySqlErrorClassifier} fed the errors MySQL 8.4 alone sends, with the
 * error number, SQLSTATE and message of the MySQL 8.4 Error Reference, "Server Error
 * Message Reference"
 * (https://dev.mysql.com/doc/mysql-errors/8.4/en/server-error-reference.html), and, where
 * Connector/J reshapes one, as the driver hands it to the application.
 *
 * @author mysql-pool team
 */
class MySqlErrorShapesTests {

	/**
	 * ER_CLIENT_INTERACTION_TIMEOUT, sent by MySQL 8.0.24+ before it closes a connection
	 * idle past wait_timeout.
	 */
	private static final String IDLE_DISCONNECT = "The client was disconnected by the server because of inactivity. "
			+ "See wait_timeout and interactive_timeout for configuring this behavior.";

	private final DefaultMySqlErrorClassifier classifier = new DefaultMySqlErrorClassifier();

	@Test
	void sessionKilledEndsTheSession() {
		// Error number: 3169; Symbol: ER_SESSION_WAS_KILLED; SQLSTATE: HY000
		SQLException killed = new SQLException("Session was killed", "HY000", 3169);
		assertThat(classify(killed, WorkPhase.READ).reason()).isEqualTo(FailureReason.CONNECTION_KILLED);
		assertThat(classify(killed, WorkPhase.READ).category()).isEqualTo(FailureCategory.TRANSIENT);
		assertThat(classify(killed, WorkPhase.TRANSACTION).category()).isEqualTo(FailureCategory.TRANSIENT);
		assertThat(classify(killed, WorkPhase.COMMIT).category()).isEqualTo(FailureCategory.OUTCOME_UNKNOWN);
		assertThat(classify(killed, WorkPhase.AUTOCOMMIT_WRITE).category()).isEqualTo(FailureCategory.OUTCOME_UNKNOWN);
	}

	@Test
	void idleDisconnectAsTheServerSendsItIsALostConnection() {
		// Error number: 4031; Symbol: ER_CLIENT_INTERACTION_TIMEOUT; SQLSTATE: HY000
		SQLException idle = new SQLException(IDLE_DISCONNECT, "HY000", 4031);
		assertThat(classify(idle, WorkPhase.READ).reason()).isEqualTo(FailureReason.CONNECTION_LOST);
		assertThat(classify(idle, WorkPhase.TRANSACTION).category()).isEqualTo(FailureCategory.TRANSIENT);
		assertThat(classify(idle, WorkPhase.AUTOCOMMIT_WRITE).category()).isEqualTo(FailureCategory.OUTCOME_UNKNOWN);
	}

	@Test
	void idleDisconnectAsConnectorJHandsItOverIsALostConnection() {
		// Connector/J's NativeProtocol.checkErrorMessage throws error 4031 as a
		// CJCommunicationsException without the error number or SQLSTATE, which the JDBC
		// layer translates; this is that path
		SQLException idle = SQLExceptionsMapping.translateException(
				ExceptionFactory.createException(CJCommunicationsException.class, IDLE_DISCONNECT, null, null), null);
		assertThat((Throwable) idle).isInstanceOf(CommunicationsException.class).hasMessage(IDLE_DISCONNECT);
		assertThat(idle.getSQLState()).isEqualTo("08S01");
		assertThat(idle.getErrorCode()).isZero();
		assertThat(classify(idle, WorkPhase.READ).reason()).isEqualTo(FailureReason.CONNECTION_LOST);
		assertThat(classify(idle, WorkPhase.COMMIT).category()).isEqualTo(FailureCategory.OUTCOME_UNKNOWN);
	}

	@Test
	void superReadOnlyRefusalIsAReadOnlyServer() {
		// Error number: 1290; Symbol: ER_OPTION_PREVENTS_STATEMENT; SQLSTATE: HY000;
		// Message: The MySQL server is running with the %s option so it cannot execute
		// this statement
		SQLException refused = optionPrevents("--super-read-only");
		assertThat(classify(refused, WorkPhase.TRANSACTION).reason()).isEqualTo(FailureReason.READ_ONLY_SERVER);
		assertThat(classify(refused, WorkPhase.TRANSACTION).category()).isEqualTo(FailureCategory.TRANSIENT);
		assertThat(classify(refused, WorkPhase.READ).category()).isEqualTo(FailureCategory.PERMANENT);
		assertThat(classify(optionPrevents("--read-only"), WorkPhase.TRANSACTION).reason())
			.isEqualTo(FailureReason.READ_ONLY_SERVER);
	}

	@Test
	void statementRefusedByAnotherOptionIsNotAReadOnlyServer() {
		// The same error 1290 names --secure-file-priv for SELECT ... INTO OUTFILE
		// outside
		// the allowed directory: a permanent refusal, not a server that turned read-only
		SQLException refused = optionPrevents("--secure-file-priv");
		assertThat(classify(refused, WorkPhase.TRANSACTION).reason()).isEqualTo(FailureReason.OTHER);
		assertThat(classify(refused, WorkPhase.TRANSACTION).category()).isEqualTo(FailureCategory.PERMANENT);
	}

	@Test
	void readOnlyModeIsAReadOnlyServer() {
		// Error number: 1836; Symbol: ER_READ_ONLY_MODE; SQLSTATE: HY000
		SQLException refused = new SQLException("Running in read-only mode", "HY000", 1836);
		assertThat(classify(refused, WorkPhase.TRANSACTION).reason()).isEqualTo(FailureReason.READ_ONLY_SERVER);
		assertThat(classify(refused, WorkPhase.TRANSACTION).category()).isEqualTo(FailureCategory.TRANSIENT);
	}

	private static SQLException optionPrevents(String option) {
		return new SQLException(
				"The MySQL server is running with the " + option + " option so it cannot execute this statement",
				"HY000", 1290);
	}

	private MySqlFailure classify(Throwable failure, WorkPhase phase) {
		return this.classifier.classify(failure, phase);
	}

}
