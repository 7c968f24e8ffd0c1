package io.github.mysqlpool.retry;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RetrySettings} and the overrides of {@link RetryableTransaction}.
 *
 * @author mysql-pool team
 */
class RetrySettingsTests {

	private final RetrySettings defaults = new RetrySettings(3, Duration.ofMillis(50), 2.0, Duration.ofSeconds(1),
			Duration.ofMillis(25), Duration.ofSeconds(10));

	@Test
	void annotationDefaultsKeepTheProperties() throws Exception {
		assertThat(this.defaults.withOverrides(annotation("plain"))).isEqualTo(this.defaults);
	}

	@Test
	void annotationOverridesReplaceTheProperties() throws Exception {
		RetrySettings settings = this.defaults.withOverrides(annotation("overridden"));
		assertThat(settings).isEqualTo(new RetrySettings(5, Duration.ofMillis(200), 3.0, Duration.ofSeconds(2),
				Duration.ZERO, Duration.ofSeconds(30)));
	}

	@Test
	void invalidOverrideFailsWithTheAttribute() throws Exception {
		assertThatIllegalStateException().isThrownBy(() -> this.defaults.withOverrides(annotation("badDelay")))
			.withMessageContaining("delay = \"soon\"");
		assertThatIllegalStateException().isThrownBy(() -> this.defaults.withOverrides(annotation("noAttempts")))
			.withMessageContaining("max-attempts must be at least 1");
	}

	@Test
	void retryableTransactionIsATransaction() throws Exception {
		Transactional transactional = AnnotatedElementUtils
			.findMergedAnnotation(Methods.class.getDeclaredMethod("overridden"), Transactional.class);
		assertThat(transactional).isNotNull();
		assertThat(transactional.readOnly()).isTrue();
	}

	@Test
	void backOffGrowsExponentiallyWithinJitterAndStopsAfterTheLastAttempt() {
		BackOffExecution backOff = this.defaults.toRetryPolicy((failure) -> true, Duration.ofMillis(700))
			.getBackOff()
			.start();
		long first = backOff.nextBackOff();
		long second = backOff.nextBackOff();
		assertThat(first).isBetween(50L, 75L);
		assertThat(second).isBetween(50L, 150L);
		assertThat(backOff.nextBackOff()).isEqualTo(BackOffExecution.STOP);
		assertThat(this.defaults.toRetryPolicy((failure) -> true, Duration.ofMillis(700)).getTimeout())
			.isEqualTo(Duration.ofMillis(700));
	}

	private static RetryableTransaction annotation(String method) throws NoSuchMethodException {
		return Methods.class.getDeclaredMethod(method).getAnnotation(RetryableTransaction.class);
	}

	static class Methods {

		@RetryableTransaction
		void plain() {
		}

		@RetryableTransaction(maxAttempts = 5, delay = "200ms", multiplier = 3, maxDelay = "2s", jitter = "0ms",
				maxElapsedTime = "30s", readOnly = true)
		void overridden() {
		}

		@RetryableTransaction(delay = "soon")
		void badDelay() {
		}

		@RetryableTransaction(maxAttempts = 0)
		void noAttempts() {
		}

	}

}
