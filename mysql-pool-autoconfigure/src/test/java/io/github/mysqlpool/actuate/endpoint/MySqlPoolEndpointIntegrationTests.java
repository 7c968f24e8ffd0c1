package io.github.mysqlpool.actuate.endpoint;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.metrics.internal.MySqlPoolMeterBinder;
import io.github.mysqlpool.monitor.MonitorTestSupport;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code mysqlpool} endpoint's JSON for every path, on the embedded primary and two
 * replicas.
 *
 * @author mysql-pool team
 */
@ExtendWith({ EmbeddedMariaDbExtension.class, OutputCaptureExtension.class })
class MySqlPoolEndpointIntegrationTests {

	private static ApplicationContextRunner runner(ReplicatedMariaDb db) {
		return MonitorTestSupport.runner(db)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("mysql-pool.monitor.sample-interval=100ms",
					// Credentials in the URL too, to check they are never shown
					"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl() + "?user=" + db.username() + "&password="
							+ db.password());
	}

	@Test
	void statusDescribesEveryPoolAndItsServer(ReplicatedMariaDb db) {
		runner(db).run((context) -> {
			useEveryPool(context.getBean(MySqlPools.class));
			DocumentContext json = JsonPath
				.parse(MonitorTestSupport.toJson(context.getBean(MySqlPoolEndpoint.class).pools()));
			assertThat(json.<List<String>>read("$.pools[*].name")).containsExactly("primary", "replica-1", "replica-2");
			assertThat(json.<List<String>>read("$.pools[*].role")).containsExactly("PRIMARY", "REPLICA", "REPLICA");
			assertThat(json.<List<String>>read("$.pools[*].state")).containsOnly("RUNNING");
			assertThat(json.<List<Integer>>read("$.pools[*].max")).containsOnly(2);
			assertThat(json.<List<Integer>>read("$.pools[*].minIdle")).containsOnly(2);
			assertThat(json.<List<Integer>>read("$.pools[*].pending")).containsOnly(0);
			assertThat(json.<Integer>read("$.pools[0].acquireTime.count")).isPositive();
			assertThat(json.<Double>read("$.pools[0].usageTime.p99")).isNotNegative();
			assertThat(json.<Integer>read("$.pools[1].borrows")).isPositive();
			assertThat(json.<String>read("$.pools[1].fitness")).isEqualTo("UNKNOWN");
			assertThat(json.<Object>read("$.pools[1].lagSeconds")).isNull();
			assertThat(json.<String>read("$.pools[0].server.hostPort")).isEqualTo("127.0.0.1:" + db.primary().port());
			assertThat(json.<String>read("$.pools[0].server.flavor")).isEqualTo("MariaDB");
			assertThat(json.<String>read("$.pools[0].server.version")).contains("MariaDB");
			assertThat(json.<Integer>read("$.pools[0].server.maxConnections")).isPositive();
			assertThat(json.<Integer>read("$.pools[0].server.threadsConnected")).isPositive();
			assertThat(json.<Integer>read("$.pools[0].server.waitTimeoutSeconds")).isPositive();
			assertThat(json.<Integer>read("$.pools[0].server.uptimeSeconds")).isNotNegative();
			// The password given in the URL reaches the pool as its password, not in its
			// URL
			assertThat(json.<String>read("$.pools[2].server.url")).contains("user=")
				.doesNotContain("password")
				.doesNotContain(db.password());
			assertThat(json.<Integer>read("$.pools[0].slowQueries.thresholdMillis")).isEqualTo(1000);
		});
	}

	@Test
	void everySectionAnswersWithItsFigures(ReplicatedMariaDb db) {
		runner(db).run((context) -> {
			useEveryPool(context.getBean(MySqlPools.class));
			MySqlPoolEndpoint endpoint = context.getBean(MySqlPoolEndpoint.class);
			PoolHistory history = context.getBean(PoolHistory.class);
			MonitorTestSupport.await(Duration.ofSeconds(10), () -> history.samples("replica-2").size() >= 3);
			DocumentContext samples = JsonPath
				.parse(MonitorTestSupport.toJson(endpoint.section("history", null, null)));
			assertThat(samples.<Double>read("$.sampleIntervalSeconds")).isEqualTo(0.1);
			assertThat(samples.<Integer>read("$.capacityPerPool")).isEqualTo(36000);
			assertThat(samples.<Integer>read("$.memoryBoundBytes"))
				.isEqualTo(36000 * (PoolHistory.BYTES_PER_SAMPLE * 3 + PoolHistory.BYTES_PER_ROUTER_SAMPLE));
			assertThat(samples.<List<Object>>read("$.pools.primary")).hasSizeGreaterThanOrEqualTo(3);
			assertThat(samples.<String>read("$.pools.primary[0].time")).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
			assertThat(samples.<Integer>read("$.pools.primary[0].max")).isEqualTo(2);
			DocumentContext onePool = JsonPath
				.parse(MonitorTestSupport.toJson(endpoint.section("history", "replica-1", "1h")));
			assertThat(onePool.<java.util.Map<String, Object>>read("$.pools")).containsOnlyKeys("replica-1");

			DocumentContext optimize = JsonPath
				.parse(MonitorTestSupport.toJson(endpoint.section("optimize", null, null)));
			assertThat(optimize.<List<String>>read("$.recommendations[*].pool")).containsExactly("primary", "replica-1",
					"replica-2");
			assertThat(optimize.<Integer>read("$.recommendations[0].currentMaximumPoolSize")).isEqualTo(2);
			assertThat(optimize.<Integer>read("$.recommendations[0].figures.serverMaxConnections")).isPositive();
			assertThat(optimize.<List<String>>read("$.recommendations[0].reasoning")).isNotEmpty();

			DocumentContext alerts = JsonPath.parse(MonitorTestSupport.toJson(endpoint.section("alerts", null, null)));
			assertThat(alerts.<List<Object>>read("$.active")).isEmpty();
			assertThat(alerts.<List<Object>>read("$.resolved")).isEmpty();

			DocumentContext applied = JsonPath
				.parse(MonitorTestSupport.toJson(endpoint.apply("optimize", "primary", null, null)));
			assertThat(applied.<List<String>>read("$.changes[*].pool")).containsExactly("primary");
			assertThat(applied.<Integer>read("$.changes[0].maximumPoolSizeBefore")).isEqualTo(2);
			assertThat(applied.<Integer>read("$.changes[0].maximumPoolSizeAfter")).isPositive();

			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.section("nothing", null, null));
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.section("history", "no-such-pool", null));
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.section("history", null, "yesterday"));
			for (String since : List.of("-5m", "-1", "99999999999999d", "99999999999999999s", "36501d",
					"+999999999-12-31T23:59:59Z")) {
				assertThatExceptionOfType(InvalidEndpointRequestException.class).as("since=%s", since)
					.isThrownBy(() -> endpoint.section("history", null, since))
					.withMessageStartingWith("Parameter 'since' must");
			}
			assertThat(JsonPath.parse(MonitorTestSupport
				.toJson(endpoint.section("history", null, "36500d"))).<java.util.Map<String, Object>>read("$.pools"))
				.containsKey("primary");
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.section("alerts", "no-such-pool", null));
			assertThat(JsonPath.parse(MonitorTestSupport.toJson(endpoint.section("alerts", "replica-1", null)))
				.<List<Object>>read("$.active")).isEmpty();
		});
	}

	@Test
	void poolsReportHikariMetersTaggedWithTheirName(ReplicatedMariaDb db) {
		runner(db).run((context) -> {
			useEveryPool(context.getBean(MySqlPools.class));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// Boot's MetricsAutoConfiguration binds MeterBinder beans in an application;
			// the sample app's Prometheus test covers that
			context.getBean(MySqlPoolMeterBinder.class).bindTo(registry);
			for (String pool : List.of("primary", "replica-1", "replica-2")) {
				assertThat(registry.get("hikaricp.connections.max").tag("pool", pool).gauge().value()).isEqualTo(2);
				assertThat(registry.get("hikaricp.connections.acquire").tag("pool", pool).timer().count()).isPositive();
			}
			assertThat(registry.get("mysqlpool.slow.queries").tag("pool", "primary").functionCounter().count())
				.isZero();
			assertThat(registry.get("mysqlpool.alerts.active").tag("severity", "critical").gauge().value()).isZero();
		});
	}

	@Test
	void passwordAppearsInNoResponseAndNoLog(ReplicatedMariaDb db, CapturedOutput output) {
		runner(db).run((context) -> {
			useEveryPool(context.getBean(MySqlPools.class));
			MySqlPoolEndpoint endpoint = context.getBean(MySqlPoolEndpoint.class);
			MonitorTestSupport.await(Duration.ofSeconds(10),
					() -> context.getBean(PoolHistory.class).samples("primary").size() >= 2);
			StringBuilder all = new StringBuilder(MonitorTestSupport.toJson(endpoint.pools()));
			for (String section : List.of("history", "optimize", "alerts")) {
				all.append(MonitorTestSupport.toJson(endpoint.section(section, null, null)));
			}
			all.append(MonitorTestSupport.toJson(endpoint.apply("optimize", null, null, null)));
			assertThat(all).contains("replica-2").doesNotContain(db.password());
		});
		assertThat(output).contains("replica-2 - Start completed").doesNotContain(db.password());
	}

	private static void useEveryPool(MySqlPools pools) {
		for (MySqlPool pool : pools.getAll()) {
			DataSource dataSource = pool.getDataSource();
			new JdbcTemplate(dataSource).queryForObject("SELECT 1", Integer.class);
		}
	}

}
