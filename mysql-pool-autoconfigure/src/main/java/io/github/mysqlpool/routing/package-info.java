/**
 * Read/write routing: {@link io.github.mysqlpool.routing.ReadOnly}, the routing data
 * source and replica selection.
 */
@NullMarked
package io.github.mysqlpool.routing;

import org.jspecify.annotations.NullMarked;
