package io.github.mysqlpool.autoconfigure.monitor;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of pool alerts: the thresholds of each rule and the hysteresis
 * that keeps alerts from flapping.
 * <p>
 * This class is long because, as in Boot's own properties classes, each key is one field
 * with its javadoc, which is the generated metadata's description.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@ConfigurationProperties("mysql-pool.alerts")
public class MySqlPoolAlertsProperties implements Validator {

	/**
	 * Whether to evaluate alert rules on every sample.
	 */
	private boolean enabled = true;

	/**
	 * Fraction of a threshold a value must fall below it before the alert counts towards
	 * resolving, for example 0.1 resolves an 80% utilization alert below 72%.
	 */
	private double hysteresis = 0.1;

	/**
	 * Consecutive samples at or above a threshold that raise an alert.
	 */
	private int raiseAfter = 1;

	/**
	 * Consecutive samples below the threshold less the hysteresis that resolve an alert.
	 */
	private int resolveAfter = 3;

	/**
	 * Maximum number of resolved alerts kept for the endpoint.
	 */
	private int resolvedRetained = 50;

	/**
	 * Connections in use as a percentage of the maximum pool size.
	 */
	private final PoolUtilization poolUtilization = new PoolUtilization();

	/**
	 * 95th percentile of the time callers waited for a connection between two samples.
	 */
	private final AcquireTime acquireTime = new AcquireTime();

	/**
	 * 95th percentile of the time statements took between two samples (MySQL Connector/J
	 * pools).
	 */
	private final QueryTime queryTime = new QueryTime();

	/**
	 * Failed statements in the last minute as a percentage of the statements run (told
	 * from 20 statements a minute).
	 */
	private final ErrorRate errorRate = new ErrorRate();

	/**
	 * Where raised and resolved alerts are also posted.
	 */
	private final Webhook webhook = new Webhook();

	/**
	 * Statements slower than the slow-query threshold in the last minute.
	 */
	private final SlowQueries slowQueries = new SlowQueries();

	/**
	 * Replication lag of a replica, as reported by the replica status source.
	 */
	private final ReplicationLag replicationLag = new ReplicationLag();

	/**
	 * Callers that gave up waiting for a connection (connection-timeout) in the last
	 * minute.
	 */
	private final ConnectionFailures connectionFailures = new ConnectionFailures();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public double getHysteresis() {
		return this.hysteresis;
	}

	public void setHysteresis(double hysteresis) {
		this.hysteresis = hysteresis;
	}

	public int getRaiseAfter() {
		return this.raiseAfter;
	}

	public void setRaiseAfter(int raiseAfter) {
		this.raiseAfter = raiseAfter;
	}

	public int getResolveAfter() {
		return this.resolveAfter;
	}

	public void setResolveAfter(int resolveAfter) {
		this.resolveAfter = resolveAfter;
	}

	public int getResolvedRetained() {
		return this.resolvedRetained;
	}

	public void setResolvedRetained(int resolvedRetained) {
		this.resolvedRetained = resolvedRetained;
	}

	public PoolUtilization getPoolUtilization() {
		return this.poolUtilization;
	}

	public AcquireTime getAcquireTime() {
		return this.acquireTime;
	}

	public QueryTime getQueryTime() {
		return this.queryTime;
	}

	public ErrorRate getErrorRate() {
		return this.errorRate;
	}

	public Webhook getWebhook() {
		return this.webhook;
	}

	public SlowQueries getSlowQueries() {
		return this.slowQueries;
	}

	public ReplicationLag getReplicationLag() {
		return this.replicationLag;
	}

	public ConnectionFailures getConnectionFailures() {
		return this.connectionFailures;
	}

	@Override
	public boolean supports(Class<?> type) {
		return MySqlPoolAlertsProperties.class.isAssignableFrom(type);
	}

	/**
	 * Check the bound properties.
	 * @param target these properties
	 * @param errors unused: an invalid value throws
	 * @throws io.github.mysqlpool.autoconfigure.InvalidMySqlPoolPropertyException naming
	 * the first invalid property and the fix
	 */
	@Override
	public void validate(Object target, Errors errors) {
		MonitorPropertiesValidator.validate((MySqlPoolAlertsProperties) target);
	}

	/**
	 * Pool utilization thresholds, in percent.
	 */
	public static class PoolUtilization {

		/**
		 * Percentage of the pool in use from which a warning is raised.
		 */
		private double warning = 80;

		/**
		 * Percentage of the pool in use from which a critical alert is raised.
		 */
		private double critical = 95;

		public double getWarning() {
			return this.warning;
		}

		public void setWarning(double warning) {
			this.warning = warning;
		}

		public double getCritical() {
			return this.critical;
		}

		public void setCritical(double critical) {
			this.critical = critical;
		}

	}

	/**
	 * Connection acquire time thresholds.
	 */
	public static class AcquireTime {

		/**
		 * 95th percentile wait from which a warning is raised.
		 */
		private Duration warning = Duration.ofSeconds(2);

		/**
		 * 95th percentile wait from which a critical alert is raised.
		 */
		private Duration critical = Duration.ofSeconds(5);

		public Duration getWarning() {
			return this.warning;
		}

		public void setWarning(Duration warning) {
			this.warning = warning;
		}

		public Duration getCritical() {
			return this.critical;
		}

		public void setCritical(Duration critical) {
			this.critical = critical;
		}

	}

	/**
	 * Statement time thresholds.
	 */
	public static class QueryTime {

		/**
		 * 95th percentile statement time from which a warning is raised.
		 */
		private Duration warning = Duration.ofSeconds(2);

		/**
		 * 95th percentile statement time from which a critical alert is raised.
		 */
		private Duration critical = Duration.ofSeconds(5);

		public Duration getWarning() {
			return this.warning;
		}

		public void setWarning(Duration warning) {
			this.warning = warning;
		}

		public Duration getCritical() {
			return this.critical;
		}

		public void setCritical(Duration critical) {
			this.critical = critical;
		}

	}

	/**
	 * Statement error rate thresholds, in percent.
	 */
	public static class ErrorRate {

		/**
		 * Percentage of failed statements in the last minute from which a warning is
		 * raised.
		 */
		private double warning = 5;

		/**
		 * Percentage of failed statements in the last minute from which a critical alert
		 * is raised.
		 */
		private double critical = 20;

		public double getWarning() {
			return this.warning;
		}

		public void setWarning(double warning) {
			this.warning = warning;
		}

		public double getCritical() {
			return this.critical;
		}

		public void setCritical(double critical) {
			this.critical = critical;
		}

	}

	/**
	 * Delivery of alerts to a webhook, as Slack-compatible JSON.
	 */
	public static class Webhook {

		/**
		 * URL raised and resolved alerts are posted to as Slack-compatible JSON ({"text":
		 * ...}), such as a Slack incoming webhook; none when unset.
		 */
		private @Nullable URI url;

		/**
		 * Attempts to deliver one alert before it is dropped.
		 */
		private int maxAttempts = 3;

		/**
		 * Time to wait before the first retry; doubled for each further one.
		 */
		private Duration retryDelay = Duration.ofSeconds(1);

		/**
		 * Time to wait for the webhook to answer one attempt.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		/**
		 * Most alerts waiting for delivery; past it the oldest is dropped.
		 */
		private int queueCapacity = 100;

		public @Nullable URI getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable URI url) {
			this.url = url;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getRetryDelay() {
			return this.retryDelay;
		}

		public void setRetryDelay(Duration retryDelay) {
			this.retryDelay = retryDelay;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

	}

	/**
	 * Slow statement thresholds, per minute.
	 */
	public static class SlowQueries {

		/**
		 * Slow statements in the last minute from which a warning is raised.
		 */
		private int warning = 10;

		/**
		 * Slow statements in the last minute from which a critical alert is raised.
		 */
		private int critical = 50;

		public int getWarning() {
			return this.warning;
		}

		public void setWarning(int warning) {
			this.warning = warning;
		}

		public int getCritical() {
			return this.critical;
		}

		public void setCritical(int critical) {
			this.critical = critical;
		}

	}

	/**
	 * Replication lag thresholds.
	 */
	public static class ReplicationLag {

		/**
		 * Lag from which a warning is raised.
		 */
		private Duration warning = Duration.ofSeconds(5);

		/**
		 * Lag from which a critical alert is raised.
		 */
		private Duration critical = Duration.ofSeconds(30);

		public Duration getWarning() {
			return this.warning;
		}

		public void setWarning(Duration warning) {
			this.warning = warning;
		}

		public Duration getCritical() {
			return this.critical;
		}

		public void setCritical(Duration critical) {
			this.critical = critical;
		}

	}

	/**
	 * Connection failure thresholds, per minute.
	 */
	public static class ConnectionFailures {

		/**
		 * Connection timeouts in the last minute from which a warning is raised.
		 */
		private int warning = 5;

		/**
		 * Connection timeouts in the last minute from which a critical alert is raised.
		 */
		private int critical = 20;

		public int getWarning() {
			return this.warning;
		}

		public void setWarning(int warning) {
			this.warning = warning;
		}

		public int getCritical() {
			return this.critical;
		}

		public void setCritical(int critical) {
			this.critical = critical;
		}

	}

}
