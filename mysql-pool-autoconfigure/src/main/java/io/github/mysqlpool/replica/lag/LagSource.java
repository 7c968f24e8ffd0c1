package io.github.mysqlpool.replica.lag;

/**
 * How replication lag is measured.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public enum LagSource {

	/**
	 * The heartbeat where its table exists on the replica, the replica status otherwise.
	 */
	AUTO,

	/**
	 * {@code SHOW REPLICA STATUS} ({@code SHOW SLAVE STATUS} on older servers): whole
	 * seconds, reads 0 while the primary itself is hung.
	 */
	REPLICA_STATUS,

	/**
	 * Age of a timestamp the primary writes every interval, as replicated: sub-second,
	 * and grows whenever the replica falls behind for any reason.
	 */
	HEARTBEAT

}
