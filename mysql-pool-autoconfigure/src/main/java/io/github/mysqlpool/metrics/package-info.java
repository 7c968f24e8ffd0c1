/**
 * Micrometer meters of the replicas and the routing.
 */
@NullMarked
package io.github.mysqlpool.metrics;

import org.jspecify.annotations.NullMarked;
