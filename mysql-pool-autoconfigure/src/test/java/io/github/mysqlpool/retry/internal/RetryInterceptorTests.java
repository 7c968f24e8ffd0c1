package io.github.mysqlpool.retry.internal;

import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import com.sun.management.ThreadMXBean;
import io.github.mysqlpool.retry.DefaultMySqlErrorClassifier;
import io.github.mysqlpool.retry.FailureReason;
import io.github.mysqlpool.retry.MySqlOutcomeUnknownException;
import io.github.mysqlpool.retry.RetryableTransaction;
import io.github.mysqlpool.retry.WorkPhase;
import io.github.mysqlpool.routing.NoPrimaryException;
import io.github.mysqlpool.routing.ReadOnly;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * How {@link RetryInterceptor} counts and bounds the attempts of a {@link ReadOnly} call,
 * and judges what an attempt did with its transactions, on a target that fails as
 * scripted. The integration tests show retries after real failures on real servers.
 *
 * @author mysql-pool team
 */
class RetryInterceptorTests {

	private final List<String> recorded = new ArrayList<>();

	private final RetryMetrics metrics = (outcome, reason) -> this.recorded
		.add(outcome + ((reason != null) ? " " + reason : ""));

	@Test
	void callAnsweredAtOnceIsOneSuccessfulAttempt() throws SQLException {
		ScriptedReads reads = proxy(settings(3, Duration.ofSeconds(10)), 0, Duration.ZERO);
		assertThat(reads.read()).isEqualTo("answer");
		assertThat(reads.calls()).isEqualTo(1);
		assertThat(this.recorded).containsExactly("SUCCESS");
	}

	@Test
	void transientFailuresAreRepeatedUntilAnAttemptSucceeds() throws SQLException {
		ScriptedReads reads = proxy(settings(3, Duration.ofSeconds(10)), 2, Duration.ZERO);
		assertThat(reads.read()).isEqualTo("answer");
		assertThat(reads.calls()).isEqualTo(3);
		assertThat(this.recorded).containsExactly("RETRIED DEADLOCK", "RETRIED DEADLOCK", "SUCCESS");
	}

	@Test
	void attemptsStopAtTheMaximumWithTheLastFailure() {
		ScriptedReads reads = proxy(settings(3, Duration.ofSeconds(10)), 5, Duration.ZERO);
		assertThatExceptionOfType(SQLTransactionRollbackException.class).isThrownBy(reads::read)
			.withMessage("Deadlock found (failure 3)");
		assertThat(reads.calls()).isEqualTo(3);
		assertThat(this.recorded).containsExactly("RETRIED DEADLOCK", "RETRIED DEADLOCK", "EXHAUSTED DEADLOCK");
	}

	@Test
	void oneAllowedAttemptIsNeverRepeated() {
		ScriptedReads reads = proxy(settings(1, Duration.ofSeconds(10)), 5, Duration.ZERO);
		assertThatExceptionOfType(SQLTransactionRollbackException.class).isThrownBy(reads::read);
		assertThat(reads.calls()).isEqualTo(1);
		assertThat(this.recorded).containsExactly("EXHAUSTED DEADLOCK");
	}

	@Test
	void maximumElapsedTimeIncludesTheFirstAttempt() {
		ScriptedReads reads = proxy(settings(5, Duration.ofMillis(200)), 5, Duration.ofMillis(250));
		assertThatExceptionOfType(SQLTransactionRollbackException.class).isThrownBy(reads::read);
		assertThat(reads.calls()).isEqualTo(1);
		assertThat(this.recorded).containsExactly("EXHAUSTED DEADLOCK");
	}

	@Test
	void permanentFailureIsNotRepeated() {
		ScriptedReads reads = proxy(settings(3, Duration.ofSeconds(10)), new ScriptedReads(5, Duration.ZERO,
				(call) -> new SQLSyntaxErrorException("You have an error in your SQL syntax", "42000", 1064)));
		assertThatExceptionOfType(SQLSyntaxErrorException.class).isThrownBy(reads::read);
		assertThat(reads.calls()).isEqualTo(1);
		assertThat(this.recorded).containsExactly("NOT_RETRIED SYNTAX_ERROR");
	}

	@Test
	void readWhoseAttemptCommittedAWriteIsNotRepeated() {
		ReadCallingWrite target = new ReadCallingWrite(new ScriptedTransactionManager(false, false));
		ReadCallingWrite read = proxy(settings(3, Duration.ofSeconds(10)), target);
		assertThatExceptionOfType(SQLTransactionRollbackException.class).isThrownBy(read::auditThenRead);
		assertThat(target.calls()).isEqualTo(1);
		assertThat(this.recorded).containsExactly("NOT_RETRIED DEADLOCK");
	}

	@Test
	void attemptThatWentOnAfterALostCommitReportsAnUnknownOutcome() {
		ReadCallingWrite target = new ReadCallingWrite(new ScriptedTransactionManager(true, true));
		ReadCallingWrite read = proxy(settings(3, Duration.ofSeconds(10)), target);
		assertThatExceptionOfType(MySqlOutcomeUnknownException.class).isThrownBy(read::auditThenRead)
			.satisfies((ex) -> assertThat(ex.getPhase()).isEqualTo(WorkPhase.COMMIT))
			.satisfies((ex) -> assertThat(ex.getFailure().reason()).isEqualTo(FailureReason.CONNECTION_LOST))
			.withCauseInstanceOf(SQLTransactionRollbackException.class);
		assertThat(target.calls()).isEqualTo(1);
		assertThat(this.recorded).containsExactly("OUTCOME_UNKNOWN CONNECTION_LOST");
	}

	@Test
	void attemptThatWentOnAfterAFailedCommitReportsAnUnknownOutcome() {
		// Not every transaction manager rolls back on the connection after a failed
		// COMMIT, so a rollback that went through does not prove the COMMIT refused
		ReadCallingWrite target = new ReadCallingWrite(new ScriptedTransactionManager(true, false));
		ReadCallingWrite write = proxy(settings(3, Duration.ofSeconds(10)), target);
		assertThatExceptionOfType(MySqlOutcomeUnknownException.class).isThrownBy(write::auditThenWrite)
			.satisfies((ex) -> assertThat(ex.getPhase()).isEqualTo(WorkPhase.COMMIT));
		assertThat(target.calls()).isEqualTo(1);
		assertThat(this.recorded).containsExactly("OUTCOME_UNKNOWN DEADLOCK");
	}

	@Test
	void writeWhoseOwnCommitTheServerRefusedIsRepeated() {
		ReadCallingWrite target = new ReadCallingWrite(new ScriptedTransactionManager(true, false));
		ReadCallingWrite write = proxy(settings(3, Duration.ofSeconds(10)), target);
		assertThat(write.write()).isEqualTo("answer");
		assertThat(target.calls()).isEqualTo(2);
		assertThat(this.recorded).containsExactly("RETRIED DEADLOCK", "SUCCESS");
	}

	@Test
	void laterAttemptsRunTheAdviceInsideTheRetryAgainOnClassProxies() throws SQLException {
		laterAttemptsRunTheAdviceInsideTheRetryAgain(true, false);
	}

	@Test
	void laterAttemptsRunTheAdviceInsideTheRetryAgainOnInterfaceProxies() throws SQLException {
		laterAttemptsRunTheAdviceInsideTheRetryAgain(false, false);
	}

	@Test
	void laterAttemptsRunTheAdviceInsideTheRetryAgainOnOpaqueProxies() throws SQLException {
		laterAttemptsRunTheAdviceInsideTheRetryAgain(false, true);
	}

	private void laterAttemptsRunTheAdviceInsideTheRetryAgain(boolean proxyTargetClass, boolean opaque)
			throws SQLException {
		ScriptedReads target = new ScriptedReads(2, Duration.ZERO,
				(call) -> new SQLTransactionRollbackException("Deadlock found (failure " + call + ")", "40001", 1213));
		AtomicInteger inner = new AtomicInteger();
		ProxyFactory factory = new ProxyFactory(target);
		factory.setProxyTargetClass(proxyTargetClass);
		factory.setOpaque(opaque);
		factory.addAdvisor(new RetryAdvisor(() -> interceptor(settings(3, Duration.ofSeconds(10))), 0));
		factory.addAdvice((MethodInterceptor) (invocation) -> {
			inner.incrementAndGet();
			return invocation.proceed();
		});
		Reads reads = (Reads) factory.getProxy();
		assertThat(reads.read()).isEqualTo("answer");
		assertThat(target.calls()).isEqualTo(3);
		assertThat(inner).hasValue(3);
		assertThat(this.recorded).containsExactly("RETRIED DEADLOCK", "RETRIED DEADLOCK", "SUCCESS");
	}

	@Test
	void callAnsweredAtOnceAllocatesNothingForTheRetry() throws SQLException {
		ScriptedReads target = new ScriptedReads(0, Duration.ZERO, (call) -> new SQLException("unused"));
		MethodInterceptor passThrough = MethodInvocation::proceed;
		ProxyFactory retriedFactory = new ProxyFactory(target);
		retriedFactory.setProxyTargetClass(true);
		PrimaryCircuit circuit = mock(PrimaryCircuit.class);
		RetryInterceptor interceptor = new RetryInterceptor(settings(3, Duration.ofSeconds(10)),
				new DefaultMySqlErrorClassifier(), circuit, (outcome, reason) -> {
				});
		retriedFactory.addAdvisor(new RetryAdvisor(() -> interceptor, 0));
		retriedFactory.addAdvice(passThrough);
		ProxyFactory plainFactory = new ProxyFactory(target);
		plainFactory.setProxyTargetClass(true);
		plainFactory.addAdvice(passThrough);
		plainFactory.addAdvice(passThrough);
		Reads retried = (Reads) retriedFactory.getProxy();
		Reads plain = (Reads) plainFactory.getProxy();
		long retriedBytes = bytesPerCall(retried);
		long plainBytes = bytesPerCall(plain);
		// Cloning the invocation, its attributes map, a journal and the attempts' state
		// came to about 200 bytes a call
		assertThat(retriedBytes - plainBytes).isLessThan(16);
	}

	private static long bytesPerCall(Reads reads) throws SQLException {
		ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
		long id = Thread.currentThread().getId();
		int calls = 50_000;
		for (int i = 0; i < calls; i++) {
			reads.read();
		}
		long before = threads.getThreadAllocatedBytes(id);
		for (int i = 0; i < calls; i++) {
			reads.read();
		}
		return (threads.getThreadAllocatedBytes(id) - before) / calls;
	}

	@Test
	void whileNoServerTakesWritesTheCallWaitsWithoutUsingUpAttempts() throws SQLException {
		ScriptedReads calls = proxy(settings(2, Duration.ofSeconds(30)),
				new ScriptedReads(6, Duration.ZERO, (call) -> new NoPrimaryException("'primary' unreachable")));
		assertThat(calls.read()).isEqualTo("answer");
		assertThat(calls.calls()).isEqualTo(7);
		assertThat(this.recorded).last().isEqualTo("SUCCESS");
	}

	@Test
	void whileNoServerTakesWritesTheCallGivesUpAtTheMaximumElapsedTime() {
		ScriptedReads calls = proxy(settings(2, Duration.ofMillis(300)), new ScriptedReads(Integer.MAX_VALUE,
				Duration.ZERO, (call) -> new NoPrimaryException("'primary' unreachable")));
		long start = System.nanoTime();
		assertThatExceptionOfType(NoPrimaryException.class).isThrownBy(calls::read);
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(250).toNanos());
		assertThat(calls.calls()).isGreaterThan(2);
	}

	private ScriptedReads proxy(RetrySettings settings, int deadlocks, Duration firstAttemptTakes) {
		return proxy(settings, new ScriptedReads(deadlocks, firstAttemptTakes,
				(call) -> new SQLTransactionRollbackException("Deadlock found (failure " + call + ")", "40001", 1213)));
	}

	@SuppressWarnings("unchecked")
	private <T> T proxy(RetrySettings settings, T target) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.setProxyTargetClass(true);
		factory.addAdvisor(new RetryAdvisor(() -> interceptor(settings), 0));
		return (T) factory.getProxy();
	}

	private RetryInterceptor interceptor(RetrySettings settings) {
		PrimaryCircuit circuit = mock(PrimaryCircuit.class);
		given(circuit.tryAcquirePermission()).willReturn(true);
		return new RetryInterceptor(settings, new DefaultMySqlErrorClassifier(), circuit, this.metrics);
	}

	private static RetrySettings settings(int maxAttempts, Duration maxElapsedTime) {
		return new RetrySettings(maxAttempts, Duration.ofMillis(1), 1, Duration.ofMillis(1), Duration.ZERO,
				maxElapsedTime);
	}

	/**
	 * Work that runs writes in transactions of its own, as a {@code REQUIRES_NEW} audit
	 * write does, and fails with a deadlock on its first call.
	 */
	static class ReadCallingWrite {

		private final AtomicInteger calls = new AtomicInteger();

		private final TransactionTemplate write;

		ReadCallingWrite(ScriptedTransactionManager transactionManager) {
			this.write = new TransactionTemplate(transactionManager);
			this.write.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		}

		/**
		 * A read that writes an audit row first, carrying on without it if that fails.
		 */
		@ReadOnly
		public String auditThenRead() throws SQLException {
			int call = this.calls.incrementAndGet();
			audit();
			if (call == 1) {
				throw new SQLTransactionRollbackException("Deadlock found", "40001", 1213);
			}
			return "answer";
		}

		/**
		 * A write that writes an audit row first, carrying on without it if that fails.
		 */
		@RetryableTransaction
		public String auditThenWrite() {
			int call = this.calls.incrementAndGet();
			audit();
			return this.write.execute((status) -> {
				if (call == 1) {
					throw new CannotAcquireLockException("UPDATE",
							new SQLTransactionRollbackException("Deadlock found", "40001", 1213));
				}
				return "answer";
			});
		}

		/**
		 * A write in one transaction.
		 */
		@RetryableTransaction
		public String write() {
			this.calls.incrementAndGet();
			return this.write.execute((status) -> "answer");
		}

		private void audit() {
			try {
				this.write.executeWithoutResult((status) -> {
				});
			}
			catch (RuntimeException ex) {
				// The caller carries on without its audit row
			}
		}

		int calls() {
			return this.calls.get();
		}

	}

	/**
	 * Runs Spring's transaction workflow without a server, with the attempt tracking
	 * listener: each COMMIT of the first call fails as scripted, as
	 * {@code JdbcTransactionManager} reports it, and so does the rollback after it when
	 * the connection is gone.
	 */
	static class ScriptedTransactionManager extends AbstractPlatformTransactionManager {

		private final boolean commitFails;

		private final boolean connectionLost;

		private final AtomicInteger commits = new AtomicInteger();

		ScriptedTransactionManager(boolean commitFails, boolean connectionLost) {
			this.commitFails = commitFails;
			this.connectionLost = connectionLost;
			setTransactionSynchronization(SYNCHRONIZATION_NEVER);
			addListener(new AttemptTrackingListener());
		}

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			if (this.commits.incrementAndGet() == 1 && this.commitFails) {
				throw this.connectionLost
						? new RecoverableDataAccessException("JDBC commit",
								new SQLException("Communications link failure", "08S01"))
						: new CannotAcquireLockException("JDBC commit",
								new SQLTransactionRollbackException("Deadlock found", "40001", 1213));
			}
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
			if (this.connectionLost) {
				throw new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
			}
		}

	}

	/**
	 * Reads that fail a given number of times, the first attempt taking a given time.
	 */
	interface Reads {

		@Nullable String read() throws SQLException;

	}

	static class ScriptedReads implements Reads {

		private final AtomicInteger calls = new AtomicInteger();

		private final int failures;

		private final Duration firstAttemptTakes;

		private final IntFunction<SQLException> failure;

		ScriptedReads(int failures, Duration firstAttemptTakes, IntFunction<SQLException> failure) {
			this.failures = failures;
			this.firstAttemptTakes = firstAttemptTakes;
			this.failure = failure;
		}

		@Override
		@ReadOnly
		public @Nullable String read() throws SQLException {
			int call = this.calls.incrementAndGet();
			if (call == 1 && !this.firstAttemptTakes.isZero()) {
				try {
					Thread.sleep(this.firstAttemptTakes.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			if (call <= this.failures) {
				throw this.failure.apply(call);
			}
			return "answer";
		}

		int calls() {
			return this.calls.get();
		}

	}

}
