/**
 * Alerts raised and resolved from the monitor's samples, with hysteresis.
 */
@NullMarked
package io.github.mysqlpool.monitor.alert;

import org.jspecify.annotations.NullMarked;
