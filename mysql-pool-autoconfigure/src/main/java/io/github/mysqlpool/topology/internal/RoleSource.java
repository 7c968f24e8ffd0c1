package io.github.mysqlpool.topology.internal;

import java.sql.Connection;
import java.sql.SQLException;

import io.github.mysqlpool.topology.TopologyDiscovery;
import org.jspecify.annotations.Nullable;

/**
 * Where a server's writability is read: one class per kind of cluster. The probe
 * connects, asks the source, and the election does the rest.
 *
 * @author mysql-pool team
 */
interface RoleSource {

	/**
	 * Whether the server behind the connection takes writes.
	 * @param connection the probe's connection to the server
	 * @return {@code true} when writable, {@code false} when not, {@code null} when the
	 * server cannot say (it is not a member of the cluster this source reads)
	 * @throws SQLException when the query fails
	 */
	@Nullable Boolean writable(Connection connection) throws SQLException;

	/**
	 * The source for a discovery mode.
	 * @param discovery how the writer is found
	 * @return the source
	 */
	static RoleSource of(TopologyDiscovery discovery) {
		return (discovery == TopologyDiscovery.GROUP_REPLICATION) ? new GroupReplicationRoleSource()
				: new ReadOnlyRoleSource();
	}

}
