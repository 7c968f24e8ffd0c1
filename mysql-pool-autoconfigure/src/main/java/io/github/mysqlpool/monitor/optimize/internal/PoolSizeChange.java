package io.github.mysqlpool.monitor.optimize.internal;

import java.time.Instant;

/**
 * A pool size change applied at run time.
 *
 * @param pool the pool name
 * @param time when it was applied
 * @param maximumPoolSizeBefore maximum pool size before
 * @param minimumIdleBefore minimum idle connections before
 * @param maximumPoolSizeAfter maximum pool size after
 * @param minimumIdleAfter minimum idle connections after
 * @param applied whether anything changed
 * @param reason why, in words
 * @author mysql-pool team
 * @since 0.1.0
 */
public record PoolSizeChange(String pool, Instant time, int maximumPoolSizeBefore, int minimumIdleBefore,
		int maximumPoolSizeAfter, int minimumIdleAfter, boolean applied, String reason) {

}
