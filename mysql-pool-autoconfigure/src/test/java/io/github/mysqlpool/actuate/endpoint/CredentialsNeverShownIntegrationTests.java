package io.github.mysqlpool.actuate.endpoint;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.autoconfigure.health.MySqlPoolHealthContributorAutoConfiguration;
import io.github.mysqlpool.autoconfigure.monitor.MySqlPoolMonitorAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.health.internal.MySqlPoolHealthContributor;
import io.github.mysqlpool.monitor.MonitorTestSupport;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A password given in the URL, in any form Connector/J accepts, never shows in the
 * {@code mysqlpool} endpoint, the health details, the starter's logs (at debug level) or
 * a start-up failure report, on the embedded topology.
 *
 * @author mysql-pool team
 */
@ExtendWith({ EmbeddedMariaDbExtension.class, OutputCaptureExtension.class })
class CredentialsNeverShownIntegrationTests {

	private final LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());

	@BeforeEach
	void logTheStarterAndHikariAtDebugLevel() {
		this.loggingSystem.setLogLevel("io.github.mysqlpool", LogLevel.DEBUG);
		// HikariCP's configuration dump shows the URL and the driver properties
		this.loggingSystem.setLogLevel("com.zaxxer.hikari", LogLevel.DEBUG);
	}

	@AfterEach
	void restoreLogLevels() {
		this.loggingSystem.setLogLevel("io.github.mysqlpool", null);
		this.loggingSystem.setLogLevel("com.zaxxer.hikari", null);
	}

	/**
	 * Each form, with the password property the pools get alongside: where the driver
	 * prefers the URL's password, a wrong property must not change the one used.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null",
			value = {
					"jdbc:mysql://address=(host=127.0.0.1)(port={port})(user={user})(password={password})/{db} | wrong",
					"jdbc:mysql://(host=127.0.0.1,port={port},user={user},password={password})/{db} | wrong",
					"jdbc:mysql://(password={password},host=127.0.0.1,port={port},user={user})/{db} | null",
					"jdbc:mysql://{user}:{password}@127.0.0.1:{port}/{db} | wrong",
					"jdbc:mysql://{user}:{password}@[127.0.0.1:{port}]/{db} | null",
					"jdbc:mysql://127.0.0.1:{port}/{db}?user={user}&password={password}&sslMode=DISABLED | null",
					"jdbc:mysql://127.0.0.1:{port}/{db}?user={user}&password1={password} | null" })
	void passwordInTheUrlIsNeverShown(String form, @Nullable String password, ReplicatedMariaDb db,
			CapturedOutput output) {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MySqlPoolAutoConfiguration.class, MySqlPoolReplicationAutoConfiguration.class,
							MySqlPoolHealthContributorAutoConfiguration.class, MySqlPoolMonitorAutoConfiguration.class,
							io.github.mysqlpool.autoconfigure.actuate.MySqlPoolEndpointAutoConfiguration.class,
							org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration.class,
							org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration.class))
			.withPropertyValues("mysql-pool.primary.url=" + url(form, db, db.primary()),
					"mysql-pool.replicas[0].url=" + url(form, db, db.replica(0)),
					"mysql-pool.replicas[1].url=" + url(form, db, db.replica(1)), "mysql-pool.pool.maximum-pool-size=1",
					"mysql-pool.monitor.sample-interval=100ms", "management.endpoints.web.exposure.include=mysqlpool");
		if (password != null) {
			runner = runner.withPropertyValues("mysql-pool.primary.password=" + password);
		}
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			MySqlPools pools = context.getBean(MySqlPools.class);
			for (MySqlPool pool : pools.getAll()) {
				new JdbcTemplate(pool.getDataSource()).queryForObject("SELECT 1", Integer.class);
			}
			MySqlPoolEndpoint endpoint = context.getBean(MySqlPoolEndpoint.class);
			String json = MonitorTestSupport.toJson(endpoint.pools());
			assertThat(json).contains("\"hostPort\":\"127.0.0.1:" + db.replica(0).port() + "\"")
				.doesNotContain(db.password());
			for (String section : new String[] { "history", "optimize", "alerts" }) {
				assertThat(MonitorTestSupport.toJson(endpoint.section(section, null, null)))
					.doesNotContain(db.password());
			}
			context.getBean(MySqlPoolHealthContributor.class)
				.forEach((pool) -> assertThat(((HealthIndicator) pool.contributor()).health().toString())
					.doesNotContain(db.password()));
		});
		assertThat(output).contains("Monitoring 2 replica(s)")
			.contains("primary - configuration:")
			.contains("replica-2 - configuration:")
			.doesNotContain(db.password());
	}

	@Test
	void startUpFailureReportNeverShowsAPasswordGivenInTheUrl(ReplicatedMariaDb db, CapturedOutput output) {
		String form = "jdbc:mysql://address=(host=127.0.0.1)(port={port})(user=" + db.noMonitorUsername()
				+ ")(password={password})/{db}";
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
				.properties("mysql-pool.primary.url=" + url(form, db, db.primary()),
						"mysql-pool.replicas[0].url=" + url(form, db, db.replica(0)),
						"mysql-pool.replication.lag-source=replica-status", "mysql-pool.pool.maximum-pool-size=1")
				.run());
		assertThat(output).contains("APPLICATION FAILED TO START").doesNotContain(db.password());
	}

	private static String url(String form, ReplicatedMariaDb db, Node node) {
		return form.replace("{port}", Integer.toString(node.port()))
			.replace("{user}", db.username())
			.replace("{password}", db.password())
			.replace("{db}", db.database());
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ MySqlPoolAutoConfiguration.class, MySqlPoolReplicationAutoConfiguration.class,
			MySqlPoolMonitorAutoConfiguration.class })
	static class TestApplication {

	}

}
