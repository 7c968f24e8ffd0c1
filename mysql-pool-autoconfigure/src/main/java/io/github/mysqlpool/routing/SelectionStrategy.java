package io.github.mysqlpool.routing;

/**
 * How a read chooses among the replicas in rotation.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public enum SelectionStrategy {

	/**
	 * Each replica in turn.
	 */
	ROUND_ROBIN,

	/**
	 * Each replica in turn, as often as its weight says.
	 */
	WEIGHTED,

	/**
	 * The replica whose pool has the fewest connections in use plus threads waiting for
	 * one.
	 */
	LEAST_ACTIVE,

	/**
	 * The replica with the lowest measured replication lag.
	 */
	LOWEST_LAG,

	/**
	 * The cheaper of two replicas picked at random, by their recent statement time and
	 * the connections they have in use: a slow replica is used less.
	 */
	LATENCY_AWARE;

	/**
	 * A new selector implementing this strategy.
	 * @return the selector
	 */
	public ReplicaSelector createSelector() {
		return switch (this) {
			case ROUND_ROBIN -> new RoundRobinReplicaSelector();
			case WEIGHTED -> new WeightedRoundRobinReplicaSelector();
			case LEAST_ACTIVE -> new LeastActiveReplicaSelector();
			case LOWEST_LAG -> new LowestLagReplicaSelector();
			case LATENCY_AWARE -> new LatencyAwareReplicaSelector();
		};
	}

}
