package io.github.mysqlpool.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolRetryAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.routing.ReadOnly;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's events in Spring Boot's structured logging (ECS): a {@code @ReadOnly}
 * read whose connection is killed on its replica is retried, and the retry's log event
 * carries its fields as JSON fields, not only in the message.
 *
 * @author mysql-pool team
 */
@ExtendWith({ EmbeddedMariaDbExtension.class, OutputCaptureExtension.class })
class StructuredEventLogIntegrationTests {

	private static final ObjectMapper json = JsonMapper.builder().build();

	@AfterAll
	static void plainLogsForTheNextTests() {
		LoggingSystem system = LoggingSystem.get(StructuredEventLogIntegrationTests.class.getClassLoader());
		system.cleanUp();
		system.beforeInitialize();
		system.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
	}

	@Test
	void retryOfAKilledReadIsLoggedWithItsFieldsInEcs(ReplicatedMariaDb db, CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.properties("logging.structured.format.console=ecs", "mysql-pool.primary.url=" + db.primary().jdbcUrl(),
					"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
					"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
					"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.inspect-servers=false",
					"mysql-pool.retry.max-attempts=3", "mysql-pool.retry.delay=100ms")
			.run()) {
			Reader reader = context.getBean(Reader.class);
			CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> killOneSleepingQuery(db),
					(task) -> new Thread(task, "test-killer").start());
			reader.sleep();
			killer.join();
		}
		JsonNode retry = events(output).stream()
			.filter((event) -> "retry".equals(text(event, "mysqlpool.event")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No retry event with fields in:\n" + output));
		assertThat(text(retry, "message")).startsWith("Retrying Reader.sleep after attempt 1 of 3 failed");
		assertThat(text(retry, "mysqlpool.retry.method")).isEqualTo("Reader.sleep");
		assertThat(text(retry, "mysqlpool.retry.attempt")).isEqualTo("1");
		assertThat(text(retry, "mysqlpool.retry.max_attempts")).isEqualTo("3");
		assertThat(text(retry, "mysqlpool.retry.reason")).isIn("CONNECTION_KILLED", "CONNECTION_LOST");
		assertThat(text(retry, "log.level")).isEqualTo("WARN");
		assertThat(output.toString()).doesNotContain(db.password());
	}

	private static List<JsonNode> events(CapturedOutput output) {
		List<JsonNode> events = new ArrayList<>();
		for (String line : output.getOut().split("\\R")) {
			if (line.startsWith("{")) {
				events.add(json.readTree(line));
			}
		}
		return events;
	}

	/**
	 * A field by its dotted name, as ECS writes it: flat or nested.
	 */
	private static String text(JsonNode event, String name) {
		JsonNode flat = event.get(name);
		if (flat != null) {
			return flat.asString();
		}
		JsonNode node = event;
		for (String part : name.split("\\.")) {
			node = (node != null) ? node.get(part) : null;
		}
		return (node != null) ? node.asString() : null;
	}

	private static void killOneSleepingQuery(ReplicatedMariaDb db) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < deadline) {
			for (Node node : db.nodes()) {
				String id = node.queryForString("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '"
						+ db.username() + "' AND INFO LIKE 'SELECT SLEEP(%' LIMIT 1");
				if (id != null) {
					node.killConnection(Long.parseLong(id));
					return;
				}
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		throw new AssertionError("No SELECT SLEEP of " + db.username() + " to kill within 30 s");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ MySqlPoolAutoConfiguration.class, MySqlPoolRetryAutoConfiguration.class,
			DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
			TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class })
	static class Application {

		@Bean
		Reader reader(JdbcTemplate jdbcTemplate) {
			return new Reader(jdbcTemplate);
		}

	}

	static class Reader {

		private final JdbcTemplate jdbcTemplate;

		Reader(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@ReadOnly
		public long sleep() {
			return this.jdbcTemplate.queryForObject("SELECT SLEEP(1) * 0 + @@server_id", Long.class);
		}

	}

}
