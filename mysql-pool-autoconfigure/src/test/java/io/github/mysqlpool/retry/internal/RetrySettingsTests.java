package io.github.mysqlpool.retry.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.mysqlpool.retry.RetryableTransaction;
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
	void backOffGrowsExponentiallyUpToTheMaximumAndStopsAfterTheLastAttempt() {
		RetrySettings settings = new RetrySettings(7, Duration.ofMillis(50), 2.0, Duration.ofMillis(300), Duration.ZERO,
				Duration.ofSeconds(10));
		BackOffExecution backOff = settings.toRetryPolicy((failure) -> true, Duration.ofMillis(700))
			.getBackOff()
			.start();
		List<Long> delays = new ArrayList<>();
		for (int retry = 0; retry < 6; retry++) {
			delays.add(backOff.nextBackOff());
		}
		assertThat(delays).containsExactly(50L, 100L, 200L, 300L, 300L, 300L);
		assertThat(backOff.nextBackOff()).isEqualTo(BackOffExecution.STOP);
		assertThat(settings.toRetryPolicy((failure) -> true, Duration.ofMillis(700)).getTimeout())
			.isEqualTo(Duration.ofMillis(700));
	}

	@Test
	void jitterSpreadsEachDelayAroundItsExponentialValue() {
		// Spring's ExponentialBackOff spreads the n-th delay by jitter x multiplier^n,
		// never below the first delay: 50 ms +0..25, then 100 ms +-50, then 200 ms +-100
		for (int run = 0; run < 200; run++) {
			BackOffExecution backOff = new RetrySettings(4, Duration.ofMillis(50), 2.0, Duration.ofSeconds(1),
					Duration.ofMillis(25), Duration.ofSeconds(10))
				.toRetryPolicy((failure) -> true, Duration.ofSeconds(10))
				.getBackOff()
				.start();
			assertThat(backOff.nextBackOff()).isBetween(50L, 75L);
			assertThat(backOff.nextBackOff()).isBetween(50L, 150L);
			assertThat(backOff.nextBackOff()).isBetween(100L, 300L);
			assertThat(backOff.nextBackOff()).isEqualTo(BackOffExecution.STOP);
		}
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
