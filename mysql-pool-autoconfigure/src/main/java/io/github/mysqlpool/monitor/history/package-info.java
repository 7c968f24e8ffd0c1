/**
 * Pool and routing samples and their bounded history.
 */
@NullMarked
package io.github.mysqlpool.monitor.history;

import org.jspecify.annotations.NullMarked;
