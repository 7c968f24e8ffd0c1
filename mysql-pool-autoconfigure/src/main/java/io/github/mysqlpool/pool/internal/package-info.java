/**
 * Starting the pools, inspecting the server of a data source the starter adopts, and what
 * the starter reads about a pool's server. Internal: not API, may change without notice.
 */
@NullMarked
package io.github.mysqlpool.pool.internal;

import org.jspecify.annotations.NullMarked;
