package io.github.mysqlpool.retry;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import io.github.mysqlpool.routing.ReadOnly;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

/**
 * How {@link RetryInterceptor} counts and bounds the attempts of a {@link ReadOnly} call,
 * on a target that fails as scripted. The integration tests show retries after real
 * failures on real servers.
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

	private ScriptedReads proxy(RetrySettings settings, int deadlocks, Duration firstAttemptTakes) {
		return proxy(settings, new ScriptedReads(deadlocks, firstAttemptTakes,
				(call) -> new SQLTransactionRollbackException("Deadlock found (failure " + call + ")", "40001", 1213)));
	}

	private ScriptedReads proxy(RetrySettings settings, ScriptedReads target) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.setProxyTargetClass(true);
		factory.addAdvisor(new RetryAdvisor(() -> interceptor(settings), 0));
		return (ScriptedReads) factory.getProxy();
	}

	private RetryInterceptor interceptor(RetrySettings settings) {
		return new RetryInterceptor(settings, new DefaultMySqlErrorClassifier(), mock(PrimaryCircuit.class),
				this.metrics);
	}

	private static RetrySettings settings(int maxAttempts, Duration maxElapsedTime) {
		return new RetrySettings(maxAttempts, Duration.ofMillis(1), 1, Duration.ofMillis(1), Duration.ZERO,
				maxElapsedTime);
	}

	/**
	 * Reads that fail a given number of times, the first attempt taking a given time.
	 */
	static class ScriptedReads {

		private final AtomicInteger calls = new AtomicInteger();

		private final int failures;

		private final Duration firstAttemptTakes;

		private final IntFunction<SQLException> failure;

		ScriptedReads(int failures, Duration firstAttemptTakes, IntFunction<SQLException> failure) {
			this.failures = failures;
			this.firstAttemptTakes = firstAttemptTakes;
			this.failure = failure;
		}

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
