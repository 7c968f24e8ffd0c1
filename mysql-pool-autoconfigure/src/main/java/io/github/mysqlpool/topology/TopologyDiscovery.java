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
	 * The primary URL names an endpoint (a DNS name, a virtual IP) that an outside system
	 * moves to the current primary: when the server behind it turns read-only, the
	 * primary pool's connections are evicted so that new ones resolve the name again.
	 */
	ENDPOINT

}
