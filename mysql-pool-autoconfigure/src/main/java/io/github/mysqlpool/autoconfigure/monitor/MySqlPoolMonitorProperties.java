package io.github.mysqlpool.autoconfigure.monitor;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of pool monitoring: sampling, history and slow statements.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@ConfigurationProperties("mysql-pool.monitor")
public class MySqlPoolMonitorProperties implements Validator {

	/**
	 * Whether to sample the pools in the background, keep their history, evaluate alerts
	 * and offer size recommendations.
	 */
	private boolean enabled = true;

	/**
	 * Time between two samples of every pool.
	 */
	private Duration sampleInterval = Duration.ofSeconds(10);

	/**
	 * How long samples are kept in memory; the history holds retention / sample-interval
	 * samples per pool.
	 */
	private Duration retention = Duration.ofHours(1);

	/**
	 * How often each server's figures (version, max_connections, Threads_connected,
	 * wait_timeout, uptime) are read again, with a short-lived connection of their own.
	 */
	private Duration serverInfoRefresh = Duration.ofSeconds(30);

	/**
	 * Whether to have MySQL Connector/J time every statement to count and list the slow
	 * ones. Pools on other drivers are not timed.
	 */
	private boolean slowQueryTiming = true;

	/**
	 * Statements taking at least this long count as slow.
	 */
	private Duration slowQueryThreshold = Duration.ofSeconds(1);

	/**
	 * Maximum number of slow statement shapes kept per pool; the fastest is dropped
	 * first.
	 */
	private int slowQueryStatements = 20;

	/**
	 * Killing of statements that run too long on the pools' own connections.
	 */
	private final KillGuard killGuard = new KillGuard();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getSampleInterval() {
		return this.sampleInterval;
	}

	public void setSampleInterval(Duration sampleInterval) {
		this.sampleInterval = sampleInterval;
	}

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

	public Duration getServerInfoRefresh() {
		return this.serverInfoRefresh;
	}

	public void setServerInfoRefresh(Duration serverInfoRefresh) {
		this.serverInfoRefresh = serverInfoRefresh;
	}

	public boolean isSlowQueryTiming() {
		return this.slowQueryTiming;
	}

	public void setSlowQueryTiming(boolean slowQueryTiming) {
		this.slowQueryTiming = slowQueryTiming;
	}

	public Duration getSlowQueryThreshold() {
		return this.slowQueryThreshold;
	}

	public void setSlowQueryThreshold(Duration slowQueryThreshold) {
		this.slowQueryThreshold = slowQueryThreshold;
	}

	public int getSlowQueryStatements() {
		return this.slowQueryStatements;
	}

	public void setSlowQueryStatements(int slowQueryStatements) {
		this.slowQueryStatements = slowQueryStatements;
	}

	public KillGuard getKillGuard() {
		return this.killGuard;
	}

	@Override
	public boolean supports(Class<?> type) {
		return MySqlPoolMonitorProperties.class.isAssignableFrom(type);
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
		MonitorPropertiesValidator.validate((MySqlPoolMonitorProperties) target);
	}

	/**
	 * Killing of statements that run too long on the pools' own connections.
	 */
	public static class KillGuard {

		/**
		 * Whether to kill (KILL QUERY, from a connection of the starter's own) statements
		 * of the pools' connections that run longer than the limit. Needs the slow-query
		 * timing (MySQL Connector/J pools), which knows each connection's server session;
		 * other clients' sessions are never touched.
		 */
		private boolean enabled;

		/**
		 * Longest a statement may run before it is killed.
		 */
		private Duration limit = Duration.ofMinutes(5);

		/**
		 * Time between two checks of the pools' sessions.
		 */
		private Duration interval = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getLimit() {
			return this.limit;
		}

		public void setLimit(Duration limit) {
			this.limit = limit;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

}
