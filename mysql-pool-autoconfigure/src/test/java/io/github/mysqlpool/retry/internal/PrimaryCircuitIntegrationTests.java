package io.github.mysqlpool.retry.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolRetryAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.retry.PrimaryCircuitOpenException;
import io.github.mysqlpool.retry.RetryableTransaction;
import io.github.mysqlpool.routing.ReadOnly;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The primary's circuit breaker against a real primary that is killed and started again:
 * it opens, calls fail fast, reads still work, and it closes once the primary is back.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class PrimaryCircuitIntegrationTests {

	private static final Duration OPEN_DURATION = Duration.ofSeconds(2);

	private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);

	private static ApplicationContextRunner contextRunner;

	@BeforeAll
	static void createTableAndRunner(ReplicatedMariaDb db) {
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
					+ ".circuit_log (seq BIGINT AUTO_INCREMENT PRIMARY KEY, request_id VARCHAR(80) NOT NULL)");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
					MySqlPoolRetryAutoConfiguration.class, DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class))
			.withUserConfiguration(ServicesConfiguration.class)
			.withPropertyValues(topologyProperties(db))
			.withPropertyValues("mysql-pool.pool.connection-timeout=" + CONNECTION_TIMEOUT.toMillis() + "ms",
					"mysql-pool.pool.validation-timeout=500ms", "mysql-pool.retry.max-attempts=2",
					"mysql-pool.retry.delay=50ms", "mysql-pool.retry.circuit-breaker.failure-window=5s",
					"mysql-pool.retry.circuit-breaker.minimum-calls=3",
					"mysql-pool.retry.circuit-breaker.open-duration=" + OPEN_DURATION.toMillis() + "ms");
	}

	private static String[] topologyProperties(ReplicatedMariaDb db) {
		return new String[] { "mysql-pool.primary.url=" + db.primary().jdbcUrl(),
				"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
				"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
				"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=4",
				"mysql-pool.inspect-servers=false" };
	}

	@AfterEach
	void heal(ReplicatedMariaDb db) {
		db.heal();
	}

	@Test
	void circuitOpensWhileThePrimaryIsDownFailsFastAndClosesWhenItIsBack(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			Writer writer = context.getBean(Writer.class);
			Reader reader = context.getBean(Reader.class);
			CircuitBreaker circuitBreaker = context.getBean(Resilience4jPrimaryCircuit.class).getCircuitBreaker();
			writer.record(UUID.randomUUID().toString());
			assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			db.primary().kill();
			List<Long> slowCalls = new ArrayList<>();
			for (int call = 0; call < 10 && circuitBreaker.getState() != CircuitBreaker.State.OPEN; call++) {
				long start = System.nanoTime();
				// Each call waits for a connection to the dead primary; the retry of the
				// call whose failure opens the circuit is refused by it
				Throwable thrown = catchThrowable(() -> writer.record(UUID.randomUUID().toString()));
				slowCalls.add(elapsedMillis(start));
				if (circuitBreaker.getState() == CircuitBreaker.State.OPEN) {
					assertThat(thrown).isInstanceOfAny(CannotCreateTransactionException.class,
							PrimaryCircuitOpenException.class);
				}
				else {
					assertThat(thrown).isInstanceOf(CannotCreateTransactionException.class);
				}
			}
			assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
			List<Long> fastCalls = new ArrayList<>();
			for (int call = 0; call < 5; call++) {
				long start = System.nanoTime();
				assertThatExceptionOfType(PrimaryCircuitOpenException.class)
					.isThrownBy(() -> writer.record(UUID.randomUUID().toString()))
					.withMessageContaining("Did not run Writer.record: the primary's circuit breaker is open");
				fastCalls.add(elapsedMillis(start));
			}
			long readStart = System.nanoTime();
			assertThat(reader.serverId()).isIn(Set.of(2L, 3L));
			long read = elapsedMillis(readStart);
			long restart = System.nanoTime();
			db.primary().start();
			long closedAfter = awaitSuccessfulWrite(writer);
			System.out.println("Circuit: calls before it opened took " + slowCalls + " ms, calls while open took "
					+ fastCalls + " ms, a read meanwhile " + read + " ms; closed " + closedAfter
					+ " ms after the primary was started (" + elapsedMillis(restart) + " ms)");
			assertThat(slowCalls).allMatch((millis) -> millis >= CONNECTION_TIMEOUT.toMillis() - 100);
			// Refused before a connection is asked for (PrimaryCircuitOpenException, not
			// CannotCreateTransactionException): a call that asked would wait at least
			// connection-timeout, ten times what an open circuit is allowed here
			assertThat(fastCalls).allMatch((millis) -> millis < CONNECTION_TIMEOUT.toMillis());
			assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		});
	}

	@Test
	void errorsThePrimaryAnswersWithDoNotOpenTheCircuit() {
		contextRunner.run((context) -> {
			Writer writer = context.getBean(Writer.class);
			for (int call = 0; call < 5; call++) {
				assertThatExceptionOfType(BadSqlGrammarException.class).isThrownBy(writer::badSyntax);
			}
			CircuitBreaker circuitBreaker = context.getBean(Resilience4jPrimaryCircuit.class).getCircuitBreaker();
			assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(circuitBreaker.getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	/**
	 * Write until a write succeeds, which the circuit allows once its open duration has
	 * passed and the probe succeeds.
	 * @return how long it took
	 */
	private static long awaitSuccessfulWrite(Writer writer) throws InterruptedException {
		long start = System.nanoTime();
		while (elapsedMillis(start) < 20_000) {
			try {
				writer.record(UUID.randomUUID().toString());
				return elapsedMillis(start);
			}
			catch (RuntimeException ex) {
				Thread.sleep(100);
			}
		}
		throw new AssertionError("No write succeeded within 20 s of the primary's restart");
	}

	private static long elapsedMillis(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

	@Configuration(proxyBeanMethods = false)
	static class ServicesConfiguration {

		@Bean
		Writer writer(JdbcTemplate jdbcTemplate) {
			return new Writer(jdbcTemplate);
		}

		@Bean
		Reader reader(JdbcTemplate jdbcTemplate) {
			return new Reader(jdbcTemplate);
		}

	}

	static class Writer {

		private final JdbcTemplate jdbcTemplate;

		Writer(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@RetryableTransaction
		void record(String requestId) {
			this.jdbcTemplate.update("INSERT INTO circuit_log (request_id) VALUES (?)", requestId);
		}

		@RetryableTransaction
		void badSyntax() {
			this.jdbcTemplate.update("INSERT INTO circuit_log (no_such_column) VALUES (1)");
		}

	}

	static class Reader {

		private final JdbcTemplate jdbcTemplate;

		Reader(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@ReadOnly
		long serverId() {
			return this.jdbcTemplate.queryForObject("SELECT @@server_id", Long.class);
		}

	}

}
