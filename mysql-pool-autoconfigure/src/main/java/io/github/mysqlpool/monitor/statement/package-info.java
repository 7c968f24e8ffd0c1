/**
 * Slow statements: the driver-side statement timer, the slow statement log and the guard
 * that kills statements running too long.
 */
@NullMarked
package io.github.mysqlpool.monitor.statement;

import org.jspecify.annotations.NullMarked;
