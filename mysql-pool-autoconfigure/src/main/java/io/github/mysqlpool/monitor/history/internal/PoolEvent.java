package io.github.mysqlpool.monitor.history.internal;

import java.time.Instant;

/**
 * Something that changed a pool, recorded next to its samples: for example a new maximum
 * pool size applied by the optimizer.
 *
 * @param time when it happened
 * @param pool the pool name
 * @param type what kind of change, for example {@code optimize}
 * @param description what changed, in words
 * @author mysql-pool team
 * @since 0.1.0
 */
public record PoolEvent(Instant time, String pool, String type, String description) {

}
