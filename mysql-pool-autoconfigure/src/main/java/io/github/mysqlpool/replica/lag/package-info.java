/**
 * Replica monitoring: what an application sees of it, the replicas' state changes, the
 * lag sources and the missing privilege that fails start-up. The monitor itself is in
 * {@code replica.lag.internal}.
 */
@NullMarked
package io.github.mysqlpool.replica.lag;

import org.jspecify.annotations.NullMarked;
