package io.github.mysqlpool.monitor.alert;

/**
 * Published once when a pool alert is resolved.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class AlertResolvedEvent extends MySqlPoolAlertEvent {

	/**
	 * Create the event.
	 * @param source the publisher
	 * @param alert the alert resolved
	 */
	public AlertResolvedEvent(Object source, Alert alert) {
		super(source, alert);
	}

}
