/**
 * Read/write routing: {@link io.github.mysqlpool.routing.ReadOnly}, what a read does when
 * no replica is fit, and replica selection.
 */
@NullMarked
package io.github.mysqlpool.routing;

import org.jspecify.annotations.NullMarked;
