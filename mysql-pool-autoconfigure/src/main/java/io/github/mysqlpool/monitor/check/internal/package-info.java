/**
 * On-demand checks of pools: borrow, run and return for a bounded time. Internal: not
 * API, may change without notice.
 */
@NullMarked
package io.github.mysqlpool.monitor.check.internal;

import org.jspecify.annotations.NullMarked;
