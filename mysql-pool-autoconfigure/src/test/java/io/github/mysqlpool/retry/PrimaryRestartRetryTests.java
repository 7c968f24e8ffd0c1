package io.github.mysqlpool.retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolRetryAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.retry.internal.MicrometerRetryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes in a loop while the real primary is killed and restarted, then shut down and
 * restarted: no write that returned is lost or applied twice, and every write that is
 * missing ended with an exception.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class PrimaryRestartRetryTests {

	private static final String OK = "ok";

	private static final int WRITERS = 3;

	private static ApplicationContextRunner contextRunner;

	@BeforeAll
	static void createTableAndRunner(ReplicatedMariaDb db) {
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
					+ ".restart_log (seq BIGINT AUTO_INCREMENT PRIMARY KEY, request_id VARCHAR(80) NOT NULL, "
					+ "KEY (request_id))");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
					MySqlPoolRetryAutoConfiguration.class, DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class))
			.withUserConfiguration(WriterConfiguration.class)
			.withPropertyValues(RetryIntegrationTests.topologyProperties(db))
			.withPropertyValues("mysql-pool.pool.connection-timeout=1s", "mysql-pool.pool.validation-timeout=500ms",
					"mysql-pool.driver.socket-timeout=5s", "mysql-pool.retry.max-attempts=10",
					"mysql-pool.retry.delay=100ms", "mysql-pool.retry.max-delay=1s",
					"mysql-pool.retry.max-elapsed-time=20s", "mysql-pool.retry.circuit-breaker.enabled=false");
	}

	@AfterEach
	void heal(ReplicatedMariaDb db) {
		db.heal();
	}

	@Test
	void writesThroughPrimaryRestartsAreNeitherLostNorDuplicated(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			LoggingWriter writer = context.getBean(LoggingWriter.class);
			String run = "restart-" + UUID.randomUUID() + "-";
			Map<String, String> outcomes = new ConcurrentHashMap<>();
			AtomicBoolean running = new AtomicBoolean(true);
			List<Thread> threads = new ArrayList<>();
			for (int i = 0; i < WRITERS; i++) {
				String prefix = run + i + "-";
				Thread thread = new Thread(() -> writeUntilStopped(writer, prefix, outcomes, running));
				thread.start();
				threads.add(thread);
			}
			Thread.sleep(1000);
			db.primary().kill();
			Thread.sleep(700);
			db.primary().start();
			Thread.sleep(1500);
			db.primary().stop();
			db.primary().start();
			Thread.sleep(1500);
			running.set(false);
			for (Thread thread : threads) {
				thread.join(60_000);
			}
			Map<String, Long> stored = stored(db, run);
			Map<String, Integer> failures = new TreeMap<>();
			int succeeded = 0;
			int unknownAndStored = 0;
			for (Map.Entry<String, String> outcome : outcomes.entrySet()) {
				long copies = stored.getOrDefault(outcome.getKey(), 0L);
				if (OK.equals(outcome.getValue())) {
					succeeded++;
					assertThat(copies).as("write %s returned", outcome.getKey()).isEqualTo(1);
				}
				else {
					failures.merge(outcome.getValue(), 1, Integer::sum);
					if (copies == 1) {
						unknownAndStored++;
					}
				}
			}
			double retried = context.getBean(MeterRegistry.class)
				.find(MicrometerRetryMetrics.ATTEMPTS)
				.tag("outcome", "retried")
				.counters()
				.stream()
				.mapToDouble((counter) -> counter.count())
				.sum();
			System.out.println("Primary restarts during " + outcomes.size() + " writes: " + succeeded
					+ " succeeded, failed " + failures + " (" + unknownAndStored + " of the failed ones were applied), "
					+ (long) retried + " attempts retried");
			assertThat(stored.values()).as("no request stored twice").allMatch((copies) -> copies == 1);
			assertThat(outcomes.keySet()).as("nothing stored that was never attempted").containsAll(stored.keySet());
			assertThat(succeeded).isGreaterThan(0);
			assertThat(retried).as("writes during the restarts were retried").isGreaterThan(0);
		});
	}

	private static void writeUntilStopped(LoggingWriter writer, String prefix, Map<String, String> outcomes,
			AtomicBoolean running) {
		for (int i = 0; running.get(); i++) {
			String requestId = prefix + i;
			try {
				writer.record(requestId);
				outcomes.put(requestId, OK);
			}
			catch (RuntimeException ex) {
				outcomes.put(requestId, ex.getClass().getSimpleName() + " "
						+ new DefaultMySqlErrorClassifier().classify(ex, WorkPhase.TRANSACTION).describe());
			}
		}
	}

	private static Map<String, Long> stored(ReplicatedMariaDb db, String run) throws Exception {
		Map<String, Long> stored = new HashMap<>();
		try (var connection = java.sql.DriverManager.getConnection(db.primary().jdbcUrl(), db.username(),
				db.password());
				var statement = connection.prepareStatement(
						"SELECT request_id, COUNT(*) FROM restart_log WHERE request_id LIKE ? GROUP BY request_id")) {
			statement.setString(1, run + "%");
			try (var rows = statement.executeQuery()) {
				while (rows.next()) {
					stored.put(rows.getString(1), rows.getLong(2));
				}
			}
		}
		return stored;
	}

	@Configuration(proxyBeanMethods = false)
	static class WriterConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		LoggingWriter loggingWriter(JdbcTemplate jdbcTemplate) {
			return new LoggingWriter(jdbcTemplate);
		}

	}

	static class LoggingWriter {

		private final JdbcTemplate jdbcTemplate;

		LoggingWriter(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@RetryableTransaction
		void record(String requestId) {
			this.jdbcTemplate.update("INSERT INTO restart_log (request_id) VALUES (?)", requestId);
			this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM restart_log WHERE request_id = ?", Long.class,
					requestId);
		}

	}

}
