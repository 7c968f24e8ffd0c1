package io.github.mysqlpool.topology;

/**
 * How the starter learns which server takes the writes.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public enum TopologyDiscovery {

	/**
	 * The server configured as primary takes the writes, always.
	 */
	NONE,

	/**
	 * Every configured server is probed for its writability ({@code read_only},
	 * {@code innodb_read_only}); writes go to the one writable server, so that a
	 * switchover or a failover done by an outside tool is followed without a restart.
	 */
	READ_ONLY,

	/**
	 * MySQL Group Replication or InnoDB Cluster in single-primary mode: every configured
	 * server is probed for its member role in
	 * {@code performance_schema.replication_group_members}; writes go to the
	 * {@code ONLINE} {@code PRIMARY}.
	 */
	GROUP_REPLICATION,

	/**
	 * The primary URL names an endpoint (a DNS name, a virtual IP) that an outside system
	 * moves to the current primary: when the server behind it turns read-only, the
	 * primary pool's connections are evicted so that new ones resolve the name again.
	 */
	ENDPOINT;

	/**
	 * Whether the writer is chosen among the configured servers, each of which then has a
	 * pool for each role it may take.
	 * @return {@code true} for read-only and group-replication discovery
	 */
	public boolean choosesAmongServers() {
		return this == READ_ONLY || this == GROUP_REPLICATION;
	}

}
