package io.github.mysqlpool.retry.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * {@link PrimaryCircuit} on a Resilience4j {@link CircuitBreaker} with a time-based
 * window: it opens when every call to the primary in the window failed (with at least a
 * minimum number of calls), stays open for a while, then lets probe calls through
 * (half-open) and closes when they succeed.
 * <p>
 * We build on Resilience4j rather than writing a state machine by hand: its breaker is
 * lock-free, well tested, and its half-open probing is exactly what is needed here. It is
 * an optional dependency: without it the circuit stays closed.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class Resilience4jPrimaryCircuit implements PrimaryCircuit {

	private static final Log logger = LogFactory.getLog(Resilience4jPrimaryCircuit.class);

	private final CircuitBreaker circuitBreaker;

	private final Duration failureWindow;

	private final Duration openDuration;

	/**
	 * Create the circuit.
	 * @param failureWindow how far back failures are counted; whole seconds
	 * @param minimumCalls calls needed in the window before the circuit may open
	 * @param openDuration how long the circuit stays open before probing
	 * @param halfOpenCalls probe calls let through while half-open
	 */
	public Resilience4jPrimaryCircuit(Duration failureWindow, int minimumCalls, Duration openDuration,
			int halfOpenCalls) {
		this.failureWindow = failureWindow;
		this.openDuration = openDuration;
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindow((int) Math.max(1, failureWindow.toSeconds()), minimumCalls, SlidingWindowType.TIME_BASED)
			.failureRateThreshold(100)
			.waitDurationInOpenState(openDuration)
			.permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
			.build();
		this.circuitBreaker = CircuitBreaker.of("mysql-pool-primary", config);
		this.circuitBreaker.getEventPublisher().onStateTransition((event) -> {
			CircuitBreaker.StateTransition transition = event.getStateTransition();
			if (transition.getToState() == CircuitBreaker.State.OPEN) {
				logger.warn("Primary circuit breaker opened: every call to the primary failed in the last "
						+ this.failureWindow.toSeconds() + " s; calls fail fast for " + this.openDuration.toMillis()
						+ " ms");
			}
			else {
				logger.info("Primary circuit breaker " + transition.getFromState() + " -> " + transition.getToState());
			}
		});
	}

	@Override
	public boolean tryAcquirePermission() {
		return this.circuitBreaker.tryAcquirePermission();
	}

	@Override
	public void onAnswered(long durationNanos) {
		this.circuitBreaker.onSuccess(durationNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void onUnavailable(long durationNanos, Throwable failure) {
		this.circuitBreaker.onError(durationNanos, TimeUnit.NANOSECONDS, failure);
	}

	@Override
	public String describe() {
		return this.circuitBreaker.getState() + ", opens when every call failed in the last "
				+ this.failureWindow.toSeconds() + " s, probes again after " + this.openDuration.toMillis() + " ms";
	}

	/**
	 * The Resilience4j circuit breaker, for its state and metrics.
	 * @return the circuit breaker
	 */
	CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

}
