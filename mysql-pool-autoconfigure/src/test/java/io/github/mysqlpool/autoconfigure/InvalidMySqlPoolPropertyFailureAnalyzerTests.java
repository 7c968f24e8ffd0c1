package io.github.mysqlpool.autoconfigure;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that invalid properties fail start-up with a message naming the property and the
 * fix, through {@link InvalidMySqlPoolPropertyFailureAnalyzer}.
 *
 * @author mysql-pool team
 */
class InvalidMySqlPoolPropertyFailureAnalyzerTests {

	private static final String PRIMARY = "mysql-pool.primary.url=jdbc:mysql://db:3306/app";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
				MySqlPoolExistingPrimaryAutoConfiguration.class, DataSourceAutoConfiguration.class))
		.withPropertyValues("mysql-pool.inspect-servers=false", "mysql-pool.primary.password=s3cret-pw");

	static Stream<Arguments> invalidProperties() {
		return Stream.of(
				Arguments.of(new String[] { "mysql-pool.replicas[0].url=jdbc:mysql://r1:3306/app" },
						"mysql-pool.primary.url", "Set mysql-pool.primary.url"),
				Arguments.of(new String[] { "mysql-pool.primary.url=jdbc:postgresql://u:s3cret-pw@db/app" },
						"mysql-pool.primary.url", "jdbc:mysql:"),
				Arguments.of(new String[] { PRIMARY, "mysql-pool.replicas[0].url=jdbc:oracle:thin:@r1" },
						"mysql-pool.replicas[0].url", "MySQL or MariaDB JDBC URL"),
				Arguments.of(new String[] { PRIMARY, "mysql-pool.replicas[0].name=primary" },
						"mysql-pool.replicas[0].url", "Set mysql-pool.replicas[0].url"),
				Arguments.of(new String[] { PRIMARY, "mysql-pool.replicas[0].url=jdbc:mysql://r1/app",
						"mysql-pool.replicas[0].name=reporting", "mysql-pool.replicas[1].url=jdbc:mysql://r2/app",
						"mysql-pool.replicas[1].name=reporting" }, "mysql-pool.replicas[1].name",
						"a name no other pool uses"),
				Arguments.of(
						new String[] { PRIMARY, "mysql-pool.replicas[0].url=jdbc:mysql://r1/app",
								"mysql-pool.replicas[0].name=primary" },
						"mysql-pool.replicas[0].name", "a name no other pool uses"),
				Arguments.of(new String[] { PRIMARY, "mysql-pool.pool.maximum-pool-size=5",
						"mysql-pool.pool.minimum-idle=8" }, "mysql-pool.pool.minimum-idle", "at most 5"),
				Arguments.of(new String[] { PRIMARY, "mysql-pool.primary.pool.minimum-idle=20" },
						"mysql-pool.primary.pool.minimum-idle", "at most 10"),
				Arguments.of(new String[] { PRIMARY, "mysql-pool.pool.maximum-pool-size=0" },
						"mysql-pool.pool.maximum-pool-size", "1 or more"),
				Arguments.of(new String[] { PRIMARY, "mysql-pool.pool.minimum-idle=-1" },
						"mysql-pool.pool.minimum-idle", "0 or more"),
				Arguments.of(new String[] { PRIMARY, "mysql-pool.pool.connection-timeout=0" },
						"mysql-pool.pool.connection-timeout", "positive duration"),
				Arguments.of(new String[] { PRIMARY, "mysql-pool.pool.connection-timeout=-5s" },
						"mysql-pool.pool.connection-timeout", "positive duration"),
				Arguments.of(new String[] { PRIMARY, "mysql-pool.pool.max-lifetime=10s" },
						"mysql-pool.pool.max-lifetime", "30s or more"),
				Arguments.of(new String[] { PRIMARY, "mysql-pool.pool.keepalive-time=40m" },
						"mysql-pool.pool.keepalive-time", "below mysql-pool.pool.max-lifetime"),
				Arguments.of(new String[] { PRIMARY, "mysql-pool.driver.socket-timeout=0" },
						"mysql-pool.driver.socket-timeout", "positive duration"),
				Arguments.of(new String[] { PRIMARY, "mysql-pool.replicas[0].url=jdbc:mysql://r1/app",
						"mysql-pool.replicas[0].weight=0" }, "mysql-pool.replicas[0].weight", "1 or more"));
	}

	@ParameterizedTest
	@MethodSource("invalidProperties")
	void invalidPropertyFailsStartUpNamingThePropertyAndTheFix(String[] properties, String property, String fix) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidMySqlPoolPropertyFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains(property);
			assertThat(analysis.getAction()).contains(fix);
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("s3cret-pw");
		});
	}

}
