package io.github.mysqlpool.monitor.statement.internal;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.internal.DirectConnections;
import io.github.mysqlpool.monitor.MonitorTestSupport;
import io.github.mysqlpool.monitor.alert.Alert;
import io.github.mysqlpool.monitor.alert.internal.PoolAlerts;
import io.github.mysqlpool.pool.MySqlPools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real slow statements ({@code SELECT SLEEP}) are counted per pool and listed without
 * their values; the starter's own connections to the same server are not counted.
 *
 * @author mysql-pool team
 */
@ExtendWith({ EmbeddedMariaDbExtension.class, OutputCaptureExtension.class })
class SlowQueryIntegrationTests {

	private static final Duration THRESHOLD = Duration.ofSeconds(1);

	@Test
	void slowStatementsAreCountedPerPoolAndShownNormalized(ReplicatedMariaDb db, CapturedOutput output) {
		MonitorTestSupport.runner(db)
			.withPropertyValues("mysql-pool.monitor.slow-query-threshold=" + THRESHOLD.toMillis() + "ms",
					"mysql-pool.monitor.sample-interval=100ms", "mysql-pool.alerts.slow-queries.warning=2",
					"mysql-pool.alerts.slow-queries.critical=100")
			.run((context) -> {
				MySqlPools pools = context.getBean(MySqlPools.class);
				JdbcTemplate primary = new JdbcTemplate(pools.getPrimary().getDataSource());
				JdbcTemplate replica = new JdbcTemplate(pools.get("replica-1").getDataSource());
				// The slow statements sleep past the threshold; the fast ones must take a
				// thousand times their usual millisecond to be counted
				primary.queryForList("SELECT SLEEP(1.2), 'literal-secret-42' FROM dual");
				primary.queryForList("SELECT SLEEP(1.1),   'another-secret' FROM dual");
				primary.queryForList("SELECT 'fast-one'");
				replica.queryForList("SELECT SLEEP(?), ? AS note", 1.2, "param-secret");
				replica.queryForList("SELECT 1");
				try (Connection own = DirectConnections.open(pools.getPrimary().getHikari(), Duration.ofSeconds(5));
						Statement statement = own.createStatement()) {
					statement.execute("SELECT SLEEP(1.2), 'starter-own' FROM dual");
				}

				SlowQueryLog log = context.getBean(SlowQueryLog.class);
				assertThat(log.count("primary")).isEqualTo(2);
				assertThat(log.count("replica-1")).isEqualTo(1);
				assertThat(log.count("replica-2")).isZero();
				String json = MonitorTestSupport.toJson(context.getBean(MySqlPoolEndpoint.class).pools());
				DocumentContext status = JsonPath.parse(json);
				assertThat(status.<Integer>read("$.pools[0].slowQueries.count")).isEqualTo(2);
				assertThat(status.<List<String>>read("$.pools[0].slowQueries.slowest[*].sql"))
					.containsExactly("SELECT SLEEP(?), ? FROM dual");
				assertThat(status.<Integer>read("$.pools[0].slowQueries.slowest[0].count")).isEqualTo(2);
				assertThat(status.<Integer>read("$.pools[0].slowQueries.slowest[0].maxMillis"))
					.isGreaterThanOrEqualTo(1190);
				assertThat(status.<List<String>>read("$.pools[1].slowQueries.slowest[*].sql"))
					.containsExactly("SELECT SLEEP(?), ? AS note");
				assertThat(json).doesNotContain("starter-own", "literal-secret-42", "another-secret", "param-secret",
						"fast-one");

				PoolAlerts alerts = context.getBean(PoolAlerts.class);
				MonitorTestSupport.await(Duration.ofSeconds(30),
						() -> alerts.active().stream().anyMatch((alert) -> alert.rule().equals("slow-queries")));
				assertThat(alerts.active()).filteredOn((alert) -> alert.rule().equals("slow-queries"))
					.extracting(Alert::pool)
					.containsExactly("primary");
			});
		assertThat(output).doesNotContain("literal-secret-42", "param-secret");
	}

	@Test
	void timingCanBeSwitchedOff(ReplicatedMariaDb db) {
		MonitorTestSupport.runner(db)
			.withPropertyValues("mysql-pool.monitor.slow-query-timing=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(SlowQueryLog.class);
				MySqlPools pools = context.getBean(MySqlPools.class);
				assertThat(pools.getPrimary().getHikari().getDataSourceProperties())
					.doesNotContainKey("queryInterceptors");
				new JdbcTemplate(pools.getPrimary().getDataSource()).queryForList("SELECT SLEEP(0.05)");
				String json = MonitorTestSupport.toJson(context.getBean(MySqlPoolEndpoint.class).pools());
				assertThat(JsonPath.parse(json).<Object>read("$.pools[0].slowQueries")).isNull();
			});
	}

}
