package io.github.mysqlpool.pool;

import java.io.IOException;
import java.net.ServerSocket;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolStartupAutoConfiguration;
import io.github.mysqlpool.autoconfigure.metrics.MySqlPoolMetricsAutoConfiguration;
import io.github.mysqlpool.autoconfigure.monitor.MySqlPoolMonitorAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pools start with the application on the embedded topology: filled to their minimum
 * and measured before any read, a replica down at start-up left out of rotation, the
 * primary failing start-up as its initialization-fail-timeout says.
 *
 * @author mysql-pool team
 */
@ExtendWith({ EmbeddedMariaDbExtension.class, OutputCaptureExtension.class })
class PoolStartupIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
				MySqlPoolReplicationAutoConfiguration.class, MySqlPoolStartupAutoConfiguration.class,
				MySqlPoolMonitorAutoConfiguration.class, MySqlPoolMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("mysql-pool.pool.maximum-pool-size=3", "mysql-pool.pool.minimum-idle=2");

	@AfterEach
	void heal(ReplicatedMariaDb db) {
		db.heal();
	}

	@Test
	void poolsStartFilledToTheirMinimumWithTheirMetersBeforeAnyRead(ReplicatedMariaDb db) {
		this.contextRunner.withPropertyValues(topology(db)).run((context) -> {
			assertThat(context).hasNotFailed();
			MySqlPools pools = context.getBean(MySqlPools.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(pools.getAll()).extracting(MySqlPool::getName)
				.containsExactly("primary", "replica-1", "replica-2");
			for (MySqlPool pool : pools.getAll()) {
				HikariDataSource hikari = pool.getHikari();
				assertThat(hikari.isRunning()).as(pool.getName()).isTrue();
				assertThat(hikari.getHikariPoolMXBean().getTotalConnections()).as(pool.getName())
					.isGreaterThanOrEqualTo(2);
				assertThat(pool.getRoutedBorrows()).isZero();
				assertThat(registry.find("hikaricp.connections").tag("pool", pool.getName()).gauge()).as(pool.getName())
					.isNotNull();
			}
		});
	}

	@Test
	void replicaDownAtStartupStartsOutOfRotationWithoutStoppingTheApplication(ReplicatedMariaDb db,
			CapturedOutput output) {
		db.replica(1).stop();
		this.contextRunner.withPropertyValues(topology(db)).run((context) -> {
			assertThat(context).hasNotFailed();
			MySqlPools pools = context.getBean(MySqlPools.class);
			MySqlPool down = pools.get("replica-2");
			assertThat(down.getHikari().getHikariPoolMXBean()).isNotNull();
			assertThat(
					context.getBean(MeterRegistry.class).find("hikaricp.connections").tag("pool", "replica-2").gauge())
				.isNotNull();
			assertThat(context.getBean(ReplicaMonitor.class).status("replica-2").state())
				.isEqualTo(ReplicaStatus.State.DOWN);
			assertThat(context.getBean(ReplicaMonitor.class).status("replica-1").state())
				.isEqualTo(ReplicaStatus.State.FIT);
			assertThat(pools.getPrimary().getHikari().getHikariPoolMXBean().getTotalConnections())
				.isGreaterThanOrEqualTo(2);
			String line = "Pool 'replica-2' (" + db.replica(1).host() + ":" + db.replica(1).port()
					+ ") could not be reached at start-up";
			assertThat(StringUtils.countOccurrencesOf(output.getAll(), line)).isOne();
			assertThat(output).contains("its pool starts empty and the replica out of rotation until it answers");
		});
	}

	@Test
	void unreachablePrimaryFailsStartupByDefault(ReplicatedMariaDb db) throws IOException {
		this.contextRunner.withPropertyValues(unreachablePrimary(db))
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Pool 'primary'")
				.hasStackTraceContaining("mysql-pool.primary.initialization-fail-timeout"));
	}

	@Test
	void unreachablePrimaryDoesNotFailStartupWithNegativeInitializationFailTimeout(ReplicatedMariaDb db)
			throws IOException {
		this.contextRunner.withPropertyValues(unreachablePrimary(db))
			.withPropertyValues("mysql-pool.primary.initialization-fail-timeout=-1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(MySqlPools.class).getPrimary().getHikari().getHikariPoolMXBean())
					.isNotNull();
			});
	}

	private static String[] topology(ReplicatedMariaDb db) {
		return new String[] { "mysql-pool.primary.url=" + db.primary().jdbcUrl(),
				"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
				"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
				"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl() };
	}

	private static String[] unreachablePrimary(ReplicatedMariaDb db) throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		return new String[] { "mysql-pool.primary.url=jdbc:mysql://127.0.0.1:" + port + "/" + db.database(),
				"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
				"mysql-pool.replication.enabled=false", "mysql-pool.inspect-servers=false",
				"mysql-pool.driver.connect-timeout=2s" };
	}

}
