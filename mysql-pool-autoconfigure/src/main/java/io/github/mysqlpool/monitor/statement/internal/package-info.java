/**
 * Slow statements: the driver-side statement timer, the slow statement log and the guard
 * that kills statements running too long. Internal: not API, may change without notice.
 */
@NullMarked
package io.github.mysqlpool.monitor.statement.internal;

import org.jspecify.annotations.NullMarked;
