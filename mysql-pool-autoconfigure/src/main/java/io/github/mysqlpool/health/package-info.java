/**
 * Health of the primary and replica pools.
 */
@NullMarked
package io.github.mysqlpool.health;

import org.jspecify.annotations.NullMarked;
