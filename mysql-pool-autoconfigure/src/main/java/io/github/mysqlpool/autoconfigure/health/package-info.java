/**
 * Auto-configuration of the mysql-pool health indicator.
 */
@NullMarked
package io.github.mysqlpool.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
