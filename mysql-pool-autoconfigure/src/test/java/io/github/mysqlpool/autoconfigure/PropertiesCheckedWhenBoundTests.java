package io.github.mysqlpool.autoconfigure;

import java.util.stream.Stream;

import io.github.mysqlpool.autoconfigure.monitor.MySqlPoolMonitorAutoConfiguration;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code mysql-pool.*} rule is checked when the properties are bound, so a value is
 * rejected even when the feature that uses it is switched off and its beans are never
 * created. The pools are never started, so no server is needed.
 *
 * @author mysql-pool team
 */
class PropertiesCheckedWhenBoundTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(MySqlPoolAutoConfiguration.class, MySqlPoolReplicationAutoConfiguration.class,
						MySqlPoolRetryAutoConfiguration.class, MySqlPoolMonitorAutoConfiguration.class))
		.withPropertyValues("mysql-pool.primary.url=jdbc:mysql://127.0.0.1:1/app",
				"mysql-pool.replicas[0].url=jdbc:mysql://127.0.0.1:2/app", "mysql-pool.inspect-servers=false",
				// No replica monitor probing servers that are not there
				"mysql-pool.replication.enabled=false");

	static Stream<Arguments> switchedOffFeatures() {
		return Stream.of(
				Arguments.of("mysql-pool.replication.enabled=false", "mysql-pool.replication.max-lag=-1s",
						"mysql-pool.replication.max-lag", "to a positive duration"),
				Arguments.of("mysql-pool.replication.enabled=false", "mysql-pool.replication.readmit-probes=0",
						"mysql-pool.replication.readmit-probes", "1 or more"),
				Arguments.of("mysql-pool.monitor.enabled=false", "mysql-pool.optimize.minimum-pool-size=0",
						"mysql-pool.optimize.minimum-pool-size", "1 or more"),
				Arguments.of("mysql-pool.alerts.enabled=false", "mysql-pool.alerts.hysteresis=2",
						"mysql-pool.alerts.hysteresis", "such as 0.1"),
				Arguments.of("mysql-pool.monitor.enabled=false", "mysql-pool.alerts.webhook.max-attempts=0",
						"mysql-pool.alerts.webhook.max-attempts", "1 or more"));
	}

	@ParameterizedTest
	@MethodSource("switchedOffFeatures")
	void ruleIsCheckedWhenTheFeatureUsingThePropertyIsOff(String switchedOff, String invalid, String property,
			String fix) {
		this.contextRunner.withPropertyValues(switchedOff)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ReplicaMonitor.class));
		this.contextRunner.withPropertyValues(switchedOff, invalid).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidMySqlPoolPropertyFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains(property);
			assertThat(analysis.getAction()).contains(property).contains(fix);
		});
	}

}
