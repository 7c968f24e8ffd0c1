package io.github.mysqlpool.monitor.alert;

/**
 * How serious an alert is.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public enum AlertSeverity {

	/**
	 * Worth a look before it gets worse.
	 */
	WARNING,

	/**
	 * Callers are, or soon will be, affected.
	 */
	CRITICAL

}
