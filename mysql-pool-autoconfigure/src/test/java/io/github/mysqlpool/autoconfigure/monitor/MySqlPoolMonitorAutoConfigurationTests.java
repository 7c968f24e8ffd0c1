package io.github.mysqlpool.autoconfigure.monitor;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint;
import io.github.mysqlpool.autoconfigure.InvalidMySqlPoolPropertyException;
import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolExistingPrimaryAutoConfiguration;
import io.github.mysqlpool.autoconfigure.actuate.MySqlPoolEndpointAutoConfiguration;
import io.github.mysqlpool.autoconfigure.metrics.MySqlPoolMetricsAutoConfiguration;
import io.github.mysqlpool.metrics.internal.MySqlPoolMeterBinder;
import io.github.mysqlpool.monitor.alert.internal.AlertWebhook;
import io.github.mysqlpool.monitor.alert.internal.PoolAlerts;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.monitor.history.internal.PoolSampler;
import io.github.mysqlpool.monitor.optimize.internal.PoolOptimizer;
import io.github.mysqlpool.monitor.sampling.internal.PoolMonitor;
import io.github.mysqlpool.monitor.statement.internal.LongStatementGuard;
import io.github.mysqlpool.monitor.statement.internal.SlowQueryInterceptor;
import io.github.mysqlpool.monitor.statement.internal.SlowQueryLog;
import io.github.mysqlpool.monitor.timing.internal.PoolInstrumentation;
import io.github.mysqlpool.pool.MySqlPools;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MySqlPoolMonitorAutoConfiguration},
 * {@link MySqlPoolMetricsAutoConfiguration} and
 * {@link MySqlPoolEndpointAutoConfiguration}. The pools are never started, so no server
 * is needed.
 *
 * @author mysql-pool team
 */
class MySqlPoolMonitorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(MySqlPoolAutoConfiguration.class, MySqlPoolMonitorAutoConfiguration.class,
						MySqlPoolMetricsAutoConfiguration.class, MySqlPoolEndpointAutoConfiguration.class))
		.withPropertyValues("mysql-pool.primary.url=jdbc:mysql://db-primary:3306/app",
				"mysql-pool.replicas[0].url=jdbc:mysql://db-replica:3306/app", "mysql-pool.inspect-servers=false",
				"management.endpoints.web.exposure.include=mysqlpool");

	@Test
	void runWithPoolsShouldConfigureMonitorAndInstrumentPoolsBeforeTheyStart() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(PoolInstrumentation.class)
				.hasSingleBean(PoolSampler.class)
				.hasSingleBean(PoolHistory.class)
				.hasSingleBean(PoolAlerts.class)
				.hasSingleBean(PoolOptimizer.class)
				.hasSingleBean(PoolMonitor.class)
				.hasSingleBean(SlowQueryLog.class)
				.hasSingleBean(MySqlPoolEndpoint.class);
			assertThat(context.getBean(PoolMonitor.class).isRunning()).isTrue();
			assertThat(context.getBean(PoolHistory.class).getCapacity()).isEqualTo(360);
			for (var pool : context.getBean(MySqlPools.class).getAll()) {
				HikariDataSource hikari = pool.getHikari();
				assertThat(hikari.isRunning()).isFalse();
				assertThat(hikari.getMetricsTrackerFactory()).isNotNull();
				assertThat(hikari.getDataSourceProperties()).containsEntry("queryInterceptors",
						SlowQueryInterceptor.class.getName());
			}
		});
	}

	@Test
	void runWithAdoptedPrimaryShouldInstrumentItLikeTheOtherPools() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					MySqlPoolExistingPrimaryAutoConfiguration.class, MySqlPoolMonitorAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:mysql://db-primary:3306/app",
					"spring.datasource.hikari.data-source-properties.queryInterceptors=com.example.AppInterceptor",
					"mysql-pool.replicas[0].url=jdbc:mysql://db-replica:3306/app", "mysql-pool.inspect-servers=false")
			.run((context) -> {
				MySqlPools pools = context.getBean(MySqlPools.class);
				assertThat(pools.ownsPrimary()).isFalse();
				assertThat(pools.getPrimary().getHikari().getMetricsTrackerFactory()).isNotNull();
				assertThat(pools.getPrimary().getHikari().getDataSourceProperties().getProperty("queryInterceptors"))
					.startsWith("com.example.AppInterceptor,")
					.endsWith(".SlowQueryInterceptor");
				assertThat(pools.get("replica-1").getHikari().getMetricsTrackerFactory()).isNotNull();
				assertThat(pools.get("replica-1").getHikari().getDataSourceProperties())
					.containsKey("queryInterceptors");
			});
	}

	@Test
	void runWithoutPoolsShouldBackOff() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
					MySqlPoolMonitorAutoConfiguration.class, MySqlPoolEndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(PoolInstrumentation.class)
				.doesNotHaveBean(MySqlPoolEndpoint.class));
	}

	@Test
	void runWhenMonitorDisabledShouldKeepTimingsAndTheEndpointButNoSampling() {
		this.contextRunner.withPropertyValues("mysql-pool.monitor.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(PoolInstrumentation.class)
				.hasSingleBean(MySqlPoolEndpoint.class)
				.doesNotHaveBean(PoolMonitor.class)
				.doesNotHaveBean(PoolHistory.class)
				.doesNotHaveBean(PoolAlerts.class));
	}

	@Test
	void runWhenAlertsDisabledShouldNotEvaluateAlerts() {
		this.contextRunner.withPropertyValues("mysql-pool.alerts.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(PoolMonitor.class).doesNotHaveBean(PoolAlerts.class));
	}

	@Test
	void runWithoutConnectorJShouldNotTimeStatements() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("com.mysql.cj.interceptors")).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(SlowQueryLog.class);
			assertThat(context.getBean(MySqlPools.class).getPrimary().getHikari().getDataSourceProperties())
				.doesNotContainKey("queryInterceptors");
		});
	}

	@Test
	void runWithoutActuatorShouldNotCreateEndpoint() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ConditionalOnAvailableEndpoint.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(PoolMonitor.class)
				.doesNotHaveBean(MySqlPoolEndpoint.class));
	}

	@Test
	void runWhenEndpointNotExposedShouldNotCreateEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(MySqlPoolEndpoint.class));
	}

	@Test
	void runWithMeterRegistryShouldRegisterHikariTrackerAndBinder() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(MicrometerMetricsTrackerFactory.class)
				.hasSingleBean(MySqlPoolMeterBinder.class));
	}

	@Test
	void runWithoutMicrometerShouldStillRecordTimings() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(PoolInstrumentation.class)
				.doesNotHaveBean(MySqlPoolMeterBinder.class));
	}

	@Test
	void invalidSampleIntervalFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("mysql-pool.monitor.sample-interval=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidMySqlPoolPropertyException.class)
				.hasMessageContaining("mysql-pool.monitor.sample-interval"));
	}

	@Test
	void retentionBeyondTheHistoryBoundFails() {
		this.contextRunner
			.withPropertyValues("mysql-pool.monitor.sample-interval=100ms", "mysql-pool.monitor.retention=7d")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("mysql-pool.monitor.retention")
				.hasMessageContaining("samples per pool"));
	}

	@Test
	void criticalBelowWarningFails() {
		this.contextRunner
			.withPropertyValues("mysql-pool.alerts.pool-utilization.warning=90",
					"mysql-pool.alerts.pool-utilization.critical=50")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("mysql-pool.alerts.pool-utilization.critical"));
	}

	@Test
	void optimizerBoundsMustBeOrdered() {
		this.contextRunner
			.withPropertyValues("mysql-pool.optimize.minimum-pool-size=10", "mysql-pool.optimize.maximum-pool-size=5")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("mysql-pool.optimize.maximum-pool-size"));
	}

	@Test
	void webhookIsCreatedOnlyWithAUrl() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(AlertWebhook.class));
		this.contextRunner.withPropertyValues("mysql-pool.alerts.webhook.url=http://127.0.0.1:9/hook")
			.run((context) -> assertThat(context).hasSingleBean(AlertWebhook.class));
	}

	@Test
	void webhookUrlThatIsNotHttpFailsWithoutShowingIt() {
		this.contextRunner.withPropertyValues("mysql-pool.alerts.webhook.url=ftp://hooks.example/secret-token")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidMySqlPoolPropertyException.class)
				.hasMessageContaining("mysql-pool.alerts.webhook.url")
				.message()
				.doesNotContain("secret-token"));
	}

	@Test
	void queryTimeCriticalBelowWarningFails() {
		this.contextRunner
			.withPropertyValues("mysql-pool.alerts.query-time.warning=5s", "mysql-pool.alerts.query-time.critical=2s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("mysql-pool.alerts.query-time.critical"));
	}

	@Test
	void killGuardIsOffUnlessEnabledAndItsLimitIsChecked() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(LongStatementGuard.class));
		this.contextRunner
			.withPropertyValues("mysql-pool.monitor.kill-guard.enabled=true",
					"mysql-pool.monitor.kill-guard.limit=10ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("mysql-pool.monitor.kill-guard.limit"));
	}

}
