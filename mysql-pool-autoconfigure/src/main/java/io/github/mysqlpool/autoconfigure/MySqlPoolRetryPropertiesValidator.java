package io.github.mysqlpool.autoconfigure;

import java.time.Duration;

import io.github.mysqlpool.autoconfigure.MySqlPoolRetryProperties.CircuitBreaker;
import io.github.mysqlpool.retry.internal.RetrySettings.Violation;

/**
 * Checks the {@code mysql-pool.retry.*} properties when they are bound, failing with an
 * {@link InvalidMySqlPoolPropertyException} that names the property and the fix. The
 * attempt and back-off rules are
 * {@link io.github.mysqlpool.retry.internal.RetrySettings}'s, which also checks
 * {@code RetryableTransaction} overrides.
 *
 * @author mysql-pool team
 */
final class MySqlPoolRetryPropertiesValidator {

	private static final String PREFIX = "mysql-pool.retry.";

	private MySqlPoolRetryPropertiesValidator() {
	}

	static void validate(MySqlPoolRetryProperties properties) {
		Violation violation = properties.toSettings().violation();
		if (violation != null) {
			throw invalid(violation.setting(), violation.value(), "it " + violation.reason(), violation.fix());
		}
		validateOrder(properties.getOrder());
		validateCircuitBreaker(properties.getCircuitBreaker());
	}

	private static void validateOrder(int order) {
		if (order >= RoutingConfiguration.READ_ONLY_ADVISOR_ORDER) {
			throw invalid("order", order,
					"the retry advisor would run inside the ReadOnly advisor or the transaction, so an attempt "
							+ "could not start a new transaction",
					"Set it below " + RoutingConfiguration.READ_ONLY_ADVISOR_ORDER + " (the default is "
							+ MySqlPoolRetryProperties.DEFAULT_ORDER + ").");
		}
	}

	private static void validateCircuitBreaker(CircuitBreaker circuitBreaker) {
		Duration window = circuitBreaker.getFailureWindow();
		if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.toMillis() % 1000 != 0) {
			throw invalid("circuit-breaker.failure-window", window, "the window is counted in whole seconds",
					"Set it to a whole number of seconds such as 10s.");
		}
		if (circuitBreaker.getMinimumCalls() < 1) {
			throw invalid("circuit-breaker.minimum-calls", circuitBreaker.getMinimumCalls(),
					"at least one call is needed", "Set it to 1 or more.");
		}
		if (!isPositive(circuitBreaker.getOpenDuration())) {
			throw invalid("circuit-breaker.open-duration", circuitBreaker.getOpenDuration(), "it must be positive",
					"Set it to a duration such as 5s.");
		}
		if (circuitBreaker.getHalfOpenCalls() < 1) {
			throw invalid("circuit-breaker.half-open-calls", circuitBreaker.getHalfOpenCalls(),
					"at least one probe call is needed", "Set it to 1 or more.");
		}
	}

	private static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	private static InvalidMySqlPoolPropertyException invalid(String name, Object value, String problem, String action) {
		return new InvalidMySqlPoolPropertyException(PREFIX + name, value, problem,
				"Fix " + PREFIX + name + ": " + action);
	}

}
