/**
 * Pool and routing samples and their bounded history. Internal: not API, may change
 * without notice.
 */
@NullMarked
package io.github.mysqlpool.monitor.history.internal;

import org.jspecify.annotations.NullMarked;
