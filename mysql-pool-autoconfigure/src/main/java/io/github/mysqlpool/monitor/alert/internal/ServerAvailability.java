package io.github.mysqlpool.monitor.alert.internal;

import java.util.List;

import io.github.mysqlpool.monitor.alert.AlertRule;
import io.github.mysqlpool.monitor.alert.AlertSeverity;

/**
 * What the monitors know of the servers' availability, read by {@link PoolAlerts} on
 * every sample: the availability alerts that should be active now.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@FunctionalInterface
public interface ServerAvailability {

	/**
	 * The conditions that hold now.
	 * @return one condition per availability alert that should be active
	 */
	List<Condition> current();

	/**
	 * One availability condition.
	 *
	 * @param rule the availability rule
	 * @param pool the pool it concerns
	 * @param severity how serious it is
	 */
	record Condition(AlertRule rule, String pool, AlertSeverity severity) {

	}

}
