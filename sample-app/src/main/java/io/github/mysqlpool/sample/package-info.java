/**
 * Sample application of the mysql-pool starter.
 */
@NullMarked
package io.github.mysqlpool.sample;

import org.jspecify.annotations.NullMarked;
