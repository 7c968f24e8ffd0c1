package io.github.mysqlpool.health.internal;

import java.time.Duration;
import java.util.Map;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.autoconfigure.health.MySqlPoolHealthContributorAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.monitor.MonitorTestSupport;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code mysqlpool} health contributor on the embedded topology: one component per
 * pool, in the readiness group, out of liveness; a stopped replica shows in its
 * component's details and never makes the application unready, a stopped primary does.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class MySqlPoolHealthIntegrationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
				MySqlPoolReplicationAutoConfiguration.class, MySqlPoolHealthContributorAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
				HealthEndpointAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class,
				AvailabilityHealthContributorAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class))
		.withPropertyValues("management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.show-details=always", "mysql-pool.replication.probe-interval=200ms",
				"mysql-pool.replication.probe-timeout=500ms", "mysql-pool.pool.maximum-pool-size=2");

	@AfterEach
	void heal(ReplicatedMariaDb db) {
		db.heal();
	}

	@Test
	void eachPoolIsAComponentAndTheContributorIsInReadinessButNotLiveness(ReplicatedMariaDb db) {
		this.contextRunner.withPropertyValues(topology(db)).run((context) -> {
			HealthEndpoint health = acceptingTraffic(context);
			CompositeHealthDescriptor mysqlpool = (CompositeHealthDescriptor) health.healthForPath("mysqlpool");
			assertThat(mysqlpool.getStatus()).isEqualTo(Status.UP);
			assertThat(mysqlpool.getComponents()).containsOnlyKeys("primary", "replica-1", "replica-2");
			assertThat(details(health, "replica-1")).containsEntry("state", "FIT").containsKey("pool");
			CompositeHealthDescriptor readiness = (CompositeHealthDescriptor) health.healthForPath("readiness");
			assertThat(readiness.getComponents()).containsKeys("readinessState", "mysqlpool");
			assertThat(readiness.getStatus()).isEqualTo(Status.UP);
			CompositeHealthDescriptor liveness = (CompositeHealthDescriptor) health.healthForPath("liveness");
			assertThat(liveness.getComponents()).containsOnlyKeys("livenessState");
		});
	}

	@Test
	void readinessGroupWhoseMembersTheUserListsIsLeftAlone(ReplicatedMariaDb db) {
		this.contextRunner.withPropertyValues(topology(db))
			.withPropertyValues("management.endpoint.health.group.readiness.include=readinessState")
			.run((context) -> {
				HealthEndpoint health = acceptingTraffic(context);
				assertThat(((CompositeHealthDescriptor) health.healthForPath("readiness")).getComponents())
					.containsOnlyKeys("readinessState");
			});
	}

	@Test
	void stoppedReplicaShowsInItsDetailsWhileReadinessStaysUp(ReplicatedMariaDb db) {
		this.contextRunner.withPropertyValues(topology(db)).run((context) -> {
			HealthEndpoint health = acceptingTraffic(context);
			db.replica(0).stop();
			MonitorTestSupport.await(DEADLINE,
					() -> context.getBean(ReplicaMonitor.class)
						.status("replica-1")
						.state() == ReplicaStatus.State.DOWN);
			assertThat(details(health, "replica-1")).containsEntry("state", "DOWN").containsKey("lastError");
			assertThat(health.healthForPath("mysqlpool", "replica-1").getStatus()).isEqualTo(Status.UP);
			assertThat(health.healthForPath("mysqlpool").getStatus()).isEqualTo(Status.UP);
			assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void stoppedPrimaryMakesReadinessDownAndLeavesLivenessUp(ReplicatedMariaDb db) {
		this.contextRunner.withPropertyValues(topology(db)).run((context) -> {
			HealthEndpoint health = acceptingTraffic(context);
			assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
			db.primary().stop();
			MonitorTestSupport.await(DEADLINE, () -> !context.getBean(ReplicaMonitor.class).primaryStatus().up());
			assertThat(health.healthForPath("mysqlpool", "primary").getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.healthForPath("mysqlpool").getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.healthForPath("liveness").getStatus()).isEqualTo(Status.UP);
			assertThat(health.healthForPath("mysqlpool", "replica-1").getStatus()).isEqualTo(Status.UP);
		});
	}

	/**
	 * The health endpoint of an application that accepts traffic, as Boot says once ready
	 * (the runner does not run an application).
	 */
	private static HealthEndpoint acceptingTraffic(ApplicationContext context) {
		AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
		AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
		return context.getBean(HealthEndpoint.class);
	}

	private static Map<String, Object> details(HealthEndpoint health, String pool) {
		return ((IndicatedHealthDescriptor) health.healthForPath("mysqlpool", pool)).getDetails();
	}

	private static String[] topology(ReplicatedMariaDb db) {
		return new String[] { "mysql-pool.primary.url=" + db.primary().jdbcUrl(),
				"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
				"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
				"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl() };
	}

}
