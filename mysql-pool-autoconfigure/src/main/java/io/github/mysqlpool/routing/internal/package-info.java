/**
 * How the routing works: the routing data source and its routes, the per-thread routing
 * state, the replicas in rotation, the {@code ReadOnly} resolver and advisor, used by the
 * auto-configuration and other parts of the starter. Internal: not API, may change
 * without notice.
 */
@NullMarked
package io.github.mysqlpool.routing.internal;

import org.jspecify.annotations.NullMarked;
