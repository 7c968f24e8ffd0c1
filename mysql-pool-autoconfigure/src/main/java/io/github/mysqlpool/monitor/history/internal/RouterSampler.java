package io.github.mysqlpool.monitor.history.internal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.retry.internal.RetryStatistics;
import io.github.mysqlpool.routing.internal.RouterStatistics;
import org.jspecify.annotations.Nullable;

/**
 * Reads the routing's counters: the reads each replica pool counted, the routing data
 * source's {@link RouterStatistics} and the retries' {@link RetryStatistics}.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class RouterSampler {

	private final MySqlPools pools;

	private final @Nullable RouterStatistics router;

	private final @Nullable RetryStatistics retries;

	private final Clock clock;

	/**
	 * Create the sampler.
	 * @param pools the pools
	 * @param router the routing data source's statistics, {@code null} when the
	 * application's data source is not the starter's
	 * @param retries the retries' statistics, {@code null} without the retry aspect
	 * @param clock the clock
	 */
	public RouterSampler(MySqlPools pools, @Nullable RouterStatistics router, @Nullable RetryStatistics retries,
			Clock clock) {
		this.pools = pools;
		this.router = router;
		this.retries = retries;
		this.clock = clock;
	}

	/**
	 * The counters now.
	 * @return the sample
	 */
	public RouterSample sample() {
		Map<String, Long> reads = new LinkedHashMap<>();
		for (MySqlPool pool : this.pools.getReplicas()) {
			reads.put(pool.getName(), pool.getRoutedBorrows());
		}
		RouterStatistics statistics = this.router;
		return new RouterSample(this.clock.instant(), reads, (statistics != null) ? statistics.getWrites() : 0,
				(statistics != null) ? statistics.getFallbacksToPrimary() : Map.of(),
				(statistics != null) ? statistics.getFailedReads() : Map.of(),
				(statistics != null) ? statistics.getFencedReadsByReplica() : 0,
				(statistics != null) ? statistics.getFencedReadsByPrimary() : Map.of(),
				(this.retries != null) ? this.retries.failures() : Map.of());
	}

}
