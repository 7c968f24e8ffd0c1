/**
 * Starting the pools, and inspecting the server of a data source the starter adopts.
 * Internal: not API, may change without notice.
 */
@NullMarked
package io.github.mysqlpool.pool.internal;

import org.jspecify.annotations.NullMarked;
