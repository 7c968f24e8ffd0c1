package io.github.mysqlpool.topology.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The role sources on the result shapes each kind of server answers with. The read-only
 * source runs against real servers in {@link TopologyDiscoveryIntegrationTests}; Group
 * Replication against a real group in {@link GroupReplicationContainerTests} where Docker
 * is available.
 *
 * @author mysql-pool team
 */
class RoleSourceTests {

	@Test
	void readOnlyVariablesInEveryFormTheServersUse() throws SQLException {
		ReadOnlyRoleSource source = new ReadOnlyRoleSource();
		assertThat(source.writable(answering(ReadOnlyRoleSource.QUERY, "0", "0"))).isTrue();
		assertThat(source.writable(answering(ReadOnlyRoleSource.QUERY, "OFF", "OFF"))).isTrue();
		assertThat(source.writable(answering(ReadOnlyRoleSource.QUERY, "1", "0"))).isFalse();
		assertThat(source.writable(answering(ReadOnlyRoleSource.QUERY, "ON", "0"))).isFalse();
		// MariaDB 11.8: read_only is a word with more values than ON and OFF
		assertThat(source.writable(answering(ReadOnlyRoleSource.QUERY, "NO_LOCK", "0"))).isFalse();
		assertThat(source.writable(answering(ReadOnlyRoleSource.QUERY, "0", "1"))).isFalse();
		assertThat(source.writable(answering(ReadOnlyRoleSource.QUERY, null, "0"))).isFalse();
	}

	@Test
	void groupReplicationOnlinePrimaryIsTheOnlyWritableMember() throws SQLException {
		GroupReplicationRoleSource source = new GroupReplicationRoleSource();
		String query = GroupReplicationRoleSource.QUERY;
		assertThat(source.writable(answering(query, "PRIMARY", "ONLINE"))).isTrue();
		assertThat(source.writable(answering(query, "SECONDARY", "ONLINE"))).isFalse();
		assertThat(source.writable(answering(query, "PRIMARY", "RECOVERING"))).isFalse();
		assertThat(source.writable(answering(query, "PRIMARY", "ERROR"))).isFalse();
		assertThat(source.writable(answering(query, "", "OFFLINE"))).isFalse();
		assertThat(source.writable(answering(query, "PRIMARY", "UNREACHABLE"))).isFalse();
	}

	@Test
	void serverOutsideTheGroupCannotSay() throws SQLException {
		assertThat(new GroupReplicationRoleSource().writable(answeringNoRow(GroupReplicationRoleSource.QUERY)))
			.isNull();
	}

	@Test
	void groupReplicationReadsTheMembersOwnRowOnly() {
		assertThat(GroupReplicationRoleSource.QUERY).contains("performance_schema.replication_group_members",
				"MEMBER_ID = @@global.server_uuid");
	}

	private static Connection answering(String query, String first, String second) throws SQLException {
		ResultSet resultSet = mock(ResultSet.class);
		given(resultSet.next()).willReturn(true, false);
		given(resultSet.getString(1)).willReturn(first);
		given(resultSet.getString(2)).willReturn(second);
		return connection(query, resultSet);
	}

	private static Connection answeringNoRow(String query) throws SQLException {
		ResultSet resultSet = mock(ResultSet.class);
		given(resultSet.next()).willReturn(false);
		return connection(query, resultSet);
	}

	private static Connection connection(String query, ResultSet resultSet) throws SQLException {
		Statement statement = mock(Statement.class);
		given(statement.executeQuery(query)).willReturn(resultSet);
		Connection connection = mock(Connection.class);
		given(connection.createStatement()).willReturn(statement);
		return connection;
	}

}
