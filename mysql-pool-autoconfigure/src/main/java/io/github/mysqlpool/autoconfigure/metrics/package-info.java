/**
 * Auto-configuration of the starter's Micrometer meters and HikariCP's per-pool metrics.
 */
@NullMarked
package io.github.mysqlpool.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
