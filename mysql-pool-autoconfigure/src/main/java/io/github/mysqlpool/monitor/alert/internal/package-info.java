/**
 * Alerts raised and resolved from the monitor's samples, with hysteresis, and their
 * webhook. Internal: not API, may change without notice.
 */
@NullMarked
package io.github.mysqlpool.monitor.alert.internal;

import org.jspecify.annotations.NullMarked;
