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
	POOL_EXHAUSTED("pool exhausted by slow statements");

	private final String description;

	FaultType(String description) {
		this.description = description;
	}

	String description() {
		return this.description;
	}

	boolean onReplica() {
		return this == REPLICA_KILLED || this == REPLICA_PAUSED || this == REPLICA_LAGGING;
	}

}
