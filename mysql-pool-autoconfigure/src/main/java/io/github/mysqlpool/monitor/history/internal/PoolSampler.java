package io.github.mysqlpool.monitor.history.internal;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.monitor.statement.internal.SlowQueryLog;
import io.github.mysqlpool.monitor.timing.internal.Percentiles;
import io.github.mysqlpool.monitor.timing.internal.PoolInstrumentation;
import io.github.mysqlpool.monitor.timing.internal.PoolTimings;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.PoolRole;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.pool.ReplicaStatusSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads one pool's current figures: HikariCP's pool state, the timings recorded since the
 * previous sample, the routed-borrow and slow-statement counters and, for a replica, its
 * status.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class PoolSampler {

	private final PoolInstrumentation instrumentation;

	private final @Nullable SlowQueryLog slowQueries;

	private final @Nullable ReplicaStatusSource replicaStatus;

	private final Clock clock;

	private final Map<String, long[]> lastCounts = new ConcurrentHashMap<>();

	/**
	 * Create the sampler.
	 * @param instrumentation the pools' timings
	 * @param slowQueries the slow-statement log, or {@code null} when statements are not
	 * timed
	 * @param replicaStatus the replicas' status, or {@code null} when nothing monitors
	 * them
	 * @param clock the clock
	 */
	public PoolSampler(PoolInstrumentation instrumentation, @Nullable SlowQueryLog slowQueries,
			@Nullable ReplicaStatusSource replicaStatus, Clock clock) {
		this.instrumentation = instrumentation;
		this.slowQueries = slowQueries;
		this.replicaStatus = replicaStatus;
		this.clock = clock;
	}

	/**
	 * Take a sample whose timings cover what happened since this pool's previous sample.
	 * @param pool the pool
	 * @return the sample
	 */
	public PoolSample sample(MySqlPool pool) {
		PoolTimings timings = this.instrumentation.timings(pool.getName());
		long[] last = this.lastCounts.getOrDefault(pool.getName(), new long[3]);
		long borrows = timings.getBorrows();
		long returns = timings.getReturns();
		long statements = timings.getStatements();
		PoolSample sample = build(pool, timings.acquireTime(last[0]), timings.usageTime(last[1]),
				timings.statementTime(last[2]));
		this.lastCounts.put(pool.getName(), new long[] { borrows, returns, statements });
		return sample;
	}

	/**
	 * The pool's figures now, with timings over the last 1024 borrows, without moving the
	 * sampling interval on.
	 * @param pool the pool
	 * @return the figures
	 */
	public PoolSample current(MySqlPool pool) {
		PoolTimings timings = this.instrumentation.timings(pool.getName());
		return build(pool, timings.acquireTime(0), timings.usageTime(0), timings.statementTime(0));
	}

	/**
	 * The pool's state now without timings, as the last point of a series of samples.
	 * @param pool the pool
	 * @return the figures, with empty timings
	 */
	public PoolSample live(MySqlPool pool) {
		return build(pool, Percentiles.NONE, Percentiles.NONE, Percentiles.NONE);
	}

	/**
	 * The replica status of a pool, {@code null} for the primary.
	 * @param pool the pool
	 * @return its status, {@link ReplicaStatus#UNKNOWN} when nothing monitors it
	 */
	public @Nullable ReplicaStatus replicaStatus(MySqlPool pool) {
		if (pool.getRole() != PoolRole.REPLICA) {
			return null;
		}
		return (this.replicaStatus != null) ? this.replicaStatus.status(pool.getName()) : ReplicaStatus.UNKNOWN;
	}

	private PoolSample build(MySqlPool pool, Percentiles acquire, Percentiles usage, Percentiles statements) {
		PoolTimings timings = this.instrumentation.timings(pool.getName());
		HikariDataSource hikari = pool.getHikari();
		HikariPoolMXBean mxBean = (hikari != null && hikari.isRunning()) ? hikari.getHikariPoolMXBean() : null;
		int active = (mxBean != null) ? mxBean.getActiveConnections() : 0;
		int max = (hikari != null) ? hikari.getMaximumPoolSize() : 0;
		ReplicaStatus status = replicaStatus(pool);
		return new PoolSample(this.clock.instant(), active, (mxBean != null) ? mxBean.getIdleConnections() : 0,
				(mxBean != null) ? mxBean.getThreadsAwaitingConnection() : 0,
				(mxBean != null) ? mxBean.getTotalConnections() : 0, max,
				(hikari != null) ? hikari.getMinimumIdle() : 0, (max > 0) ? (double) active / max : 0, acquire, usage,
				timings.getBorrows(), pool.getRoutedBorrows(), timings.getTimeouts(),
				(this.slowQueries != null) ? this.slowQueries.count(pool.getName()) : 0,
				(status != null) ? status.lagSeconds() : null, (status != null) ? status.state() : null, statements,
				timings.getStatements(), timings.getStatementErrors());
	}

}
