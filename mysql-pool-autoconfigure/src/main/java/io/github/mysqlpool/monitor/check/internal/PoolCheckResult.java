package io.github.mysqlpool.monitor.check.internal;

import java.util.Map;

import io.github.mysqlpool.monitor.timing.internal.Percentiles;

/**
 * What an on-demand check of one pool found.
 *
 * @param pool the pool name
 * @param concurrency threads that checked it (capped at half the pool's maximum size)
 * @param seconds how long the check ran
 * @param operations operations run: borrow, statement, return
 * @param succeeded operations that succeeded
 * @param errors operations that failed
 * @param errorsByClass failed operations by exception class
 * @param operationsPerSecond operations per second
 * @param latency time of each operation, borrow included, in milliseconds (over the first
 * 100,000 operations)
 * @param servers operations per server that answered, as {@code @@hostname:@@port}
 * @param yielded times a thread paused because other callers were waiting for the pool
 * @author mysql-pool team
 * @since 0.1.0
 */
public record PoolCheckResult(String pool, int concurrency, double seconds, long operations, long succeeded,
		long errors, Map<String, Long> errorsByClass, double operationsPerSecond, Percentiles latency,
		Map<String, Long> servers, long yielded) {

}
