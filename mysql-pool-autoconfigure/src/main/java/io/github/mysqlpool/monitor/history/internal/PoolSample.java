package io.github.mysqlpool.monitor.history.internal;

import java.time.Instant;

import io.github.mysqlpool.monitor.timing.internal.Percentiles;
import io.github.mysqlpool.pool.ReplicaStatus;
import org.jspecify.annotations.Nullable;

/**
 * One pool's figures at one sampling instant. Time percentiles cover the connections
 * borrowed and returned since the previous sample; counters run since start.
 *
 * @param time when the sample was taken
 * @param active connections in use
 * @param idle connections idle in the pool
 * @param pending threads waiting for a connection
 * @param total connections open
 * @param max maximum pool size
 * @param minIdle minimum idle connections
 * @param utilization active divided by max, 0 to 1
 * @param acquireTime time waited for a connection since the previous sample
 * @param usageTime time connections were held since the previous sample
 * @param borrows connections handed out by the pool since start
 * @param routedBorrows connections the routing data source took from this pool since
 * start
 * @param timeouts callers that gave up waiting for a connection since start
 * @param slowQueries statements slower than the threshold since start
 * @param lagSeconds replication lag of a replica, {@code null} for the primary or when
 * unknown
 * @param fitness whether a replica serves reads, {@code null} for the primary
 * @param statementTime time the pool's statements took since the previous sample, from
 * sending each to reading its results (MySQL Connector/J only)
 * @param statements statements run since start
 * @param statementErrors statements that failed since start
 * @author mysql-pool team
 * @since 0.1.0
 */
public record PoolSample(Instant time, int active, int idle, int pending, int total, int max, int minIdle,
		double utilization, Percentiles acquireTime, Percentiles usageTime, long borrows, long routedBorrows,
		long timeouts, long slowQueries, @Nullable Double lagSeconds, ReplicaStatus.@Nullable State fitness,
		Percentiles statementTime, long statements, long statementErrors) {

	/**
	 * Create a sample without statement figures.
	 * @param time when the sample was taken
	 * @param active connections in use
	 * @param idle connections idle in the pool
	 * @param pending threads waiting for a connection
	 * @param total connections open
	 * @param max maximum pool size
	 * @param minIdle minimum idle connections
	 * @param utilization active divided by max, 0 to 1
	 * @param acquireTime time waited for a connection since the previous sample
	 * @param usageTime time connections were held since the previous sample
	 * @param borrows connections handed out by the pool since start
	 * @param routedBorrows connections the routing data source took from this pool
	 * @param timeouts callers that gave up waiting for a connection since start
	 * @param slowQueries statements slower than the threshold since start
	 * @param lagSeconds replication lag of a replica
	 * @param fitness whether a replica serves reads
	 */
	public PoolSample(Instant time, int active, int idle, int pending, int total, int max, int minIdle,
			double utilization, Percentiles acquireTime, Percentiles usageTime, long borrows, long routedBorrows,
			long timeouts, long slowQueries, @Nullable Double lagSeconds, ReplicaStatus.@Nullable State fitness) {
		this(time, active, idle, pending, total, max, minIdle, utilization, acquireTime, usageTime, borrows,
				routedBorrows, timeouts, slowQueries, lagSeconds, fitness, Percentiles.NONE, 0, 0);
	}

}
