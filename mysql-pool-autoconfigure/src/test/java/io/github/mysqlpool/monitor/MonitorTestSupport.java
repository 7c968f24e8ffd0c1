package io.github.mysqlpool.monitor;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.actuate.MySqlPoolEndpointAutoConfiguration;
import io.github.mysqlpool.autoconfigure.metrics.MySqlPoolMetricsAutoConfiguration;
import io.github.mysqlpool.autoconfigure.monitor.MySqlPoolMonitorAutoConfiguration;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Shared set-up of the monitor's integration tests: the starter's auto-configurations on
 * the embedded topology, and JSON as the endpoint would write it.
 *
 * @author mysql-pool team
 */
public final class MonitorTestSupport {

	private static final JsonMapper json = JsonMapper.builder().build();

	private MonitorTestSupport() {
	}

	/**
	 * A runner with the pools, monitor, metrics and endpoint auto-configurations on the
	 * embedded primary and its two replicas (pools of 2, the endpoint exposed).
	 * @param db the topology
	 * @return the runner
	 */
	public static ApplicationContextRunner runner(ReplicatedMariaDb db) {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MySqlPoolAutoConfiguration.class, DataSourceAutoConfiguration.class,
							JdbcTemplateAutoConfiguration.class, MySqlPoolMonitorAutoConfiguration.class,
							MySqlPoolMetricsAutoConfiguration.class, MySqlPoolEndpointAutoConfiguration.class))
			.withPropertyValues("mysql-pool.primary.url=" + db.primary().jdbcUrl(),
					"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
					"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
					"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=2",
					"management.endpoints.web.exposure.include=mysqlpool");
	}

	/**
	 * The JSON of an endpoint response.
	 * @param response the response
	 * @return its JSON
	 */
	public static String toJson(Object response) {
		return json.writeValueAsString(response);
	}

	/**
	 * Wait until a condition holds.
	 * @param timeout how long to wait
	 * @param condition the condition
	 * @return how long it took
	 * @throws AssertionError when it does not hold in time
	 */
	public static Duration await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
		long start = System.nanoTime();
		long deadline = start + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Condition not met within " + timeout);
			}
			Thread.sleep(25);
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

}
