package io.github.mysqlpool.retry.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.mysqlpool.internal.EventLog;
import io.github.mysqlpool.retry.FailureCategory;
import io.github.mysqlpool.retry.MySqlErrorClassifier;
import io.github.mysqlpool.retry.MySqlOutcomeUnknownException;
import io.github.mysqlpool.retry.PrimaryCircuitOpenException;
import io.github.mysqlpool.retry.RetryableTransaction;
import io.github.mysqlpool.retry.internal.RetriedMethods.RetriedMethod;
import io.github.mysqlpool.routing.NoPrimaryException;
import io.github.mysqlpool.routing.ReadOnly;
import io.github.mysqlpool.routing.internal.ReadOnlyAttributeSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.Advised;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Retries {@link ReadOnly} reads and {@link RetryableTransaction} methods after transient
 * MySQL failures. It runs outside the transaction boundary, so each attempt is a whole
 * new transaction on a newly borrowed connection (a read may land on another replica),
 * and it does nothing when called inside a running transaction or another retried method:
 * the outermost boundary retries.
 * <p>
 * Reads are repeated after any {@link FailureCategory#TRANSIENT transient} failure, as
 * long as the attempt began no read-write transaction: one that did (a
 * {@code REQUIRES_NEW} write called from a read) is judged as a write. A write is
 * repeated only when its attempt began its own transaction, nothing of it committed, and
 * the failure is transient; a connection lost during a COMMIT of the attempt, its own or
 * an inner transaction's whose failure was caught, ends in a
 * {@link MySqlOutcomeUnknownException}. A write marked
 * {@link RetryableTransaction#idempotent() idempotent} is repeated after transient and
 * unknown-outcome failures. Permanent failures are never repeated. Write attempts ask the
 * {@link PrimaryCircuit} first and fail fast with a {@link PrimaryCircuitOpenException}
 * while it is open.
 * <p>
 * Repeated attempts and back-off run on Spring Framework's {@link RetryTemplate} and
 * {@link RetryPolicy} (exponential back-off with jitter, maximum attempts, maximum
 * elapsed time) rather than a loop of our own or Resilience4j's retry: it is part of the
 * framework every application already has, so retrying needs no extra dependency. The
 * first attempt runs before any template is involved and proceeds with the intercepted
 * invocation itself, recording into a journal kept per thread, so that a call that
 * succeeds at once allocates nothing for the retry: the invocation of each later attempt
 * (the rest of the advice chain, from the proxy's advisors, as Spring's
 * {@code invocableClone()} would give it) is made only once the first attempt failed.
 * Spring's own {@code @Retryable} is not used because it cannot see what an attempt did
 * with its transaction, which decides whether a write is safe to repeat.
 * <p>
 * This class runs the first attempt; {@code RetryDecision} judges a failed attempt,
 * {@code Attempts} makes the later ones, on invocations from {@code AttemptInvocations},
 * and {@code RetryLog} says what happened.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class RetryInterceptor implements MethodInterceptor {

	private final MySqlErrorClassifier classifier;

	private final PrimaryCircuit circuit;

	private final RetryMetrics metrics;

	private final RetriedMethods methods;

	private @Nullable AttemptObserver attemptObserver;

	/**
	 * Create the interceptor.
	 * @param defaults the retry settings of methods that do not override them
	 * @param classifier how to classify failures
	 * @param circuit the primary's circuit breaker
	 * @param metrics where to count attempts
	 */
	public RetryInterceptor(RetrySettings defaults, MySqlErrorClassifier classifier, PrimaryCircuit circuit,
			RetryMetrics metrics) {
		this(defaults, classifier, circuit, metrics, new ReadOnlyAttributeSource());
	}

	/**
	 * Create the interceptor.
	 * @param defaults the retry settings of methods that do not override them
	 * @param classifier how to classify failures
	 * @param circuit the primary's circuit breaker
	 * @param metrics where to count attempts
	 * @param readOnlySource decides which methods are {@link ReadOnly}, as for the
	 * routing
	 */
	public RetryInterceptor(RetrySettings defaults, MySqlErrorClassifier classifier, PrimaryCircuit circuit,
			RetryMetrics metrics, ReadOnlyAttributeSource readOnlySource) {
		this.methods = new RetriedMethods(defaults.validated(), readOnlySource);
		this.classifier = classifier;
		this.circuit = circuit;
		this.metrics = metrics;
	}

	/**
	 * Observe each attempt (for tracing); {@code null}, the default, for none.
	 * @param observer the observer
	 */
	public void setAttemptObserver(@Nullable AttemptObserver observer) {
		this.attemptObserver = observer;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (AttemptJournal.current() != null || TransactionSynchronizationManager.isActualTransactionActive()
				|| !(invocation instanceof ProxyMethodInvocation proxyInvocation)) {
			return invocation.proceed();
		}
		RetriedMethod method = this.methods.get(invocation);
		if (!(proxyInvocation.getProxy() instanceof Advised)) {
			// An opaque proxy does not tell its advice chain: each attempt runs a clone
			// of the invocation made before it proceeds
			Attempts attempts = attempts(method, proxyInvocation::invocableClone);
			try {
				return attempts.execute();
			}
			catch (FailedAttempt first) {
				return attempts.repeatAfter(first);
			}
		}
		// Most calls succeed at once: the first attempt proceeds with the intercepted
		// invocation itself, and the state of later attempts is made only once it fails
		Object[] arguments = invocation.getArguments();
		boolean onPrimary = !method.readOnly();
		long start = System.nanoTime();
		if (onPrimary && !this.circuit.tryAcquirePermission()) {
			Attempts refused = attempts(method, null);
			refused.failedFirst(start, RetryDecision.refused(method, this.circuit));
			throw refused.giveUp();
		}
		AttemptJournal journal = AttemptJournal.open();
		RetryDecision decision;
		try {
			AttemptObserver observer = this.attemptObserver;
			Object result = (observer != null)
					? observer.observe(method.name(), method.readOnly(), 1, null, invocation::proceed)
					: invocation.proceed();
			if (onPrimary) {
				this.circuit.onAnswered(System.nanoTime() - start);
			}
			this.metrics.record(AttemptOutcome.SUCCESS, null);
			return result;
		}
		catch (Throwable ex) {
			decision = RetryDecision.decide(method, ex, journal, this.classifier);
			if (onPrimary) {
				decision.recordOn(this.circuit, ex, System.nanoTime() - start);
			}
		}
		finally {
			journal.close();
		}
		Attempts attempts = attempts(method, new RebuiltInvocations(proxyInvocation, arguments, this));
		attempts.failedFirst(start, decision);
		return attempts.repeatAfter(new FailedAttempt(decision));
	}

	private Attempts attempts(RetriedMethod method, @Nullable AttemptInvocations invocations) {
		return new Attempts(method, invocations, this.classifier, this.circuit, this.metrics, this.attemptObserver);
	}

}
