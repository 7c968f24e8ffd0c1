package io.github.mysqlpool.consistency;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.PoolRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.mock;
import static org.mockito.BDDMockito.then;

/**
 * Read-your-writes in {@link ReadYourWritesMode#GTID} mode fed what MySQL 8.4 answers: a
 * {@code @@GLOBAL.gtid_executed} with several server UUIDs, each with several intervals,
 * one UUID set per line, and the number {@code WAIT_FOR_EXECUTED_GTID_SET} returns.
 * Sources: MySQL 8.4 Reference Manual, "GTID Format and Storage", GTID Sets
 * (https://dev.mysql.com/doc/refman/8.4/en/replication-gtids-concepts.html): a set is
 * UUID sets separated by commas, each a UUID and colon-separated intervals; the server
 * prints it with a line break after each comma (its default GTID set format,
 * {@code ",\n"} between UUID sets). "Functions Used with Global Transaction Identifiers"
 * (https://dev.mysql.com/doc/refman/8.4/en/gtid-functions.html):
 * {@code WAIT_FOR_EXECUTED_GTID_SET(gtid_set[, timeout])} returns 0 once the set is
 * executed and 1 on timeout.
 *
 * @author mysql-pool team
 */
class MySqlGtidShapesTests {

	private static final String EXECUTED = "2174b383-5441-11e8-b90a-c80aa9429562:1-3:11:47-49,\n"
			+ "24da1670-0c0c-11e8-8442-00059a3c7b00:1-19,\n" + "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-77";

	private final Connection primaryConnection = mock(Connection.class);

	private final Statement primaryStatement = mock(Statement.class);

	private final Connection replica = mock(Connection.class);

	private final PreparedStatement wait = mock(PreparedStatement.class);

	@Test
	void replicaIsAskedToWaitForTheWholeSetAsThePrimaryPrintedIt() throws Exception {
		ReadYourWrites readYourWrites = readYourWrites(0L);
		readYourWrites.recordWrite();
		assertThat(readYourWrites.awaitWrites(this.replica)).isTrue();
		then(this.replica).should().prepareStatement("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)");
		then(this.wait).should().setString(1, EXECUTED);
		then(this.wait).should().setBigDecimal(2, new BigDecimal("2.500"));
		assertThat(readYourWrites.getReplicaWaits()).isEqualTo(1);
		assertThat(readYourWrites.getReplicaWaitTimeouts()).isZero();
	}

	@Test
	void timeoutAnswerSendsTheReadToThePrimary() throws Exception {
		ReadYourWrites readYourWrites = readYourWrites(1L);
		readYourWrites.recordWrite();
		assertThat(readYourWrites.awaitWrites(this.replica)).isFalse();
		assertThat(readYourWrites.getReplicaWaitTimeouts()).isEqualTo(1);
		assertThat(readYourWrites.getPrimaryReads()).isEqualTo(1);
	}

	private ReadYourWrites readYourWrites(long waitAnswer) throws Exception {
		DataSource primary = mock(DataSource.class);
		given(primary.getConnection()).willReturn(this.primaryConnection);
		given(this.primaryConnection.createStatement()).willReturn(this.primaryStatement);
		ResultSet version = result("8.4.6");
		// The server facts query: version, version comment, wait_timeout, max_connections
		given(this.primaryStatement.executeQuery(startsWith("SELECT VERSION()"))).willReturn(version);
		ResultSet executed = result(EXECUTED);
		given(this.primaryStatement.executeQuery("SELECT @@GLOBAL.gtid_executed")).willReturn(executed);
		given(this.replica.prepareStatement("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)")).willReturn(this.wait);
		// Connector/J answers the function's integer as a Long
		ResultSet answer = mock(ResultSet.class);
		given(answer.next()).willReturn(true);
		given(answer.getObject(1)).willReturn(waitAnswer);
		given(this.wait.executeQuery()).willReturn(answer);
		return new ReadYourWrites(ReadYourWritesMode.GTID, Duration.ofSeconds(5), Duration.ofMillis(2500),
				new MySqlPool("primary", PoolRole.PRIMARY, primary, 1));
	}

	private static ResultSet result(String value) throws Exception {
		ResultSet resultSet = mock(ResultSet.class);
		given(resultSet.next()).willReturn(true);
		given(resultSet.getString(1)).willReturn(value);
		return resultSet;
	}

}
