package io.github.mysqlpool.actuate.endpoint;

import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.monitor.MonitorTestSupport;
import io.github.mysqlpool.monitor.timing.internal.PoolInstrumentation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code POST /actuator/mysqlpool/test} on the embedded primary and two replicas: each
 * pool answered by its own server, at most half of each pool used, failures counted by
 * class, and bad input refused before anything runs.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class PoolTestOperationIntegrationTests {

	private static ApplicationContextRunner runner(ReplicatedMariaDb db) {
		return MonitorTestSupport.runner(db)
			.withPropertyValues("mysql-pool.pool.maximum-pool-size=4", "mysql-pool.pool.connection-timeout=1s",
					"mysql-pool.pool.validation-timeout=500ms");
	}

	@AfterEach
	void heal(ReplicatedMariaDb db) {
		db.heal();
	}

	@Test
	void testOfEveryPoolReportsTheServerThatAnsweredEach(ReplicatedMariaDb db) {
		runner(db).run((context) -> {
			MySqlPoolEndpoint endpoint = context.getBean(MySqlPoolEndpoint.class);
			DocumentContext json = JsonPath.parse(MonitorTestSupport.toJson(endpoint.apply("test", null, "1s", 8)));
			assertThat(json.<List<String>>read("$.pools[*].pool")).containsExactly("primary", "replica-1", "replica-2");
			// Half of each pool of 4 at most, whatever was asked
			assertThat(json.<List<Integer>>read("$.pools[*].concurrency")).containsOnly(2);
			int[] ports = { db.primary().port(), db.replica(0).port(), db.replica(1).port() };
			for (int i = 0; i < 3; i++) {
				String pool = "$.pools[" + i + "]";
				String port = ":" + ports[i];
				assertThat(json.<Integer>read(pool + ".operations")).isPositive();
				assertThat(json.<Integer>read(pool + ".errors")).isZero();
				assertThat(json.<Map<String, Object>>read(pool + ".errorsByClass")).isEmpty();
				assertThat(json.<Integer>read(pool + ".latency.count")).isPositive();
				assertThat(json.<Double>read(pool + ".latency.p95")).isPositive();
				assertThat(json.<Map<String, Object>>read(pool + ".servers").keySet())
					.allMatch((server) -> server.endsWith(port))
					.hasSize(1);
			}
		});
	}

	@Test
	void failuresAreCountedByClassAndTheOtherPoolsStillAnswer(ReplicatedMariaDb db) {
		runner(db).run((context) -> {
			MySqlPoolEndpoint endpoint = context.getBean(MySqlPoolEndpoint.class);
			db.replica(1).kill();
			DocumentContext json = JsonPath.parse(MonitorTestSupport.toJson(endpoint.apply("test", null, "2", 1)));
			assertThat(json.<Integer>read("$.pools[2].errors")).isPositive();
			assertThat(json.<Map<String, Integer>>read("$.pools[2].errorsByClass"))
				.containsKey("java.sql.SQLTransientConnectionException");
			assertThat(json.<Map<String, Object>>read("$.pools[2].servers")).isEmpty();
			assertThat(json.<Integer>read("$.pools[1].errors")).isZero();
			assertThat(json.<Integer>read("$.pools[1].succeeded")).isPositive();
		});
	}

	@Test
	void badInputIsRefusedAndRunsNothing(ReplicatedMariaDb db) {
		runner(db).run((context) -> {
			MySqlPoolEndpoint endpoint = context.getBean(MySqlPoolEndpoint.class);
			PoolInstrumentation instrumentation = context.getBean(PoolInstrumentation.class);
			long borrows = instrumentation.timings("replica-1").getBorrows();
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.apply("test", "no-such-pool", "1s", 1))
				.withMessage("No pool named 'no-such-pool'");
			for (String duration : List.of("-1s", "0", "61s", "1h", "abc", "99999999999999999999d", "1e9")) {
				assertThatExceptionOfType(InvalidEndpointRequestException.class).as("duration=%s", duration)
					.isThrownBy(() -> endpoint.apply("test", "replica-1", duration, 1))
					.withMessageStartingWith("Parameter 'duration' must");
			}
			for (int concurrency : new int[] { 0, -1, 9, Integer.MAX_VALUE }) {
				assertThatExceptionOfType(InvalidEndpointRequestException.class).as("concurrency=%s", concurrency)
					.isThrownBy(() -> endpoint.apply("test", "replica-1", "1s", concurrency))
					.withMessage("Parameter 'concurrency' must be 1 to 8");
			}
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.apply("optimize", null, "1s", null))
				.withMessageContaining("apply to test only");
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.apply("history", null, null, null));
			assertThat(instrumentation.timings("replica-1").getBorrows()).isEqualTo(borrows);
		});
	}

}
