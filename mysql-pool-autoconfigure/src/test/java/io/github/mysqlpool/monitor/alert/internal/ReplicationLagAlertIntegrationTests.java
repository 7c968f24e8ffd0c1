package io.github.mysqlpool.monitor.alert.internal;

import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint;
import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.monitor.MonitorTestSupport;
import io.github.mysqlpool.monitor.alert.Alert;
import io.github.mysqlpool.monitor.alert.AlertSeverity;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real replication lag (the replica's SQL thread stopped while the primary writes) raises
 * the lag alert on that replica only, and resolves it once the replica catches up.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class ReplicationLagAlertIntegrationTests {

	private static final Duration GENEROUS = Duration.ofSeconds(30);

	@AfterEach
	void heal(ReplicatedMariaDb db) {
		db.heal();
	}

	@Test
	void realLagRaisesTheLagAlertAndCatchingUpResolvesIt(ReplicatedMariaDb db) {
		MonitorTestSupport.runner(db)
			.withConfiguration(AutoConfigurations.of(MySqlPoolReplicationAutoConfiguration.class))
			.withPropertyValues("mysql-pool.replication.probe-interval=250ms", "mysql-pool.replication.max-lag=30s",
					"mysql-pool.monitor.sample-interval=250ms", "mysql-pool.alerts.replication-lag.warning=1s",
					"mysql-pool.alerts.replication-lag.critical=20s", "mysql-pool.alerts.resolve-after=2")
			.run((context) -> {
				PoolAlerts alerts = context.getBean(PoolAlerts.class);
				MonitorTestSupport.await(GENEROUS,
						() -> context.getBean(PoolHistory.class).samples("replica-1").size() >= 3);
				MonitorTestSupport.await(GENEROUS, () -> alerts.active().isEmpty());

				db.replica(0).stopReplicationSqlThread();
				Duration raised = MonitorTestSupport.await(GENEROUS, () -> lagAlert(alerts) != null);
				Alert alert = lagAlert(alerts);
				assertThat(alert.value()).isGreaterThanOrEqualTo(1.0);
				// replica-2 replicates all along: on a busy machine its lag may touch the
				// warning for a sample, so its alert-free state is awaited, not assumed
				MonitorTestSupport.await(GENEROUS,
						() -> alerts.active()
							.stream()
							.map(Alert::pool)
							.distinct()
							.toList()
							.equals(List.of("replica-1")));
				DocumentContext status = JsonPath
					.parse(MonitorTestSupport.toJson(context.getBean(MySqlPoolEndpoint.class).pools()));
				assertThat(status.<Double>read("$.pools[1].lagSeconds")).isGreaterThanOrEqualTo(1.0);
				// Within max-lag (30 s), so in rotation
				assertThat(status.<String>read("$.pools[2].fitness")).isEqualTo("FIT");
				MySqlPoolEndpoint endpoint = context.getBean(MySqlPoolEndpoint.class);
				assertThat(JsonPath.parse(MonitorTestSupport.toJson(endpoint.section("alerts", "replica-1", null)))
					.<List<String>>read("$.active[*].rule")).contains("replication-lag");
				assertThat(JsonPath.parse(MonitorTestSupport.toJson(endpoint.section("alerts", "replica-2", null)))
					.<List<Object>>read("$.active")).isEmpty();

				db.replica(0).startReplicationSqlThread();
				Duration resolved = MonitorTestSupport.await(GENEROUS, () -> lagAlert(alerts) == null);
				assertThat(alerts.resolved()).extracting(Alert::rule).contains("replication-lag");
				System.out.println("Replication lag: warning raised " + raised.toMillis() + " ms after the SQL thread"
						+ " stopped (at " + alert.value() + " s), resolved " + resolved.toMillis()
						+ " ms after it restarted");
			});
	}

	private static Alert lagAlert(PoolAlerts alerts) {
		return alerts.active()
			.stream()
			.filter((alert) -> alert.rule().equals("replication-lag") && alert.severity() == AlertSeverity.WARNING)
			.findFirst()
			.orElse(null);
	}

}
