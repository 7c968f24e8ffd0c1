package io.github.mysqlpool.autoconfigure.monitor;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.github.mysqlpool.monitor.alert.AlertRule;
import io.github.mysqlpool.monitor.alert.internal.AlertThresholds;

/**
 * The thresholds of every alert rule, from {@code mysql-pool.alerts.*}, in the rules'
 * units (percent, seconds, per minute).
 *
 * @author mysql-pool team
 */
final class AlertRuleThresholds {

	private AlertRuleThresholds() {
	}

	/**
	 * The thresholds of every rule.
	 * @param properties the alerts' properties
	 * @return thresholds per rule
	 */
	static Map<AlertRule, AlertThresholds> of(MySqlPoolAlertsProperties properties) {
		Map<AlertRule, AlertThresholds> rules = new EnumMap<>(AlertRule.class);
		rules.put(AlertRule.POOL_UTILIZATION, new AlertThresholds(properties.getPoolUtilization().getWarning(),
				properties.getPoolUtilization().getCritical()));
		rules.put(AlertRule.ACQUIRE_TIME,
				seconds(properties.getAcquireTime().getWarning(), properties.getAcquireTime().getCritical()));
		rules.put(AlertRule.QUERY_TIME,
				seconds(properties.getQueryTime().getWarning(), properties.getQueryTime().getCritical()));
		rules.put(AlertRule.ERROR_RATE,
				new AlertThresholds(properties.getErrorRate().getWarning(), properties.getErrorRate().getCritical()));
		rules.put(AlertRule.SLOW_QUERIES, new AlertThresholds((double) properties.getSlowQueries().getWarning(),
				(double) properties.getSlowQueries().getCritical()));
		rules.put(AlertRule.REPLICATION_LAG,
				seconds(properties.getReplicationLag().getWarning(), properties.getReplicationLag().getCritical()));
		rules.put(AlertRule.CONNECTION_FAILURES,
				new AlertThresholds((double) properties.getConnectionFailures().getWarning(),
						(double) properties.getConnectionFailures().getCritical()));
		return rules;
	}

	private static AlertThresholds seconds(Duration warning, Duration critical) {
		return new AlertThresholds(warning.toMillis() / 1000.0, critical.toMillis() / 1000.0);
	}

}
