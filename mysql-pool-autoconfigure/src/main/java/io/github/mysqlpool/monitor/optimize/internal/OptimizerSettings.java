package io.github.mysqlpool.monitor.optimize.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Bounds and targets of the pool optimizer.
 *
 * @param minimumPoolSize smallest maximum pool size ever suggested or applied
 * @param maximumPoolSize largest maximum pool size ever suggested or applied
 * @param instances application instances sharing each server's max_connections
 * @param headroom fraction added on top of the observed demand
 * @param targetAcquireTime 95th percentile wait above which the pool is too small
 * @param serverCores cores of the database servers, for HikariCP's formula, or
 * {@code null} when unknown
 * @author mysql-pool team
 * @since 0.1.0
 */
public record OptimizerSettings(int minimumPoolSize, int maximumPoolSize, int instances, double headroom,
		Duration targetAcquireTime, @Nullable Integer serverCores) {

}
