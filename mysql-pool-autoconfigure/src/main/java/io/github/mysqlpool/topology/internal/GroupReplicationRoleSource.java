package io.github.mysqlpool.topology.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.jspecify.annotations.Nullable;

/**
 * MySQL Group Replication and InnoDB Cluster in single-primary mode: a server takes
 * writes when the group sees it as the {@code PRIMARY} and it is {@code ONLINE}. A member
 * that is recovering, in error, or was expelled is not writable even if its
 * {@code read_only} is off for a moment; a server that is not a member answers no row and
 * cannot say.
 *
 * @author mysql-pool team
 */
final class GroupReplicationRoleSource implements RoleSource {

	static final String QUERY = "SELECT MEMBER_ROLE, MEMBER_STATE FROM performance_schema.replication_group_members"
			+ " WHERE MEMBER_ID = @@global.server_uuid";

	@Override
	public @Nullable Boolean writable(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(QUERY)) {
			if (!resultSet.next()) {
				return null;
			}
			return "PRIMARY".equalsIgnoreCase(resultSet.getString(1))
					&& "ONLINE".equalsIgnoreCase(resultSet.getString(2));
		}
	}

}
