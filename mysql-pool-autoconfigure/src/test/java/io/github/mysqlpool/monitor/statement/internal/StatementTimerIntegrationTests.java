package io.github.mysqlpool.monitor.statement.internal;

import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.metrics.internal.StatementMeterBinder;
import io.github.mysqlpool.monitor.MonitorTestSupport;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.pool.MySqlPools;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Statement latency per pool, as timed by MySQL Connector/J on the embedded primary: the
 * {@code mysqlpool.statements} timer by kind and outcome with its histogram, and the
 * endpoint's and history's statement times.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class StatementTimerIntegrationTests {

	@BeforeAll
	static void createTable(ReplicatedMariaDb db) {
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
					+ ".timed_items (id INT AUTO_INCREMENT PRIMARY KEY, item_value INT NOT NULL)");
	}

	@Test
	void everyStatementIsTimedByKindAndOutcome(ReplicatedMariaDb db) {
		MonitorTestSupport.runner(db)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("mysql-pool.monitor.sample-interval=100ms")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(StatementMeterBinder.class).bindTo(registry);
				JdbcTemplate primary = new JdbcTemplate(context.getBean(MySqlPools.class).getPrimary().getDataSource());
				primary.queryForObject("SELECT 1", Integer.class);
				double selects = timer(registry, "select", "success").count();
				double inserts = timer(registry, "insert", "success").count();
				double failedSelects = timer(registry, "select", "error").count();
				for (int i = 0; i < 3; i++) {
					primary.queryForObject("SELECT ?", Integer.class, i);
				}
				primary.update("INSERT INTO timed_items (item_value) VALUES (?)", 1);
				primary.update("  /* a comment */ insert into timed_items (item_value) values (2)");
				assertThatExceptionOfType(BadSqlGrammarException.class)
					.isThrownBy(() -> primary.queryForObject("SELECT * FROM no_such_table", Integer.class));

				assertThat(timer(registry, "select", "success").count() - selects).isGreaterThanOrEqualTo(3);
				assertThat(timer(registry, "insert", "success").count() - inserts).isEqualTo(2);
				assertThat(timer(registry, "select", "error").count() - failedSelects).isEqualTo(1);
				Timer timer = timer(registry, "select", "success");
				assertThat(timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
				// The histogram's buckets show in Prometheus: the sample's
				// ActuatorEndpointTests

				MySqlPoolEndpoint endpoint = context.getBean(MySqlPoolEndpoint.class);
				DocumentContext json = JsonPath.parse(MonitorTestSupport.toJson(endpoint.pools()));
				assertThat(json.<Integer>read("$.pools[0].statementTime.count")).isGreaterThanOrEqualTo(6);
				assertThat(json.<Double>read("$.pools[0].statementTime.max")).isPositive();
				assertThat(json.<Integer>read("$.pools[0].statements")).isGreaterThanOrEqualTo(6);
				assertThat(json.<Integer>read("$.pools[0].statementErrors")).isEqualTo(1);

				PoolHistory history = context.getBean(PoolHistory.class);
				MonitorTestSupport.await(Duration.ofSeconds(20),
						() -> history.samples("primary")
							.stream()
							.anyMatch((sample) -> sample.statementTime().count() > 0 && sample.statementErrors() == 1));
				DocumentContext samples = JsonPath
					.parse(MonitorTestSupport.toJson(endpoint.section("history", "primary", null)));
				assertThat(samples.<List<Integer>>read("$.pools.primary[*].statementTime.count"))
					.anyMatch((count) -> count > 0);
			});
	}

	private static Timer timer(MeterRegistry registry, String kind, String outcome) {
		return registry.get(StatementMeterBinder.STATEMENTS)
			.tag("pool", "primary")
			.tag("kind", kind)
			.tag("outcome", outcome)
			.timer();
	}

}
