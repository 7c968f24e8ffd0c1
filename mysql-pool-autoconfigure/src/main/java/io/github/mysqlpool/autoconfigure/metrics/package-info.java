/**
 * Auto-configuration of the mysql-pool replica and routing meters.
 */
@NullMarked
package io.github.mysqlpool.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
