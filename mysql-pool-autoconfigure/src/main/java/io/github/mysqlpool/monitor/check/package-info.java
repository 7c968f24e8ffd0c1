/**
 * On-demand checks of pools: borrow, run and return for a bounded time.
 */
@NullMarked
package io.github.mysqlpool.monitor.check;

import org.jspecify.annotations.NullMarked;
