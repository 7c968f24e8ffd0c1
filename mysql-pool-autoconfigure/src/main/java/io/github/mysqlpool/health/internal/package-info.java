/**
 * Health of the primary and replica pools. Internal: not API, may change without notice.
 */
@NullMarked
package io.github.mysqlpool.health.internal;

import org.jspecify.annotations.NullMarked;
