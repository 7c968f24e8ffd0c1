/**
 * Auto-configuration of the mysql-pool starter: properties, pools and routing.
 */
@NullMarked
package io.github.mysqlpool.autoconfigure;

import org.jspecify.annotations.NullMarked;
