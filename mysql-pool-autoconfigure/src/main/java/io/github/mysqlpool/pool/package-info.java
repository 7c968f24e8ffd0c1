/**
 * The primary and replica connection pools and their registry.
 */
@NullMarked
package io.github.mysqlpool.pool;

import org.jspecify.annotations.NullMarked;
