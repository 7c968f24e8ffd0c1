package io.github.mysqlpool.monitor.alert;

/**
 * Published once when a pool alert is raised.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class AlertRaisedEvent extends MySqlPoolAlertEvent {

	/**
	 * Create the event.
	 * @param source the publisher
	 * @param alert the alert raised
	 */
	public AlertRaisedEvent(Object source, Alert alert) {
		super(source, alert);
	}

}
