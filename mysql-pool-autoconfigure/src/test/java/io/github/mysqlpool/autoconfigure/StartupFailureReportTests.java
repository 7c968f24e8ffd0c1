package io.github.mysqlpool.autoconfigure;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.stream.Stream;

import io.github.mysqlpool.autoconfigure.monitor.MySqlPoolMonitorAutoConfiguration;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What a user sees when an application with malformed or hostile {@code mysql-pool.*}
 * values starts, for the pools, replication, retry, monitor and alerts settings: Boot's
 * failure report naming the property and the fix, never a stack trace alone, and never
 * the password.
 *
 * @author mysql-pool team
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTests {

	private static final String PASSWORD = "Sup3r-Secret-Pw";

	static Stream<Arguments> malformedValues() {
		String longText = "x".repeat(5000);
		return Stream.of(Arguments.of("mysql-pool.pool.maximum-pool-size=abc", "mysql-pool.pool.maximum-pool-size"),
				Arguments.of("mysql-pool.pool.maximum-pool-size=99999999999", "mysql-pool.pool.maximum-pool-size"),
				Arguments.of("mysql-pool.pool.connection-timeout=soon", "mysql-pool.pool.connection-timeout"),
				Arguments.of("mysql-pool.pool.connection-timeout=-1s", "mysql-pool.pool.connection-timeout"),
				Arguments.of("mysql-pool.driver.ssl-mode=SOMETIMES", "mysql-pool.driver.ssl-mode"),
				Arguments.of("mysql-pool.replicas[0].weight=heavy", "mysql-pool.replicas[0].weight"),
				Arguments.of("mysql-pool.replicas[0].url=" + longText, "mysql-pool.replicas[0].url"),
				Arguments.of("mysql-pool.primary.url=jdbc:postgresql://app:" + PASSWORD + "@db/app?password=" + PASSWORD
						+ "&x=" + longText, "mysql-pool.primary.url"),
				Arguments.of("mysql-pool.primary.url=jdbc:postgresql://address=(host=db)(user=app)(password=" + PASSWORD
						+ ")/app", "mysql-pool.primary.url"),
				Arguments.of("mysql-pool.replicas[0].url=jdbc:pg:replication://[(host=db1,password=" + PASSWORD
						+ "),app:" + PASSWORD + "@db2]/app?keyStorePassword=" + PASSWORD, "mysql-pool.replicas[0].url"),
				Arguments.of("mysql-pool.replication.max-lag=-1s", "mysql-pool.replication.max-lag"),
				Arguments.of("mysql-pool.replication.probe-interval=0", "mysql-pool.replication.probe-interval"),
				Arguments.of("mysql-pool.replication.max-lag=99999999999999999d", "mysql-pool.replication.max-lag"),
				Arguments.of("mysql-pool.replication.heartbeat.table=t; DROP TABLE users",
						"mysql-pool.replication.heartbeat.table"),
				Arguments.of("mysql-pool.replication.strategy=fastest", "mysql-pool.replication.strategy"),
				Arguments.of("mysql-pool.replication.readmit-probes=-3", "mysql-pool.replication.readmit-probes"),
				Arguments.of("mysql-pool.retry.max-attempts=0", "mysql-pool.retry.max-attempts"),
				Arguments.of("mysql-pool.retry.multiplier=fast", "mysql-pool.retry.multiplier"),
				Arguments.of("mysql-pool.retry.max-elapsed-time=-10s", "mysql-pool.retry.max-elapsed-time"),
				Arguments.of("mysql-pool.monitor.retention=-1h", "mysql-pool.monitor.retention"),
				Arguments.of("mysql-pool.monitor.sample-interval=" + longText, "mysql-pool.monitor.sample-interval"),
				Arguments.of("mysql-pool.alerts.pool-utilization.warning=high",
						"mysql-pool.alerts.pool-utilization.warning"));
	}

	@ParameterizedTest
	@MethodSource("malformedValues")
	void malformedValueFailsStartUpWithAReportNamingTheProperty(String property, String named, CapturedOutput output) {
		String[] properties = { "mysql-pool.primary.url=jdbc:mysql://127.0.0.1:1/app",
				"mysql-pool.primary.password=" + PASSWORD, "mysql-pool.inspect-servers=false", property };
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
				.properties(properties)
				.run());
		assertThat(output).contains("APPLICATION FAILED TO START").contains(named).contains("Action:");
		assertThat(output).doesNotContain(PASSWORD);
	}

	static Stream<Arguments> brokenRules() {
		return Stream.of(
				Arguments.of("mysql-pool.pool.minimum-idle=20", "Set mysql-pool.pool.minimum-idle to at most 10"),
				Arguments.of("mysql-pool.replication.readmit-probes=0",
						"Set mysql-pool.replication.readmit-probes to 1 or more."),
				Arguments.of("mysql-pool.retry.max-attempts=0",
						"Fix mysql-pool.retry.max-attempts: Set it to 1 (no retry) or more."),
				Arguments.of("mysql-pool.monitor.kill-guard.limit=1ms",
						"Set mysql-pool.monitor.kill-guard.limit to a duration of at least 100 ms"),
				Arguments.of("mysql-pool.alerts.hysteresis=1",
						"Set mysql-pool.alerts.hysteresis to a value such as 0.1."));
	}

	/**
	 * The rules are checked while the properties are bound, inside Boot's binding: the
	 * report still gives the starter's fix, not only Boot's generic advice.
	 */
	@ParameterizedTest
	@MethodSource("brokenRules")
	void brokenRuleFailsStartUpWithAReportGivingTheFix(String property, String action, CapturedOutput output) {
		String[] properties = { "mysql-pool.primary.url=jdbc:mysql://127.0.0.1:1/app",
				"mysql-pool.primary.password=" + PASSWORD, "mysql-pool.inspect-servers=false", property };
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
				.properties(properties)
				.run());
		assertThat(output).contains("APPLICATION FAILED TO START").contains("Action:").contains(action);
		assertThat(output).doesNotContain(PASSWORD);
	}

	static Stream<Arguments> urlsHikariCannotBeGiven() {
		return Stream.of(
				Arguments.of("mysql-pool.primary.url=jdbc:mariadb://app:" + PASSWORD + "@127.0.0.1:1/app?password="
						+ PASSWORD, "mysql-pool.primary.url", "org.mariadb.jdbc:mariadb-java-client"),
				Arguments.of(
						"mysql-pool.replicas[0].url=jdbc:mariadb://address=(host=127.0.0.1)(port=2)(password="
								+ PASSWORD + ")/app",
						"mysql-pool.replicas[0].url", "org.mariadb.jdbc:mariadb-java-client"),
				Arguments.of(
						"mysql-pool.primary.url=jdbc:mysql://address=(host=127.0.0.1)(port=1)(password=" + PASSWORD
								+ "),address=(host=127.0.0.1)(port=2)(password=other-" + PASSWORD + ")/app",
						"mysql-pool.primary.url", "set mysql-pool.primary.password"),
				Arguments.of(
						"mysql-pool.replicas[0].url=jdbc:mysql://app:other-" + PASSWORD
								+ "@127.0.0.1:2,app@127.0.0.1:3/app",
						"mysql-pool.replicas[0].url", "set mysql-pool.replicas[0].password"));
	}

	/**
	 * A URL no driver on the class path accepts, or whose hosts have passwords that
	 * cannot become the pool's one password, fails start-up before HikariCP would show
	 * it.
	 */
	@ParameterizedTest
	@MethodSource("urlsHikariCannotBeGiven")
	void urlHikariCannotBeGivenFailsStartUpWithAReportNamingThePropertyAndTheFix(String property, String named,
			String action, CapturedOutput output) throws SQLException {
		String[] properties = { "mysql-pool.primary.url=jdbc:mysql://127.0.0.1:1/app",
				"mysql-pool.primary.password=" + PASSWORD, "mysql-pool.inspect-servers=false", property };
		// The compatibility tests put MariaDB Connector/J on this class path: these cases
		// are about an application without it
		Driver mariaDb = DriverManager.drivers()
			.filter((driver) -> driver.getClass().getName().startsWith("org.mariadb."))
			.findFirst()
			.orElse(null);
		if (mariaDb != null) {
			DriverManager.deregisterDriver(mariaDb);
		}
		try {
			assertThatException()
				.isThrownBy(() -> new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
					.properties(properties)
					.run());
		}
		finally {
			if (mariaDb != null) {
				DriverManager.registerDriver(mariaDb);
			}
		}
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid " + named + " '")
			.contains("Action:")
			.contains(action);
		assertThat(output).doesNotContain(PASSWORD);
	}

	@ParameterizedTest
	@MethodSource("malformedConsistencyValues")
	void malformedConsistencyValueFailsStartUpWithAReportNamingTheProperty(String property, String named,
			CapturedOutput output) {
		String[] properties = { "mysql-pool.primary.url=jdbc:mysql://127.0.0.1:1/app",
				"mysql-pool.primary.password=" + PASSWORD, "mysql-pool.inspect-servers=false",
				"mysql-pool.consistency.read-your-writes=primary-window", property };
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
				.properties(properties)
				.run());
		assertThat(output).contains("APPLICATION FAILED TO START").contains(named).contains("Action:");
		assertThat(output).doesNotContain(PASSWORD);
	}

	static Stream<Arguments> malformedConsistencyValues() {
		return Stream.of(
				Arguments.of("mysql-pool.consistency.token.clock-skew=-1s", "mysql-pool.consistency.token.clock-skew"),
				Arguments.of("mysql-pool.consistency.token.clock-skew=later",
						"mysql-pool.consistency.token.clock-skew"),
				Arguments.of("mysql-pool.consistency.window=0", "mysql-pool.consistency.window"));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ MySqlPoolAutoConfiguration.class, MySqlPoolReplicationAutoConfiguration.class,
			MySqlPoolRetryAutoConfiguration.class, MySqlPoolMonitorAutoConfiguration.class,
			MySqlPoolConsistencyAutoConfiguration.class })
	static class TestApplication {

	}

}
