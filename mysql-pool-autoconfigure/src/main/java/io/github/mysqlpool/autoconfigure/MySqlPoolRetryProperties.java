package io.github.mysqlpool.autoconfigure;

import java.time.Duration;

import io.github.mysqlpool.retry.internal.RetrySettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the retry of transient MySQL failures: attempts and
 * back-off of ReadOnly reads and RetryableTransaction methods, and the primary's circuit
 * breaker.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@ConfigurationProperties("mysql-pool.retry")
public class MySqlPoolRetryProperties implements Validator {

	/**
	 * Default order of the retry advisor: before (outside) the ReadOnly advisor and the
	 * transaction advisor.
	 */
	public static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 200;

	/**
	 * Whether to retry ReadOnly reads and RetryableTransaction methods after transient
	 * MySQL failures.
	 */
	private boolean enabled = true;

	/**
	 * Maximum number of attempts of a call, the first one included.
	 */
	private int maxAttempts = 3;

	/**
	 * Back-off before the second attempt; each later back-off is multiplied by the
	 * multiplier.
	 */
	private Duration delay = Duration.ofMillis(50);

	/**
	 * Factor applied to the back-off after each attempt.
	 */
	private double multiplier = 2.0;

	/**
	 * Upper bound of one back-off.
	 */
	private Duration maxDelay = Duration.ofSeconds(1);

	/**
	 * Random variation added to or taken from each back-off, scaled by the multiplier
	 * like the back-off itself.
	 */
	private Duration jitter = Duration.ofMillis(25);

	/**
	 * Time after the first attempt started beyond which no further attempt starts,
	 * back-offs included.
	 */
	private Duration maxElapsedTime = Duration.ofSeconds(10);

	/**
	 * Order of the retry advisor, by default Ordered.LOWEST_PRECEDENCE - 200. It must run
	 * before (outside) the ReadOnly advisor and the transaction advisor, so that each
	 * attempt is a whole new transaction.
	 */
	private int order = DEFAULT_ORDER;

	/**
	 * Circuit breaker that makes write attempts fail fast while the primary is down.
	 */
	private final CircuitBreaker circuitBreaker = new CircuitBreaker();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getDelay() {
		return this.delay;
	}

	public void setDelay(Duration delay) {
		this.delay = delay;
	}

	public double getMultiplier() {
		return this.multiplier;
	}

	public void setMultiplier(double multiplier) {
		this.multiplier = multiplier;
	}

	public Duration getMaxDelay() {
		return this.maxDelay;
	}

	public void setMaxDelay(Duration maxDelay) {
		this.maxDelay = maxDelay;
	}

	public Duration getJitter() {
		return this.jitter;
	}

	public void setJitter(Duration jitter) {
		this.jitter = jitter;
	}

	public Duration getMaxElapsedTime() {
		return this.maxElapsedTime;
	}

	public void setMaxElapsedTime(Duration maxElapsedTime) {
		this.maxElapsedTime = maxElapsedTime;
	}

	public int getOrder() {
		return this.order;
	}

	public void setOrder(int order) {
		this.order = order;
	}

	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * The retry settings of methods that do not override them.
	 * @return the settings
	 */
	RetrySettings toSettings() {
		return new RetrySettings(this.maxAttempts, this.delay, this.multiplier, this.maxDelay, this.jitter,
				this.maxElapsedTime);
	}

	@Override
	public boolean supports(Class<?> type) {
		return MySqlPoolRetryProperties.class.isAssignableFrom(type);
	}

	/**
	 * Check the bound properties.
	 * @param target these properties
	 * @param errors unused: an invalid value throws
	 * @throws InvalidMySqlPoolPropertyException naming the first invalid property and the
	 * fix
	 */
	@Override
	public void validate(Object target, Errors errors) {
		MySqlPoolRetryPropertiesValidator.validate((MySqlPoolRetryProperties) target);
	}

	/**
	 * Circuit breaker of the primary.
	 */
	public static class CircuitBreaker {

		/**
		 * Whether write attempts fail fast, without waiting for a connection, after every
		 * call to the primary failed for the failure window. Needs
		 * resilience4j-circuitbreaker on the classpath.
		 */
		private boolean enabled = true;

		/**
		 * How far back calls to the primary are counted; whole seconds. The circuit opens
		 * when every counted call failed to reach the primary.
		 */
		private Duration failureWindow = Duration.ofSeconds(10);

		/**
		 * Calls to the primary needed within the failure window before the circuit may
		 * open.
		 */
		private int minimumCalls = 3;

		/**
		 * How long the circuit stays open, failing calls at once, before letting probe
		 * calls through.
		 */
		private Duration openDuration = Duration.ofSeconds(5);

		/**
		 * Probe calls let through once the open duration has passed; the circuit closes
		 * when they all succeed and opens again when they fail.
		 */
		private int halfOpenCalls = 1;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getFailureWindow() {
			return this.failureWindow;
		}

		public void setFailureWindow(Duration failureWindow) {
			this.failureWindow = failureWindow;
		}

		public int getMinimumCalls() {
			return this.minimumCalls;
		}

		public void setMinimumCalls(int minimumCalls) {
			this.minimumCalls = minimumCalls;
		}

		public Duration getOpenDuration() {
			return this.openDuration;
		}

		public void setOpenDuration(Duration openDuration) {
			this.openDuration = openDuration;
		}

		public int getHalfOpenCalls() {
			return this.halfOpenCalls;
		}

		public void setHalfOpenCalls(int halfOpenCalls) {
			this.halfOpenCalls = halfOpenCalls;
		}

	}

}
