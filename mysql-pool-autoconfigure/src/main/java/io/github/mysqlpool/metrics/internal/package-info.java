/**
 * Micrometer meters of the mysql-pool starter. Internal: not API, may change without
 * notice.
 */
@NullMarked
package io.github.mysqlpool.metrics.internal;

import org.jspecify.annotations.NullMarked;
