/**
 * Pool size recommendations from observed load, and their application at run time.
 */
@NullMarked
package io.github.mysqlpool.monitor.optimize;

import org.jspecify.annotations.NullMarked;
