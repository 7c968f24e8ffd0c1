package io.github.mysqlpool.replica.lag.internal;

import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.mock;

/**
 * Tests for {@link ReplicationState}: the result shapes of MySQL 8.0.22+ and of MariaDB
 * and older MySQL.
 *
 * @author mysql-pool team
 */
class ReplicationStateTests {

	@Test
	void mySqlReplicaColumnsWithLag() {
		ReplicationState state = ReplicationState.of(mySqlRow("Yes", "Yes", 7L));
		assertThat(state.lagSeconds()).isEqualTo(7L);
		assertThat(state.unknownLagReason()).isNull();
	}

	@Test
	void mariaDbSlaveColumnsWithLagAsBigInteger() {
		ReplicationState state = ReplicationState.of(mariaDbRow("Yes", "Yes", BigInteger.valueOf(3)));
		assertThat(state.lagSeconds()).isEqualTo(3L);
	}

	@Test
	void lagAsTextIsReadAsANumber() {
		assertThat(ReplicationState.of(mariaDbRow("Yes", "Yes", "12")).lagSeconds()).isEqualTo(12L);
	}

	@Test
	void stoppedSqlThreadMeansLagUnknownEvenWithAValue() {
		ReplicationState state = ReplicationState.of(mySqlRow("Yes", "No", 0L));
		assertThat(state.lagSeconds()).isNull();
		assertThat(state.unknownLagReason()).isEqualTo("replication SQL thread not running");
	}

	@Test
	void connectingIoThreadMeansLagUnknownWithTheServersError() {
		Map<String, Object> row = mariaDbRow("Connecting", "Yes", null);
		row.put("Last_IO_Error", "error reconnecting to master 'repl@127.0.0.1:3306'");
		ReplicationState state = ReplicationState.of(row);
		assertThat(state.lagSeconds()).isNull();
		assertThat(state.unknownLagReason())
			.isEqualTo("replication I/O thread not running: error reconnecting to master 'repl@127.0.0.1:3306'");
	}

	@Test
	void nullLagWithBothThreadsRunningIsUnknown() {
		ReplicationState state = ReplicationState.of(mySqlRow("Yes", "Yes", null));
		assertThat(state.lagSeconds()).isNull();
		assertThat(state.unknownLagReason()).contains("NULL");
	}

	@Test
	void emptyResultMeansNotReplicating() throws Exception {
		ResultSet resultSet = mock(ResultSet.class);
		given(resultSet.next()).willReturn(false);
		ReplicationState state = ReplicationState.read(resultSet);
		assertThat(state.replicating()).isFalse();
		assertThat(state.unknownLagReason()).contains("does not replicate");
	}

	@Test
	void readsAResultSetByColumnLabel() throws Exception {
		ResultSet resultSet = mock(ResultSet.class);
		ResultSetMetaData metaData = mock(ResultSetMetaData.class);
		given(resultSet.next()).willReturn(true, false);
		given(resultSet.getMetaData()).willReturn(metaData);
		given(metaData.getColumnCount()).willReturn(3);
		given(metaData.getColumnLabel(1)).willReturn("Replica_IO_Running");
		given(metaData.getColumnLabel(2)).willReturn("Replica_SQL_Running");
		given(metaData.getColumnLabel(3)).willReturn("Seconds_Behind_Source");
		given(resultSet.getObject(1)).willReturn("Yes");
		given(resultSet.getObject(2)).willReturn("Yes");
		given(resultSet.getObject(3)).willReturn(BigInteger.valueOf(4));
		assertThat(ReplicationState.read(resultSet).lagSeconds()).isEqualTo(4L);
	}

	private static Map<String, Object> mySqlRow(String io, String sql, Object lag) {
		Map<String, Object> row = new HashMap<>();
		row.put("Replica_IO_State", "Waiting for source to send event");
		row.put("Source_Host", "db-primary");
		row.put("Replica_IO_Running", io);
		row.put("Replica_SQL_Running", sql);
		row.put("Seconds_Behind_Source", lag);
		row.put("Last_IO_Error", "");
		row.put("Last_SQL_Error", "");
		return row;
	}

	private static Map<String, Object> mariaDbRow(String io, String sql, Object lag) {
		Map<String, Object> row = new HashMap<>();
		row.put("Slave_IO_State", "Waiting for master to send event");
		row.put("Master_Host", "127.0.0.1");
		row.put("Slave_IO_Running", io);
		row.put("Slave_SQL_Running", sql);
		row.put("Seconds_Behind_Master", lag);
		row.put("Using_Gtid", "Slave_Pos");
		row.put("Last_IO_Error", "");
		row.put("Last_SQL_Error", "");
		return row;
	}

}
