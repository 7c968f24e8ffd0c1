package io.github.mysqlpool.monitor.alert;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a pool alert is raised or resolved.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public abstract class MySqlPoolAlertEvent extends ApplicationEvent {

	private final Alert alert;

	MySqlPoolAlertEvent(Object source, Alert alert) {
		super(source);
		this.alert = alert;
	}

	public Alert getAlert() {
		return this.alert;
	}

}
