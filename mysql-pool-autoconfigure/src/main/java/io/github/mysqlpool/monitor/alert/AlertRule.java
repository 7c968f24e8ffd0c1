package io.github.mysqlpool.monitor.alert;

/**
 * What an alert watches.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public enum AlertRule {

	/**
	 * Connections in use as a percentage of the maximum pool size.
	 */
	POOL_UTILIZATION("pool-utilization", "%"),

	/**
	 * 95th percentile of the time callers waited for a connection since the previous
	 * sample, in seconds.
	 */
	ACQUIRE_TIME("acquire-time", "s"),

	/**
	 * 95th percentile of the time the pool's statements took since the previous sample,
	 * in seconds.
	 */
	QUERY_TIME("query-time", "s"),

	/**
	 * Statements that failed in the last minute, as a percentage of the statements run;
	 * unknown below {@value #ERROR_RATE_MINIMUM} statements a minute.
	 */
	ERROR_RATE("error-rate", "%"),

	/**
	 * Statements slower than the slow-query threshold in the last minute.
	 */
	SLOW_QUERIES("slow-queries", "/min"),

	/**
	 * Replication lag of a replica, in seconds.
	 */
	REPLICATION_LAG("replication-lag", "s"),

	/**
	 * Callers that gave up waiting for a connection in the last minute.
	 */
	CONNECTION_FAILURES("connection-failures", "/min"),

	/**
	 * No server takes writes, or the one that does fails its probes: writes fail. Raised
	 * and resolved from the servers' availability, not from samples.
	 */
	PRIMARY_UNAVAILABLE("primary-unavailable", ""),

	/**
	 * More than one server is writable. Raised and resolved from the servers'
	 * availability, not from samples.
	 */
	SPLIT_BRAIN("split-brain", ""),

	/**
	 * A replica is out of rotation because it fails its probes or connections. Raised and
	 * resolved from the servers' availability, not from samples.
	 */
	REPLICA_UNAVAILABLE("replica-unavailable", "");

	/**
	 * Fewest statements in a minute for which the error rate is told.
	 */
	public static final int ERROR_RATE_MINIMUM = 20;

	private final String id;

	private final String unit;

	AlertRule(String id, String unit) {
		this.id = id;
		this.unit = unit;
	}

	/**
	 * The rule's name in properties and responses, for example {@code pool-utilization}.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * The unit of the rule's values and thresholds.
	 * @return the unit
	 */
	public String unit() {
		return this.unit;
	}

}
