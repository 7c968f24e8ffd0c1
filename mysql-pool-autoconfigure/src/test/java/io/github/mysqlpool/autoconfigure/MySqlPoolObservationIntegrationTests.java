package io.github.mysqlpool.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.retry.RetryableTransaction;
import io.github.mysqlpool.retry.internal.ObservationAttemptObserver;
import io.github.mysqlpool.routing.ReadOnly;
import io.github.mysqlpool.routing.ReplicaSnapshot;
import io.github.mysqlpool.routing.internal.ObservationRoutingObserver;
import io.github.mysqlpool.routing.internal.ReplicaRotation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
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
 * The span tree of the starter's observations on real servers, through Micrometer's test
 * tracer: a {@code @ReadOnly} read whose connection is killed on its replica and retried,
 * and a write.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class MySqlPoolObservationIntegrationTests {

	private static final Set<String> REPLICAS = Set.of("replica-1", "replica-2");

	private static ApplicationContextRunner contextRunner;

	@BeforeAll
	static void createTableAndRunner(ReplicatedMariaDb db) {
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
					+ ".trace_log (seq BIGINT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(64) NOT NULL)");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(30));
		contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
					MySqlPoolRetryAutoConfiguration.class, MySqlPoolReplicationAutoConfiguration.class,
					MySqlPoolObservationAutoConfiguration.class, DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class))
			.withUserConfiguration(TracingConfiguration.class)
			.withPropertyValues("mysql-pool.primary.url=" + db.primary().jdbcUrl(),
					"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
					"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
					"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.inspect-servers=false",
					"mysql-pool.retry.max-attempts=3", "mysql-pool.retry.delay=100ms",
					"mysql-pool.replication.lag-source=heartbeat", "mysql-pool.replication.probe-interval=250ms",
					"mysql-pool.replication.max-lag=60s");
	}

	@Test
	void observationsAreOffByDefault() {
		contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(ObservationRoutingObserver.class);
			assertThat(context).doesNotHaveBean(ObservationAttemptObserver.class);
			context.getBean(Reader.class).serverId();
			assertThat(context.getBean(SimpleTracer.class).getSpans()).isEmpty();
		});
	}

	@Test
	void retriedReadAndWriteMakeASpanTree(ReplicatedMariaDb db) {
		contextRunner.withPropertyValues("mysql-pool.observations.enabled=true").run((context) -> {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			SimpleTracer tracer = context.getBean(SimpleTracer.class);
			Reader reader = context.getBean(Reader.class);
			Writer writer = context.getBean(Writer.class);
			assertThat(context).hasSingleBean(io.github.mysqlpool.replica.lag.internal.ReplicaMonitor.class);
			System.out.println("MONITOR "
					+ context.getBean(io.github.mysqlpool.replica.lag.internal.ReplicaMonitor.class).isRunning() + " "
					+ context.getBean(io.github.mysqlpool.replica.lag.internal.ReplicaMonitor.class)
						.status("replica-1"));
			awaitLagOfEveryReplica(context.getBean(ReplicaRotation.class));
			Observation.createNotStarted("request", registry).contextualName("GET /report").observe(() -> {
				CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> killOneSleepingQuery(db),
						(task) -> new Thread(task, "test-killer").start());
				reader.sleepAndReportServer();
				killer.join();
			});
			Observation.createNotStarted("request", registry)
				.contextualName("POST /notes")
				.observe(() -> writer.write("traced"));
			List<SimpleSpan> spans = new ArrayList<>(tracer.getSpans());
			String tree = render(spans);
			System.out.println(tree);

			SimpleSpan read = only(spans, "GET /report");
			List<SimpleSpan> attempts = children(spans, read);
			assertThat(attempts).extracting(SimpleSpan::getName)
				.containsExactly("mysqlpool attempt 1", "mysqlpool attempt 2");
			SimpleSpan first = attempts.get(0);
			SimpleSpan second = attempts.get(1);
			assertThat(first.getError()).isNotNull();
			assertThat(first.getTags()).containsEntry("mysqlpool.retry.attempt", "1")
				.containsEntry("mysqlpool.retry.reason", "none")
				.containsEntry("mysqlpool.route", "read")
				.containsEntry("mysqlpool.method", "Reader.sleepAndReportServer");
			assertThat(second.getError()).isNull();
			assertThat(second.getTags()).containsEntry("mysqlpool.retry.attempt", "2")
				.containsEntry("mysqlpool.route", "read");
			assertThat(second.getTags().get("mysqlpool.retry.reason")).isIn("connection-killed", "connection-lost");
			for (SimpleSpan attempt : attempts) {
				List<SimpleSpan> borrows = children(spans, attempt);
				assertThat(borrows).extracting(SimpleSpan::getName).containsExactly("mysqlpool borrow read");
				SimpleSpan borrow = borrows.get(0);
				assertThat(borrow.getTags().get("mysqlpool.pool")).isIn(REPLICAS);
				int index = borrow.getTags().get("mysqlpool.pool").equals("replica-1") ? 0 : 1;
				assertThat(borrow.getTags()).containsEntry("mysqlpool.route", "read")
					.containsEntry("mysqlpool.fallback", "none")
					.containsEntry("mysqlpool.fence", "none")
					.containsEntry("mysqlpool.server", hostAndPort(db.replica(index)))
					.containsKey("mysqlpool.replica.lag_ms");
			}

			SimpleSpan write = only(spans, "POST /notes");
			List<SimpleSpan> writeAttempts = children(spans, write);
			assertThat(writeAttempts).extracting(SimpleSpan::getName).containsExactly("mysqlpool attempt 1");
			assertThat(writeAttempts.get(0).getTags()).containsEntry("mysqlpool.route", "write");
			List<SimpleSpan> writeBorrows = children(spans, writeAttempts.get(0));
			assertThat(writeBorrows).extracting(SimpleSpan::getName).containsExactly("mysqlpool borrow write");
			assertThat(writeBorrows.get(0).getTags()).containsEntry("mysqlpool.pool", "primary")
				.containsEntry("mysqlpool.server", hostAndPort(db.primary()))
				.doesNotContainKey("mysqlpool.replica.lag_ms");
			// No SQL, no parameter values, in any span
			assertThat(spans).allSatisfy((span) -> assertThat(span.getTags().values())
				.noneMatch((value) -> value.contains("traced") || value.contains("SELECT")));
		});
	}

	/**
	 * Both replicas in rotation with a measured lag, as after the monitor's first probes.
	 */
	private static void awaitLagOfEveryReplica(ReplicaRotation rotation) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline) {
			ReplicaSnapshot snapshot = rotation.current();
			if (snapshot.size() == 2 && snapshot.lagMillis(0) != ReplicaSnapshot.UNKNOWN_LAG
					&& snapshot.lagMillis(1) != ReplicaSnapshot.UNKNOWN_LAG) {
				return;
			}
			Thread.sleep(50);
		}
		ReplicaSnapshot snapshot = rotation.current();
		StringBuilder state = new StringBuilder();
		for (int i = 0; i < snapshot.size(); i++) {
			state.append(snapshot.replica(i).getName()).append(" lag ").append(snapshot.lagMillis(i)).append("; ");
		}
		throw new AssertionError("Replicas not in rotation with a measured lag within 20 s: " + state
				+ "out of rotation: " + snapshot.exclusions());
	}

	private static String hostAndPort(Node node) {
		return io.github.mysqlpool.internal.JdbcUrls.hostAndPort(node.jdbcUrl());
	}

	private static SimpleSpan only(List<SimpleSpan> spans, String name) {
		List<SimpleSpan> named = spans.stream().filter((span) -> name.equals(span.getName())).toList();
		assertThat(named).hasSize(1);
		return named.get(0);
	}

	private static List<SimpleSpan> children(List<SimpleSpan> spans, SimpleSpan parent) {
		return spans.stream()
			.filter((span) -> Objects.equals(parent.getSpanId(), span.getParentId()))
			.sorted(Comparator.comparing(SimpleSpan::getStartTimestamp))
			.toList();
	}

	/**
	 * The trace as indented text, for the log (and the README's picture of one).
	 */
	static String render(List<SimpleSpan> spans) {
		StringBuilder text = new StringBuilder();
		spans.stream()
			.filter((span) -> span.getParentId() == null || span.getParentId().isEmpty())
			.sorted(Comparator.comparing(SimpleSpan::getStartTimestamp))
			.forEach((root) -> render(spans, root, 0, text));
		return text.toString();
	}

	private static void render(List<SimpleSpan> spans, SimpleSpan span, int depth, StringBuilder text) {
		text.append("  ".repeat(depth)).append(span.getName());
		span.getTags()
			.entrySet()
			.stream()
			.sorted(java.util.Map.Entry.comparingByKey())
			.forEach((tag) -> text.append(' ')
				.append(tag.getKey().replace("mysqlpool.", ""))
				.append('=')
				.append(tag.getValue()));
		if (span.getError() != null) {
			text.append(" error=").append(span.getError().getClass().getSimpleName());
		}
		text.append('\n');
		children(spans, span).forEach((child) -> render(spans, child, depth + 1, text));
	}

	private static void killOneSleepingQuery(ReplicatedMariaDb db) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < deadline) {
			for (Node node : db.replicas()) {
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
		throw new AssertionError("No SELECT SLEEP of " + db.username() + " on a replica to kill within 30 s");
	}

	@Configuration(proxyBeanMethods = false)
	static class TracingConfiguration {

		@Bean
		SimpleTracer tracer() {
			return new SimpleTracer();
		}

		@Bean
		ObservationRegistry observationRegistry(SimpleTracer tracer) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
			return registry;
		}

		@Bean
		Reader reader(JdbcTemplate jdbcTemplate) {
			return new Reader(jdbcTemplate);
		}

		@Bean
		Writer writer(JdbcTemplate jdbcTemplate) {
			return new Writer(jdbcTemplate);
		}

	}

	static class Reader {

		private final JdbcTemplate jdbcTemplate;

		Reader(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@ReadOnly
		public long sleepAndReportServer() {
			return this.jdbcTemplate.queryForObject("SELECT SLEEP(1) * 0 + @@server_id", Long.class);
		}

		@ReadOnly
		public long serverId() {
			return this.jdbcTemplate.queryForObject("SELECT @@server_id", Long.class);
		}

	}

	static class Writer {

		private final JdbcTemplate jdbcTemplate;

		Writer(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@RetryableTransaction
		public void write(String note) {
			this.jdbcTemplate.update("INSERT INTO trace_log (note) VALUES (?)", note);
		}

	}

}
