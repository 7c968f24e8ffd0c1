/**
 * Pool timings: how long callers waited for and held a connection, and how long its
 * statements took.
 */
@NullMarked
package io.github.mysqlpool.monitor.timing;

import org.jspecify.annotations.NullMarked;
