/**
 * Pool timings: how long callers waited for and held a connection, and how long its
 * statements took. Internal: not API, may change without notice.
 */
@NullMarked
package io.github.mysqlpool.monitor.timing.internal;

import org.jspecify.annotations.NullMarked;
