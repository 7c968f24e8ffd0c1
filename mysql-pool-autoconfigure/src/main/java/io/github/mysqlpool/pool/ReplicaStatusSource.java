package io.github.mysqlpool.pool;

/**
 * Source of the current {@link ReplicaStatus} of each replica pool, for health, metrics
 * and endpoints. Implemented by the replica monitor.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@FunctionalInterface
public interface ReplicaStatusSource {

	/**
	 * The current status of a replica pool.
	 * @param pool the pool name
	 * @return the status, {@link ReplicaStatus#UNKNOWN} when the pool is not monitored
	 */
	ReplicaStatus status(String pool);

}
