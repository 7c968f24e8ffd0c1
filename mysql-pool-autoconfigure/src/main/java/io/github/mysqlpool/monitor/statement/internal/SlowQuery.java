package io.github.mysqlpool.monitor.statement.internal;

import java.time.Instant;

/**
 * One statement shape that ran slower than the threshold, without any value it was run
 * with.
 *
 * @param sql the statement with every literal replaced by {@code ?}
 * @param count how many times it ran slower than the threshold
 * @param maxMillis its slowest run
 * @param meanMillis its mean time over the slow runs
 * @param lastSeen when it last ran slow
 * @author mysql-pool team
 * @since 0.1.0
 */
public record SlowQuery(String sql, long count, long maxMillis, double meanMillis, Instant lastSeen) {

}
