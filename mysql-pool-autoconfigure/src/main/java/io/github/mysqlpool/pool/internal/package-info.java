/**
 * Internal: not API, may change without notice. What the starter reads about a pool's
 * server.
 */
@NullMarked
package io.github.mysqlpool.pool.internal;

import org.jspecify.annotations.NullMarked;
