/**
 * Micrometer meters of the mysql-pool starter.
 */
@NullMarked
package io.github.mysqlpool.metrics;

import org.jspecify.annotations.NullMarked;
