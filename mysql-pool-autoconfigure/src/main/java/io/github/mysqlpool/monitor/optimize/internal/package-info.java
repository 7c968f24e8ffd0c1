/**
 * Pool size recommendations from observed load, and their application at run time.
 * Internal: not API, may change without notice.
 */
@NullMarked
package io.github.mysqlpool.monitor.optimize.internal;

import org.jspecify.annotations.NullMarked;
