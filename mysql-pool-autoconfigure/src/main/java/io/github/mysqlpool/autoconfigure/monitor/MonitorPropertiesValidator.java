package io.github.mysqlpool.autoconfigure.monitor;

import java.net.URI;
import java.time.Duration;

import io.github.mysqlpool.autoconfigure.InvalidMySqlPoolPropertyException;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;

/**
 * Checks the monitor, alert and optimizer properties when they are bound, failing with an
 * {@link InvalidMySqlPoolPropertyException} that names the property and the fix.
 *
 * @author mysql-pool team
 */
final class MonitorPropertiesValidator {

	/** Samples kept per pool at most, about 25 MB per pool. */
	static final int MAX_CAPACITY = 100_000;

	private static final Duration MINIMUM_INTERVAL = Duration.ofMillis(50);

	private MonitorPropertiesValidator() {
	}

	static void validate(MySqlPoolMonitorProperties monitor) {
		atLeast("mysql-pool.monitor.sample-interval", monitor.getSampleInterval(), MINIMUM_INTERVAL);
		atLeast("mysql-pool.monitor.server-info-refresh", monitor.getServerInfoRefresh(), MINIMUM_INTERVAL);
		atLeast("mysql-pool.monitor.slow-query-threshold", monitor.getSlowQueryThreshold(), Duration.ofMillis(1));
		atLeast("mysql-pool.monitor.kill-guard.limit", monitor.getKillGuard().getLimit(), Duration.ofMillis(100));
		atLeast("mysql-pool.monitor.kill-guard.interval", monitor.getKillGuard().getInterval(), MINIMUM_INTERVAL);
		if (monitor.getRetention().compareTo(monitor.getSampleInterval()) < 0) {
			throw new InvalidMySqlPoolPropertyException("mysql-pool.monitor.retention", monitor.getRetention(),
					"the retention is shorter than the sample interval (" + monitor.getSampleInterval() + ")",
					"Set mysql-pool.monitor.retention to at least mysql-pool.monitor.sample-interval.");
		}
		int capacity = PoolHistory.capacityFor(monitor.getRetention(), monitor.getSampleInterval());
		if (capacity > MAX_CAPACITY) {
			throw new InvalidMySqlPoolPropertyException("mysql-pool.monitor.retention", monitor.getRetention(),
					"it would keep " + capacity + " samples per pool, more than " + MAX_CAPACITY,
					"Shorten mysql-pool.monitor.retention or lengthen mysql-pool.monitor.sample-interval.");
		}
		positive("mysql-pool.monitor.slow-query-statements", monitor.getSlowQueryStatements());
	}

	static void validate(MySqlPoolAlertsProperties alerts) {
		if (alerts.getHysteresis() < 0 || alerts.getHysteresis() >= 1) {
			throw new InvalidMySqlPoolPropertyException("mysql-pool.alerts.hysteresis", alerts.getHysteresis(),
					"the hysteresis is a fraction of the threshold from 0 up to (not including) 1",
					"Set mysql-pool.alerts.hysteresis to a value such as 0.1.");
		}
		positive("mysql-pool.alerts.raise-after", alerts.getRaiseAfter());
		positive("mysql-pool.alerts.resolve-after", alerts.getResolveAfter());
		positive("mysql-pool.alerts.resolved-retained", alerts.getResolvedRetained());
		ordered("pool-utilization", alerts.getPoolUtilization().getWarning(),
				alerts.getPoolUtilization().getCritical());
		ordered("acquire-time", alerts.getAcquireTime().getWarning().toMillis(),
				alerts.getAcquireTime().getCritical().toMillis());
		ordered("query-time", alerts.getQueryTime().getWarning().toMillis(),
				alerts.getQueryTime().getCritical().toMillis());
		ordered("error-rate", alerts.getErrorRate().getWarning(), alerts.getErrorRate().getCritical());
		positive("mysql-pool.alerts.webhook.max-attempts", alerts.getWebhook().getMaxAttempts());
		positive("mysql-pool.alerts.webhook.queue-capacity", alerts.getWebhook().getQueueCapacity());
		atLeast("mysql-pool.alerts.webhook.timeout", alerts.getWebhook().getTimeout(), Duration.ofMillis(1));
		if (alerts.getWebhook().getRetryDelay().isNegative()) {
			throw new InvalidMySqlPoolPropertyException("mysql-pool.alerts.webhook.retry-delay",
					alerts.getWebhook().getRetryDelay(), "the delay cannot be negative",
					"Set mysql-pool.alerts.webhook.retry-delay to 0 or more, such as 1s.");
		}
		URI url = alerts.getWebhook().getUrl();
		if (url != null && !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
			// The URL itself is not shown: a webhook URL usually holds a secret token
			throw new InvalidMySqlPoolPropertyException("mysql-pool.alerts.webhook.url", "scheme " + url.getScheme(),
					"only http and https URLs can be posted to",
					"Set mysql-pool.alerts.webhook.url to an http or https URL, such as a Slack incoming webhook.");
		}
		ordered("slow-queries", alerts.getSlowQueries().getWarning(), alerts.getSlowQueries().getCritical());
		ordered("replication-lag", alerts.getReplicationLag().getWarning().toMillis(),
				alerts.getReplicationLag().getCritical().toMillis());
		ordered("connection-failures", alerts.getConnectionFailures().getWarning(),
				alerts.getConnectionFailures().getCritical());
	}

	static void validate(MySqlPoolOptimizeProperties optimize) {
		positive("mysql-pool.optimize.instances", optimize.getInstances());
		positive("mysql-pool.optimize.minimum-pool-size", optimize.getMinimumPoolSize());
		if (optimize.getMaximumPoolSize() < optimize.getMinimumPoolSize()) {
			throw new InvalidMySqlPoolPropertyException("mysql-pool.optimize.maximum-pool-size",
					optimize.getMaximumPoolSize(),
					"it is below mysql-pool.optimize.minimum-pool-size (" + optimize.getMinimumPoolSize() + ")",
					"Set mysql-pool.optimize.maximum-pool-size to at least mysql-pool.optimize.minimum-pool-size.");
		}
		if (optimize.getHeadroom() < 0) {
			throw new InvalidMySqlPoolPropertyException("mysql-pool.optimize.headroom", optimize.getHeadroom(),
					"the headroom cannot be negative", "Set mysql-pool.optimize.headroom to 0 or more, such as 0.2.");
		}
		atLeast("mysql-pool.optimize.auto-interval", optimize.getAutoInterval(), MINIMUM_INTERVAL);
		if (optimize.getServerCores() != null) {
			positive("mysql-pool.optimize.server-cores", optimize.getServerCores());
		}
	}

	private static void ordered(String rule, double warning, double critical) {
		if (warning < 0 || critical < warning) {
			throw new InvalidMySqlPoolPropertyException("mysql-pool.alerts." + rule + ".critical", critical,
					"the critical threshold must not be below the warning threshold (" + warning
							+ ") and neither may be negative",
					"Set mysql-pool.alerts." + rule + ".critical at or above mysql-pool.alerts." + rule + ".warning.");
		}
	}

	private static void positive(String property, int value) {
		if (value < 1) {
			throw new InvalidMySqlPoolPropertyException(property, value, "the value must be at least 1",
					"Set " + property + " to 1 or more.");
		}
	}

	private static void atLeast(String property, Duration value, Duration minimum) {
		if (value.compareTo(minimum) < 0) {
			throw new InvalidMySqlPoolPropertyException(property, value,
					"the value must be at least " + minimum.toMillis() + " ms",
					"Set " + property + " to a duration of at least " + minimum.toMillis() + " ms, for example 10s.");
		}
	}

}
