package io.github.mysqlpool.reliability;

/**
 * The faults the suite injects.
 *
 * @author mysql-pool team
 */
enum FaultType {

	/** A replica's server killed (SIGKILL), then started again. */
	REPLICA_KILLED("replica killed and restarted"),

	/** A replica's server frozen (SIGSTOP), then resumed: a hang. */
	REPLICA_PAUSED("replica paused and resumed"),

	/** A replica's SQL thread stopped while writes go on: real lag beyond max-lag. */
	REPLICA_LAGGING("replication lag beyond max-lag"),

	/** The primary restarted, by a crash (SIGKILL) or a clean shutdown. */
	PRIMARY_RESTARTED("primary restarted"),

	/** About half of the application's sessions ended by the server (KILL CONNECTION). */
	CONNECTIONS_KILLED("connections killed by the server"),

	/** A 2 s wait_timeout on every server, so idle connections are closed by it. */
	IDLE_CONNECTIONS_EXPIRED("idle connections expired by wait_timeout"),

	/** Every primary connection held by slow statements (SELECT SLEEP). */
	POOL_EXHAUSTED("pool exhausted by slow statements"),

	/**
	 * A planned switchover to a replica, then, after a while, another one back to the old
	 * primary or onward to the other replica.
	 */
	SWITCHOVER("planned switchover, then back or onward"),

	/**
	 * The primary killed and the most advanced replica promoted; the old primary rejoins
	 * as a replica later (rebuilt when it held transactions no replica received).
	 */
	FAILOVER("failover: primary killed, replica promoted"),

	/** The primary's server frozen (SIGSTOP), then resumed: a hung primary. */
	PRIMARY_PAUSED("primary paused and resumed");

	private final String description;

	FaultType(String description) {
		this.description = description;
	}

	String description() {
		return this.description;
	}

	/**
	 * Whether the fault changes which server is the primary.
	 * @return {@code true} for a switchover and a failover
	 */
	boolean changesRoles() {
		return this == SWITCHOVER || this == FAILOVER;
	}

	boolean onReplica() {
		return this == REPLICA_KILLED || this == REPLICA_PAUSED || this == REPLICA_LAGGING;
	}

}
