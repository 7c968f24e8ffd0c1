package io.github.mysqlpool.autoconfigure;

import java.time.Duration;

import io.github.mysqlpool.autoconfigure.health.MySqlPoolHealthContributorAutoConfiguration;
import io.github.mysqlpool.autoconfigure.metrics.MySqlPoolReplicaMetricsAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.health.internal.MySqlPoolHealthContributor;
import io.github.mysqlpool.metrics.internal.ReplicaMetricsMeterBinder;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.pool.ReplicaStatusSource;
import io.github.mysqlpool.replica.lag.MissingReplicationPrivilegeException;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import io.github.mysqlpool.routing.ReplicaFallback;
import io.github.mysqlpool.routing.ReplicaSelector;
import io.github.mysqlpool.routing.internal.MySqlRoutingDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MySqlPoolReplicationAutoConfiguration} and the health and metrics
 * auto-configurations that build on it.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class MySqlPoolReplicationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
				MySqlPoolReplicationAutoConfiguration.class, MySqlPoolHealthContributorAutoConfiguration.class,
				MySqlPoolReplicaMetricsAutoConfiguration.class))
		.withPropertyValues("mysql-pool.inspect-servers=false");

	private ApplicationContextRunner topology(ReplicatedMariaDb db, String username) {
		return this.contextRunner.withPropertyValues("mysql-pool.primary.url=" + db.primary().jdbcUrl(),
				"mysql-pool.primary.username=" + username, "mysql-pool.primary.password=" + db.password(),
				"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
				"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=1");
	}

	@Test
	void monitorHealthAndMetricsAreConfiguredOnARealTopology(ReplicatedMariaDb db) {
		topology(db, db.username()).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(ReplicaMonitor.class)
				.hasSingleBean(MySqlPoolHealthContributor.class)
				.hasSingleBean(ReplicaMetricsMeterBinder.class)
				.hasBean("mysqlpoolHealthContributor");
			assertThat(context.getBean(ReplicaStatusSource.class)).isSameAs(context.getBean(ReplicaMonitor.class));
			assertThat(context.getBean(ReplicaStatusSource.class).status("replica-1").state())
				.isEqualTo(ReplicaStatus.State.FIT);
			assertThat(((HealthIndicator) context.getBean(MySqlPoolHealthContributor.class).getContributor("primary"))
				.health()
				.getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void missingMonitorPrivilegeFailsStartUpWithTheGrantToRun(ReplicatedMariaDb db) {
		topology(db, db.noMonitorUsername()).withPropertyValues("mysql-pool.replication.lag-source=replica-status")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new MissingReplicationPrivilegeFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				System.out
					.println("[privilege] " + analysis.getDescription() + "\n[privilege] " + analysis.getAction());
				assertThat(analysis.getDescription()).contains("'" + db.noMonitorUsername() + "'@'%'")
					.contains("replica-1")
					.contains("SLAVE MONITOR")
					.doesNotContain(db.password());
				assertThat(analysis.getAction())
					.contains("GRANT SLAVE MONITOR ON *.* TO '" + db.noMonitorUsername() + "'@'%';");
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOfSatisfying(java.sql.SQLException.class,
							(ex) -> assertThat(ex.getErrorCode()).isEqualTo(1227));
				assertThat(analysis.getCause()).isInstanceOf(MissingReplicationPrivilegeException.class);
			});
	}

	@Test
	void failedStartClosesTheMonitorsConnections(ReplicatedMariaDb db) throws InterruptedException {
		topology(db, db.noMonitorUsername()).withPropertyValues("mysql-pool.replication.lag-source=replica-status")
			.run((context) -> assertThat(context).hasFailed());
		String count = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '" + db.noMonitorUsername()
				+ "'";
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		for (Node node : db.nodes()) {
			while (node.queryForLong(count) > 0) {
				assertThat(System.nanoTime()).as("connections left open on %s", node).isLessThan(deadline);
				Thread.sleep(20);
			}
		}
	}

	@Test
	void heartbeatNeedsNoMonitorPrivilege(ReplicatedMariaDb db) {
		topology(db, db.noMonitorUsername()).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ReplicaMonitor.class).status("replica-2").state())
				.isEqualTo(ReplicaStatus.State.FIT);
		});
	}

	@Test
	void strategyAndFallbackComeFromTheProperties() {
		this.contextRunner
			.withPropertyValues("mysql-pool.primary.url=jdbc:mysql://127.0.0.1:1/app",
					"mysql-pool.replication.enabled=false", "mysql-pool.replication.strategy=lowest-lag",
					"mysql-pool.replication.fallback=fail")
			.run((context) -> {
				assertThat(context.getBean(ReplicaSelector.class).getClass().getSimpleName())
					.isEqualTo("LowestLagReplicaSelector");
				assertThat(context.getBean(MySqlRoutingDataSource.class).getFallback()).isEqualTo(ReplicaFallback.FAIL);
			});
	}

	@Test
	void disabledMonitoringLeavesEveryReplicaUnknownAndInRotation() {
		this.contextRunner
			.withPropertyValues("mysql-pool.primary.url=jdbc:mysql://127.0.0.1:1/app",
					"mysql-pool.replicas[0].url=jdbc:mysql://127.0.0.1:2/app", "mysql-pool.replication.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(ReplicaMonitor.class)
					.doesNotHaveBean(MySqlPoolHealthContributor.class);
				assertThat(context.getBean(ReplicaStatusSource.class).status("replica-1"))
					.isEqualTo(ReplicaStatus.UNKNOWN);
			});
	}

	@Test
	void healthIndicatorCanBeSwitchedOff(ReplicatedMariaDb db) {
		topology(db, db.username()).withPropertyValues("management.health.mysqlpool.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(ReplicaMonitor.class)
				.doesNotHaveBean(MySqlPoolHealthContributor.class));
	}

	@Test
	void readmitLagAboveMaxLagFailsStartUpNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("mysql-pool.primary.url=jdbc:mysql://127.0.0.1:1/app",
					"mysql-pool.replication.max-lag=2s", "mysql-pool.replication.readmit-lag=3s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidMySqlPoolPropertyException.class)
					.hasMessageContaining("mysql-pool.replication.readmit-lag");
			});
	}

	@Test
	void zeroProbeIntervalFailsStartUpNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("mysql-pool.primary.url=jdbc:mysql://127.0.0.1:1/app",
					"mysql-pool.replication.probe-interval=0s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidMySqlPoolPropertyException.class)
				.hasMessageContaining("mysql-pool.replication.probe-interval"));
	}

}
