package io.github.mysqlpool.retry;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.mysqlpool.internal.EventLog;
import io.github.mysqlpool.routing.NoPrimaryException;
import io.github.mysqlpool.routing.ReadOnly;
import io.github.mysqlpool.routing.ReadOnlyAttributeSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.DefaultAdvisorChainFactory;
import org.springframework.aop.framework.ReflectiveMethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.transaction.annotation.Transactional;
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
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class RetryInterceptor implements MethodInterceptor {

	private static final Log logger = LogFactory.getLog(RetryInterceptor.class);

	private static final EventLog eventLog = EventLog.of(RetryInterceptor.class);

	private final RetrySettings defaults;

	private final MySqlErrorClassifier classifier;

	private final PrimaryCircuit circuit;

	private final RetryMetrics metrics;

	private final RetryListener listener = new AttemptsListener();

	private final ReadOnlyAttributeSource readOnlySource;

	private @Nullable AttemptObserver attemptObserver;

	/**
	 * Per target class, per method, as in {@link ReadOnlyAttributeSource}: looking a
	 * method up allocates no key.
	 */
	private final Map<Class<?>, Map<Method, RetriedMethod>> methods = new ConcurrentHashMap<>();

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
		this.readOnlySource = readOnlySource;
		this.defaults = defaults.validated();
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
		RetriedMethod method = retriedMethod(invocation);
		if (!(proxyInvocation.getProxy() instanceof Advised)) {
			// An opaque proxy does not tell its advice chain: each attempt runs a clone
			// of the invocation made before it proceeds
			Attempts attempts = new Attempts(method, new ClonedAttempts(proxyInvocation));
			try {
				return attempts.execute();
			}
			catch (FailedAttempt first) {
				return repeat(attempts, first);
			}
		}
		// Most calls succeed at once: the first attempt proceeds with the intercepted
		// invocation itself, and the state of later attempts is made only once it fails
		Object[] arguments = invocation.getArguments();
		boolean onPrimary = !method.readOnly();
		long start = System.nanoTime();
		if (onPrimary && !this.circuit.tryAcquirePermission()) {
			throw refused(method, start).giveUp();
		}
		AttemptJournal journal = AttemptJournal.open();
		Decision decision;
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
			decision = decide(method, ex, journal);
			if (onPrimary) {
				recordOnCircuit(decision, ex, System.nanoTime() - start);
			}
		}
		finally {
			journal.close();
		}
		Attempts attempts = new Attempts(method, new RebuiltAttempts(proxyInvocation, arguments));
		attempts.failedFirst(start, decision);
		return repeat(attempts, new FailedAttempt(decision));
	}

	private Attempts refused(RetriedMethod method, long start) {
		Attempts attempts = new Attempts(method, null);
		attempts.failedFirst(start, new Decision(null, false, AttemptOutcome.REJECTED,
				new PrimaryCircuitOpenException(method.name(), this.circuit.describe())));
		return attempts;
	}

	private void recordOnCircuit(Decision decision, Throwable failure, long durationNanos) {
		MySqlFailure classified = decision.failure();
		if (classified != null && classified.reason().isServerUnavailable()) {
			this.circuit.onUnavailable(durationNanos, failure);
		}
		else {
			this.circuit.onAnswered(durationNanos);
		}
	}

	/**
	 * Repeat a call whose first attempt failed, on a {@link RetryTemplate} that starts
	 * from that failure: it backs off, counts it as the first attempt, and allows what is
	 * left of the maximum elapsed time.
	 */
	private @Nullable Object repeat(Attempts attempts, FailedAttempt first) throws Throwable {
		RetrySettings settings = attempts.method.settings();
		if (!first.decision.retry() || settings.maxAttempts() < 2) {
			throw attempts.giveUp();
		}
		Duration left = settings.maxElapsedTime().minusNanos(System.nanoTime() - attempts.firstStartNanos);
		if (left.toMillis() < 1) {
			throw attempts.giveUp();
		}
		RetryTemplate template = new RetryTemplate(settings.toRetryPolicy(FailedAttempt::shouldRetry, left));
		template.setRetryListener(this.listener);
		attempts.replay(first);
		try {
			return template.execute(attempts);
		}
		catch (RetryException ex) {
			throw attempts.giveUp();
		}
	}

	private RetriedMethod retriedMethod(MethodInvocation invocation) {
		Method method = invocation.getMethod();
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
		Map<Method, RetriedMethod> methods = this.methods.get(targetClass);
		if (methods == null) {
			methods = this.methods.computeIfAbsent(targetClass, (key) -> new ConcurrentHashMap<>());
		}
		RetriedMethod retried = methods.get(method);
		if (retried == null) {
			retried = describe(method, targetClass);
			methods.putIfAbsent(method, retried);
		}
		return retried;
	}

	private RetriedMethod describe(Method method, Class<?> targetClass) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		RetryableTransaction retryable = find(specific, targetClass, RetryableTransaction.class);
		Transactional transactional = find(specific, targetClass, Transactional.class);
		boolean readOnly = this.readOnlySource.isReadOnly(method, targetClass)
				|| (transactional != null && transactional.readOnly());
		return new RetriedMethod(targetClass.getSimpleName() + "." + method.getName(), readOnly,
				retryable != null && retryable.idempotent(), this.defaults.withOverrides(retryable));
	}

	private static <A extends Annotation> @Nullable A find(Method method, Class<?> targetClass, Class<A> type) {
		A annotation = AnnotatedElementUtils.findMergedAnnotation(method, type);
		return (annotation != null) ? annotation : AnnotatedElementUtils.findMergedAnnotation(targetClass, type);
	}

	/**
	 * Decide what a failed attempt means: classify it and check that repeating it is
	 * safe. A read-only method whose attempt began a read-write transaction (a
	 * {@code REQUIRES_NEW} write it called) is judged as a write.
	 */
	private Decision decide(RetriedMethod method, Throwable failure, AttemptJournal journal) {
		boolean read = method.readOnly() && !journal.beganReadWriteTransaction();
		WorkPhase phase = read ? WorkPhase.READ : journal.writePhase();
		MySqlFailure classified = this.classifier.classify(failure, phase);
		Throwable lostCommit = journal.commitOfUnknownOutcome();
		boolean wentOnAfterFailedCommit = journal.wentOnAfterFailedCommit()
				|| (lostCommit != null && !isCausedBy(failure, lostCommit));
		if (wentOnAfterFailedCommit && classified.category() != FailureCategory.PERMANENT) {
			// The attempt went on after a COMMIT that may have been applied, as when a
			// REQUIRES_NEW transaction's lost COMMIT was caught: repeating it could apply
			// that COMMIT twice
			MySqlFailure commitFailure = (lostCommit != null) ? this.classifier.classify(lostCommit, WorkPhase.COMMIT)
					: classified;
			classified = new MySqlFailure(FailureCategory.OUTCOME_UNKNOWN, commitFailure.reason(),
					commitFailure.errorCode(), commitFailure.sqlState());
			phase = WorkPhase.COMMIT;
		}
		switch (classified.category()) {
			case TRANSIENT:
				if (read || method.idempotent() || journal.leftNothingCommitted()) {
					return new Decision(classified, true, AttemptOutcome.EXHAUSTED, failure);
				}
				return new Decision(classified, false, AttemptOutcome.NOT_RETRIED, failure);
			case OUTCOME_UNKNOWN:
				if (method.idempotent()) {
					return new Decision(classified, true, AttemptOutcome.EXHAUSTED, failure);
				}
				return new Decision(classified, false, AttemptOutcome.OUTCOME_UNKNOWN,
						new MySqlOutcomeUnknownException(method.name(), classified, phase, failure));
			default:
				return new Decision(classified, false, AttemptOutcome.NOT_RETRIED, failure);
		}
	}

	private static boolean isCausedBy(Throwable failure, Throwable cause) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < 32; depth++) {
			if (current == cause) {
				return true;
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return false;
	}

	/**
	 * What is known about one retried method, computed on its first call.
	 */
	private record RetriedMethod(String name, boolean readOnly, boolean idempotent, RetrySettings settings) {

	}

	/**
	 * What a failed attempt means.
	 *
	 * @param failure the classified failure, or {@code null} when the circuit refused the
	 * attempt
	 * @param retry whether the attempt may be repeated
	 * @param finalOutcome how the attempt is counted when no further one follows
	 * @param toThrow what the caller gets when no further attempt follows
	 */
	private record Decision(@Nullable MySqlFailure failure, boolean retry, AttemptOutcome finalOutcome,
			Throwable toThrow) {

	}

	/**
	 * Carries a decision through the {@link RetryTemplate} to its retry policy.
	 */
	private static final class FailedAttempt extends RuntimeException {

		private final transient Decision decision;

		FailedAttempt(Decision decision) {
			super(null, decision.toThrow(), false, false);
			this.decision = decision;
		}

		static boolean shouldRetry(Throwable throwable) {
			return throwable instanceof FailedAttempt failed && failed.decision.retry();
		}

	}

	/**
	 * Makes the invocation each later attempt proceeds with: the rest of the advice chain
	 * after this interceptor, then the method.
	 */
	private interface AttemptInvocations {

		MethodInvocation next() throws Throwable;

	}

	/**
	 * Clones the intercepted invocation before it proceeds, as Spring's own retry
	 * interceptor does: for proxies that do not tell their advice chain.
	 */
	private record ClonedAttempts(ProxyMethodInvocation invocation) implements AttemptInvocations {

		@Override
		public MethodInvocation next() {
			return this.invocation.invocableClone();
		}

	}

	/**
	 * Builds a new invocation of the rest of the chain from the proxy's advisors, after
	 * the first attempt failed: what {@code invocableClone()} would give, without cloning
	 * on every call.
	 */
	private final class RebuiltAttempts implements AttemptInvocations {

		private final ProxyMethodInvocation invocation;

		private final Object[] arguments;

		private @Nullable List<Object> rest;

		RebuiltAttempts(ProxyMethodInvocation invocation, Object[] arguments) {
			this.invocation = invocation;
			this.arguments = arguments;
		}

		@Override
		public MethodInvocation next() {
			List<Object> rest = this.rest;
			if (rest == null) {
				rest = restOfChain();
				this.rest = rest;
			}
			Object target = this.invocation.getThis();
			Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : null;
			return new AttemptInvocation(this.invocation.getProxy(), target, this.invocation.getMethod(),
					this.arguments.clone(), targetClass, rest);
		}

		private List<Object> restOfChain() {
			Object target = this.invocation.getThis();
			Method method = this.invocation.getMethod();
			List<Object> chain = DefaultAdvisorChainFactory.INSTANCE.getInterceptorsAndDynamicInterceptionAdvice(
					(Advised) this.invocation.getProxy(), method,
					(target != null) ? target.getClass() : method.getDeclaringClass());
			for (int i = 0; i < chain.size(); i++) {
				if (isThisInterceptor(chain.get(i))) {
					return new ArrayList<>(chain.subList(i + 1, chain.size()));
				}
			}
			throw new IllegalStateException("The retry interceptor is not in the advice chain of " + method);
		}

		private boolean isThisInterceptor(Object advice) {
			// The retry's pointcut is static: its interceptor is in the chain as it is
			return advice == RetryInterceptor.this
					|| (advice instanceof RetryAdvisor.LazyInterceptor lazy && lazy.isFor(RetryInterceptor.this));
		}

	}

	/**
	 * A later attempt's invocation: the rest of the chain, then the method called by
	 * reflection on the target.
	 */
	private static final class AttemptInvocation extends ReflectiveMethodInvocation {

		AttemptInvocation(Object proxy, @Nullable Object target, Method method, Object[] arguments,
				@Nullable Class<?> targetClass, List<Object> chain) {
			super(proxy, target, method, arguments, targetClass, chain);
		}

	}

	/**
	 * The attempts of one call, each on an invocation of its own with its own
	 * {@link AttemptJournal}; the first may have been made before this object.
	 */
	private final class Attempts implements Retryable<@Nullable Object> {

		private final RetriedMethod method;

		private final @Nullable AttemptInvocations invocations;

		private int attempt;

		private long firstStartNanos;

		private @Nullable Decision last;

		private @Nullable FailedAttempt replayed;

		Attempts(RetriedMethod method, @Nullable AttemptInvocations invocations) {
			this.method = method;
			this.invocations = invocations;
		}

		/**
		 * Count a first attempt made before this object, and what its failure means.
		 */
		void failedFirst(long startNanos, Decision decision) {
			this.attempt = 1;
			this.firstStartNanos = startNanos;
			this.last = decision;
		}

		/**
		 * Have the next {@link #execute()} throw an attempt's failure again instead of
		 * making an attempt.
		 */
		void replay(FailedAttempt failed) {
			this.replayed = failed;
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
			if (onPrimary && !RetryInterceptor.this.circuit.tryAcquirePermission()) {
				this.last = new Decision(null, false, AttemptOutcome.REJECTED,
						new PrimaryCircuitOpenException(this.method.name(), RetryInterceptor.this.circuit.describe()));
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
						RetryInterceptor.this.circuit.onAnswered(System.nanoTime() - start);
					}
					RetryInterceptor.this.metrics.record(AttemptOutcome.SUCCESS, null);
					return result;
				}
				catch (Throwable ex) {
					Decision decision = decide(this.method, ex, journal);
					if (decision.retry() && isNoWriter(ex) && awaitWriter(pause, decision)) {
						pause = Math.min((long) (pause * this.method.settings().multiplier()),
								this.method.settings().maxDelay().toNanos());
						waitedForWriter = true;
						continue;
					}
					if (onPrimary) {
						recordOnCircuit(decision, ex, System.nanoTime() - start);
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
			AttemptObserver observer = RetryInterceptor.this.attemptObserver;
			if (observer == null) {
				return attemptInvocation.proceed();
			}
			Decision previous = this.last;
			MySqlFailure failure = (previous != null) ? previous.failure() : null;
			return observer.observe(this.method.name(), this.method.readOnly(), this.attempt,
					(failure != null) ? failure.reason() : null, attemptInvocation::proceed);
		}

		/**
		 * Wait before the write is tried again while no server takes writes: the write
		 * was never sent, so the wait does not use up an attempt, only the maximum
		 * elapsed time.
		 * @return whether to try again, {@code false} once the time is up
		 */
		private boolean awaitWriter(long pauseNanos, Decision decision) {
			long left = this.method.settings().maxElapsedTime().toNanos() - (System.nanoTime() - this.firstStartNanos);
			if (left <= pauseNanos) {
				return false;
			}
			MySqlFailure failure = decision.failure();
			RetryInterceptor.this.metrics.record(AttemptOutcome.RETRIED, (failure != null) ? failure.reason() : null);
			if (logger.isDebugEnabled()) {
				logger.debug("No server takes writes: " + this.method.name() + " waits "
						+ TimeUnit.NANOSECONDS.toMillis(pauseNanos) + " ms for one, without using up an attempt");
			}
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
		void retrying() {
			Decision decision = this.last;
			MySqlFailure failure = (decision != null) ? decision.failure() : null;
			if (failure == null) {
				return;
			}
			RetryInterceptor.this.metrics.record(AttemptOutcome.RETRIED, failure.reason());
			if (eventLog.isWarnEnabled()) {
				eventLog.warn(
						"Retrying " + this.method.name() + " after attempt " + this.attempt + " of "
								+ this.method.settings().maxAttempts() + " failed: " + failure.describe(),
						fields("retry", failure));
			}
		}

		/**
		 * Count the last attempt and return what the caller gets.
		 */
		Throwable giveUp() {
			Decision decision = this.last;
			if (decision == null) {
				return new IllegalStateException("No attempt of " + this.method.name() + " was made");
			}
			MySqlFailure failure = decision.failure();
			RetryInterceptor.this.metrics.record(decision.finalOutcome(), (failure != null) ? failure.reason() : null);
			if (failure != null) {
				log(decision.finalOutcome(), failure);
			}
			return decision.toThrow();
		}

		private void log(AttemptOutcome outcome, MySqlFailure failure) {
			if (outcome == AttemptOutcome.EXHAUSTED && eventLog.isWarnEnabled()) {
				eventLog.warn(
						"Giving up " + this.method.name() + " after " + this.attempt + " attempt(s) within "
								+ this.method.settings().maxElapsedTime().toMillis() + " ms: " + failure.describe(),
						fields("retries-exhausted", failure));
			}
			else if (outcome == AttemptOutcome.OUTCOME_UNKNOWN && eventLog.isWarnEnabled()) {
				eventLog.warn("Not retrying " + this.method.name() + ": outcome unknown after " + failure.describe(),
						fields("outcome-unknown", failure));
			}
			else if (failure.category() == FailureCategory.TRANSIENT && logger.isWarnEnabled()) {
				logger.warn("Not retrying " + this.method.name() + " after " + failure.describe()
						+ ": it is a write that did not begin a transaction of its own or already committed part "
						+ "of its work (a read whose attempt began a read-write transaction counts as a write); "
						+ "mark it @RetryableTransaction(idempotent = true) if repeating it is harmless");
			}
			else if (logger.isDebugEnabled()) {
				logger.debug(
						"Not retrying " + this.method.name() + ": " + failure.describe() + " is " + failure.category());
			}
		}

		private Object[] fields(String event, MySqlFailure failure) {
			return new Object[] { "mysqlpool.event", event, "mysqlpool.retry.method", this.method.name(),
					"mysqlpool.retry.attempt", this.attempt, "mysqlpool.retry.max_attempts",
					this.method.settings().maxAttempts(), "mysqlpool.retry.category", failure.category(),
					"mysqlpool.retry.reason", failure.reason(), "mysqlpool.error_code", failure.errorCode(),
					"mysqlpool.sql_state", failure.sqlState() };
		}

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
