package io.github.mysqlpool.retry.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.mysqlpool.retry.MySqlErrorClassifier;
import io.github.mysqlpool.retry.MySqlFailure;
import io.github.mysqlpool.retry.internal.RetriedMethods.RetriedMethod;
import io.github.mysqlpool.routing.NoPrimaryException;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * The attempts of one retried call, each on an invocation of its own with its own
 * {@link AttemptJournal}, repeated on a {@link RetryTemplate}; the first may have been
 * made before this object, by the {@link RetryInterceptor} on the intercepted invocation
 * itself. Made only once an attempt failed (or for proxies that do not tell their advice
 * chain), so a call answered at once allocates none of it.
 *
 * @author mysql-pool team
 */
final class Attempts implements Retryable<@Nullable Object> {

	private static final RetryListener listener = new AttemptsListener();

	private final RetriedMethod method;

	private final @Nullable AttemptInvocations invocations;

	private final MySqlErrorClassifier classifier;

	private final PrimaryCircuit circuit;

	private final RetryMetrics metrics;

	private final @Nullable AttemptObserver observer;

	private int attempt;

	private long firstStartNanos;

	private @Nullable RetryDecision last;

	private @Nullable FailedAttempt replayed;

	/**
	 * Create the attempts of one call.
	 * @param method the retried method
	 * @param invocations makes each attempt's invocation, {@code null} when no attempt
	 * can be made (the first was refused)
	 * @param classifier how to classify failures
	 * @param circuit the primary's circuit breaker
	 * @param metrics where to count attempts
	 * @param observer told of each attempt, {@code null} for none
	 */
	Attempts(RetriedMethod method, @Nullable AttemptInvocations invocations, MySqlErrorClassifier classifier,
			PrimaryCircuit circuit, RetryMetrics metrics, @Nullable AttemptObserver observer) {
		this.method = method;
		this.invocations = invocations;
		this.classifier = classifier;
		this.circuit = circuit;
		this.metrics = metrics;
		this.observer = observer;
	}

	/**
	 * Count a first attempt made before this object, and what its failure means.
	 */
	void failedFirst(long startNanos, RetryDecision decision) {
		this.attempt = 1;
		this.firstStartNanos = startNanos;
		this.last = decision;
	}

	/**
	 * Repeat a call whose first attempt failed, on a {@link RetryTemplate} that starts
	 * from that failure: it backs off, counts it as the first attempt, and allows what is
	 * left of the maximum elapsed time.
	 * @param first the first attempt's failure
	 * @return what a later attempt returned
	 * @throws Throwable what the caller gets once no further attempt follows
	 */
	@Nullable Object repeatAfter(FailedAttempt first) throws Throwable {
		RetrySettings settings = this.method.settings();
		if (!first.decision().retry() || settings.maxAttempts() < 2) {
			throw giveUp();
		}
		Duration left = settings.maxElapsedTime().minusNanos(System.nanoTime() - this.firstStartNanos);
		if (left.toMillis() < 1) {
			throw giveUp();
		}
		RetryTemplate template = new RetryTemplate(settings.toRetryPolicy(FailedAttempt::shouldRetry, left));
		template.setRetryListener(listener);
		// The template's first execution throws the first failure again
		this.replayed = first;
		try {
			return template.execute(this);
		}
		catch (RetryException ex) {
			throw giveUp();
		}
	}

	@Override
	public @Nullable Object execute() throws Throwable {
		FailedAttempt replay = this.replayed;
		if (replay != null) {
			this.replayed = null;
			throw replay;
		}
		this.attempt++;
		boolean onPrimary = !this.method.readOnly();
		if (onPrimary && !this.circuit.tryAcquirePermission()) {
			this.last = RetryDecision.refused(this.method, this.circuit);
			throw new FailedAttempt(this.last);
		}
		AttemptInvocations invocations = this.invocations;
		if (invocations == null) {
			throw new IllegalStateException("No attempt of " + this.method.name() + " can be made");
		}
		long pause = this.method.settings().delay().toNanos();
		boolean waitedForWriter = false;
		while (true) {
			MethodInvocation attemptInvocation = invocations.next();
			AttemptJournal journal = AttemptJournal.open();
			long start = System.nanoTime();
			if (this.attempt == 1 && !waitedForWriter) {
				this.firstStartNanos = start;
			}
			try {
				Object result = proceed(attemptInvocation);
				if (onPrimary) {
					this.circuit.onAnswered(System.nanoTime() - start);
				}
				this.metrics.record(AttemptOutcome.SUCCESS, null);
				return result;
			}
			catch (Throwable ex) {
				RetryDecision decision = RetryDecision.decide(this.method, ex, journal, this.classifier);
				if (decision.retry() && isNoWriter(ex) && awaitWriter(pause, decision)) {
					pause = Math.min((long) (pause * this.method.settings().multiplier()),
							this.method.settings().maxDelay().toNanos());
					waitedForWriter = true;
					continue;
				}
				if (onPrimary) {
					decision.recordOn(this.circuit, ex, System.nanoTime() - start);
				}
				this.last = decision;
				throw new FailedAttempt(decision);
			}
			finally {
				journal.close();
			}
		}
	}

	private @Nullable Object proceed(MethodInvocation attemptInvocation) throws Throwable {
		AttemptObserver observer = this.observer;
		if (observer == null) {
			return attemptInvocation.proceed();
		}
		RetryDecision previous = this.last;
		return observer.observe(this.method.name(), this.method.readOnly(), this.attempt,
				(previous != null) ? previous.reason() : null, attemptInvocation::proceed);
	}

	/**
	 * Wait before the write is tried again while no server takes writes: the write was
	 * never sent, so the wait does not use up an attempt, only the maximum elapsed time.
	 * @return whether to try again, {@code false} once the time is up
	 */
	private boolean awaitWriter(long pauseNanos, RetryDecision decision) {
		long left = this.method.settings().maxElapsedTime().toNanos() - (System.nanoTime() - this.firstStartNanos);
		if (left <= pauseNanos) {
			return false;
		}
		this.metrics.record(AttemptOutcome.RETRIED, decision.reason());
		RetryLog.waitingForWriter(this.method, pauseNanos);
		try {
			TimeUnit.NANOSECONDS.sleep(Math.max(pauseNanos, 1_000_000));
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static boolean isNoWriter(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof NoPrimaryException) {
				return true;
			}
			if (cause.getCause() == cause) {
				return false;
			}
		}
		return false;
	}

	/**
	 * Count the failed attempt that is about to be repeated, and say so in the log.
	 */
	private void retrying() {
		RetryDecision decision = this.last;
		MySqlFailure failure = (decision != null) ? decision.failure() : null;
		if (failure == null) {
			return;
		}
		this.metrics.record(AttemptOutcome.RETRIED, failure.reason());
		RetryLog.retrying(this.method, this.attempt, failure);
	}

	/**
	 * Count the last attempt and return what the caller gets.
	 * @return the exception to throw
	 */
	Throwable giveUp() {
		RetryDecision decision = this.last;
		if (decision == null) {
			return new IllegalStateException("No attempt of " + this.method.name() + " was made");
		}
		MySqlFailure failure = decision.failure();
		this.metrics.record(decision.finalOutcome(), (failure != null) ? failure.reason() : null);
		if (failure != null) {
			RetryLog.gaveUp(this.method, this.attempt, decision.finalOutcome(), failure);
		}
		return decision.toThrow();
	}

	/**
	 * Hands the {@link RetryTemplate}'s "about to retry" event to the attempts.
	 */
	private static final class AttemptsListener implements RetryListener {

		@Override
		public void beforeRetry(RetryPolicy retryPolicy, Retryable<?> retryable, RetryState retryState) {
			if (retryable instanceof Attempts attempts) {
				attempts.retrying();
			}
		}

	}

}
