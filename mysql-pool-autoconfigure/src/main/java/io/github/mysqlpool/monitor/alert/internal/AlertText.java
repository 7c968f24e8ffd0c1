package io.github.mysqlpool.monitor.alert.internal;

import io.github.mysqlpool.monitor.alert.Alert;

/**
 * How an alert reads in the log and in the webhook's message.
 *
 * @author mysql-pool team
 */
final class AlertText {

	private AlertText() {
	}

	static String describe(Alert alert) {
		return alert.severity() + " " + alert.rule() + " on pool '" + alert.pool() + "': " + format(alert.value())
				+ alert.unit() + " (threshold " + format(alert.threshold()) + alert.unit() + ")";
	}

	static String format(double value) {
		return (value == Math.rint(value)) ? Long.toString((long) value) : Double.toString(value);
	}

}
