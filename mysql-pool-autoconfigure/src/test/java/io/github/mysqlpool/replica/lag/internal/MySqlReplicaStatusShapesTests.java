package io.github.mysqlpool.replica.lag.internal;

import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReplicationState} fed the rows MySQL 8.4 answers to {@code SHOW REPLICA STATUS},
 * every column in the server's order, with the values and Java types Connector/J gives
 * them. Source of the columns, their order and the healthy values: MySQL 8.4 Reference
 * Manual, "SHOW REPLICA STATUS Statement"
 * (https://dev.mysql.com/doc/refman/8.4/en/show-replica-status.html), which also states
 * that {@code Replica_IO_Running} is Yes, No or Connecting and that
 * {@code Seconds_Behind_Source} is NULL when the SQL thread is not running or the I/O
 * thread is not connected. Source of one row per channel with a {@code Channel_Name}
 * column: "Monitoring Multi-Source Replication"
 * (https://dev.mysql.com/doc/refman/8.4/en/replication-multi-source-monitoring.html).
 *
 * @author mysql-pool team
 */
class MySqlReplicaStatusShapesTests {

	private static final String SOURCE_UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

	@Test
	void healthyReplicaOfTheManualHasItsLag() throws Exception {
		ReplicationState state = ReplicationState.read(rows(row("", "Yes", "Yes", 0L)));
		assertThat(state.lagSeconds()).isZero();
		assertThat(state.unknownLagReason()).isNull();
	}

	@Test
	void replicaBehindReportsItsSeconds() throws Exception {
		assertThat(ReplicationState.read(rows(row("", "Yes", "Yes", 42L))).lagSeconds()).isEqualTo(42L);
	}

	@Test
	void stoppedSqlThreadAfterAnErrorHasNoLagAndGivesTheServersError() throws Exception {
		// The SQL thread stopped on an error: Last_Errno/Last_Error repeat
		// Last_SQL_Errno/Last_SQL_Error, Last_IO_Error is empty (the manual's columns);
		// the
		// message is abridged, only its being passed on is checked
		Map<String, Object> row = row("", "Yes", "No", null);
		String error = "Worker 1 failed executing transaction '" + SOURCE_UUID + ":4'; Error 'Duplicate entry '1' for "
				+ "key 'items.PRIMARY'' on query.";
		row.put("Last_Errno", 1062L);
		row.put("Last_Error", error);
		row.put("Last_SQL_Errno", 1062L);
		row.put("Last_SQL_Error", error);
		row.put("Replica_SQL_Running_State", "");
		ReplicationState state = ReplicationState.read(rows(row));
		assertThat(state.lagSeconds()).isNull();
		assertThat(state.unknownLagReason()).isEqualTo("replication SQL thread not running: " + error);
	}

	@Test
	void sqlThreadStoppedByStopReplicaHasNoLag() throws Exception {
		ReplicationState state = ReplicationState.read(rows(row("", "Yes", "No", null)));
		assertThat(state.lagSeconds()).isNull();
		assertThat(state.unknownLagReason()).isEqualTo("replication SQL thread not running");
	}

	@Test
	void ioThreadConnectingHasNoLagAndGivesTheServersError() throws Exception {
		// Message abridged: only its being passed on is checked
		Map<String, Object> row = row("", "Connecting", "Yes", null);
		row.put("Replica_IO_State", "Connecting to source");
		row.put("Last_IO_Errno", 2003L);
		row.put("Last_IO_Error", "Error connecting to source 'repl@primary:3306'.");
		ReplicationState state = ReplicationState.read(rows(row));
		assertThat(state.lagSeconds()).isNull();
		assertThat(state.unknownLagReason())
			.isEqualTo("replication I/O thread not running: Error connecting to source 'repl@primary:3306'.");
	}

	@Test
	void stoppedReplicaHasNoLag() throws Exception {
		ReplicationState state = ReplicationState.read(rows(row("", "No", "No", null)));
		assertThat(state.unknownLagReason()).isEqualTo("replication I/O and SQL threads not running");
	}

	@Test
	void replicaOfSeveralSourcesIsAsStaleAsItsStalestChannel() throws Exception {
		ReplicationState state = ReplicationState
			.read(rows(row("source_1", "Yes", "Yes", 3L), row("source_2", "Yes", "Yes", 12L)));
		assertThat(state.lagSeconds()).isEqualTo(12L);
	}

	@Test
	void replicaWithOneChannelStoppedHasNoLagAndNamesTheChannel() throws Exception {
		ReplicationState state = ReplicationState
			.read(rows(row("source_1", "Yes", "Yes", 0L), row("source_2", "Yes", "No", null)));
		assertThat(state.lagSeconds()).isNull();
		assertThat(state.unknownLagReason()).isEqualTo("replication SQL thread not running: channel 'source_2'");
	}

	/**
	 * One row of the manual's example, with the channel, threads and lag given.
	 */
	private static Map<String, Object> row(String channel, String io, String sql, Long lag) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("Replica_IO_State", "Waiting for source to send event");
		row.put("Source_Host", "127.0.0.1");
		row.put("Source_User", "root");
		row.put("Source_Port", 13000L);
		row.put("Connect_Retry", 1L);
		row.put("Source_Log_File", "master-bin.000001");
		row.put("Read_Source_Log_Pos", BigInteger.valueOf(927));
		row.put("Relay_Log_File", "slave-relay-bin.000002");
		row.put("Relay_Log_Pos", BigInteger.valueOf(1145));
		row.put("Relay_Source_Log_File", "master-bin.000001");
		row.put("Replica_IO_Running", io);
		row.put("Replica_SQL_Running", sql);
		row.put("Replicate_Do_DB", "");
		row.put("Replicate_Ignore_DB", "");
		row.put("Replicate_Do_Table", "");
		row.put("Replicate_Ignore_Table", "");
		row.put("Replicate_Wild_Do_Table", "");
		row.put("Replicate_Wild_Ignore_Table", "");
		row.put("Last_Errno", 0L);
		row.put("Last_Error", "");
		row.put("Skip_Counter", 0L);
		row.put("Exec_Source_Log_Pos", BigInteger.valueOf(927));
		row.put("Relay_Log_Space", BigInteger.valueOf(1355));
		row.put("Until_Condition", "None");
		row.put("Until_Log_File", "");
		row.put("Until_Log_Pos", BigInteger.ZERO);
		row.put("Source_SSL_Allowed", "No");
		row.put("Source_SSL_CA_File", "");
		row.put("Source_SSL_CA_Path", "");
		row.put("Source_SSL_Cert", "");
		row.put("Source_SSL_Cipher", "");
		row.put("Source_SSL_Key", "");
		row.put("Seconds_Behind_Source", (lag != null) ? BigInteger.valueOf(lag) : null);
		row.put("Source_SSL_Verify_Server_Cert", "No");
		row.put("Last_IO_Errno", 0L);
		row.put("Last_IO_Error", "");
		row.put("Last_SQL_Errno", 0L);
		row.put("Last_SQL_Error", "");
		row.put("Replicate_Ignore_Server_Ids", "");
		row.put("Source_Server_Id", 1L);
		row.put("Source_UUID", SOURCE_UUID);
		row.put("Source_Info_File", "mysql.slave_master_info");
		row.put("SQL_Delay", 0L);
		row.put("SQL_Remaining_Delay", null);
		row.put("Replica_SQL_Running_State", "Replica has read all relay log; waiting for more updates");
		row.put("Source_Retry_Count", 10L);
		row.put("Source_Bind", "");
		row.put("Last_IO_Error_Timestamp", "");
		row.put("Last_SQL_Error_Timestamp", "");
		row.put("Source_SSL_Crl", "");
		row.put("Source_SSL_Crlpath", "");
		row.put("Retrieved_Gtid_Set", SOURCE_UUID + ":1-3");
		row.put("Executed_Gtid_Set", SOURCE_UUID + ":1-3");
		row.put("Auto_Position", 1L);
		row.put("Replicate_Rewrite_DB", "");
		row.put("Channel_Name", channel);
		row.put("Source_TLS_Version", "");
		row.put("Source_public_key_path", "");
		row.put("Get_Source_public_key", 0L);
		row.put("Network_Namespace", "");
		return row;
	}

	/**
	 * A forward-only result of the given rows, read by column index and label as the
	 * probe reads it.
	 */
	@SafeVarargs
	private static ResultSet rows(Map<String, Object>... rows) {
		List<String> labels = new ArrayList<>(rows[0].keySet());
		ResultSetMetaData metaData = (ResultSetMetaData) Proxy.newProxyInstance(
				MySqlReplicaStatusShapesTests.class.getClassLoader(), new Class<?>[] { ResultSetMetaData.class },
				(proxy, method, args) -> switch (method.getName()) {
					case "getColumnCount" -> labels.size();
					case "getColumnLabel", "getColumnName" -> labels.get((int) args[0] - 1);
					default -> throw new UnsupportedOperationException(method.getName());
				});
		int[] current = { -1 };
		return (ResultSet) Proxy.newProxyInstance(MySqlReplicaStatusShapesTests.class.getClassLoader(),
				new Class<?>[] { ResultSet.class }, (proxy, method, args) -> switch (method.getName()) {
					case "next" -> ++current[0] < rows.length;
					case "getMetaData" -> metaData;
					case "getObject" -> rows[current[0]].get(labels.get((int) args[0] - 1));
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

}
