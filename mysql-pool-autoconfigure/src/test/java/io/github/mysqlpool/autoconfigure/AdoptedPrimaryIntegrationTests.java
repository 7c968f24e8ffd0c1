package io.github.mysqlpool.autoconfigure;

import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.jdbc.JdbcConnection;
import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint.PoolDescriptor;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint.RecommendationsDescriptor;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint;
import io.github.mysqlpool.autoconfigure.actuate.MySqlPoolEndpointAutoConfiguration;
import io.github.mysqlpool.autoconfigure.metrics.MySqlPoolMetricsAutoConfiguration;
import io.github.mysqlpool.autoconfigure.monitor.MySqlPoolMonitorAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.monitor.statement.internal.SlowQueryLog;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The primary adopted from Boot's {@code spring.datasource.*} is a pool like the one the
 * starter builds from {@code mysql-pool.primary.*}: the same effective driver settings,
 * the same name, the same meters, timings, slow statements and recommendations, on the
 * embedded topology with a real application context (Boot's data source and metrics
 * auto-configurations included).
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class AdoptedPrimaryIntegrationTests {

	private static final List<PropertyKey> DRIVER_SETTINGS = List.of(PropertyKey.socketTimeout,
			PropertyKey.connectTimeout, PropertyKey.useServerPrepStmts, PropertyKey.cachePrepStmts,
			PropertyKey.prepStmtCacheSize, PropertyKey.prepStmtCacheSqlLimit, PropertyKey.useLocalSessionState,
			PropertyKey.rewriteBatchedStatements, PropertyKey.cacheResultSetMetadata,
			PropertyKey.cacheServerConfiguration, PropertyKey.elideSetAutoCommits, PropertyKey.maintainTimeStats,
			PropertyKey.characterEncoding, PropertyKey.queryInterceptors);

	private static final int STATEMENTS = 5;

	private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(100);

	private static ApplicationContextRunner runner(ReplicatedMariaDb db) {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
							MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
							SimpleMetricsExportAutoConfiguration.class, DataSourcePoolMetricsAutoConfiguration.class,
							MySqlPoolAutoConfiguration.class, MySqlPoolExistingPrimaryAutoConfiguration.class,
							MySqlPoolReplicationAutoConfiguration.class, MySqlPoolMonitorAutoConfiguration.class,
							MySqlPoolMetricsAutoConfiguration.class, MySqlPoolEndpointAutoConfiguration.class))
			.withPropertyValues("mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
					"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=2",
					"spring.datasource.hikari.maximum-pool-size=2", "mysql-pool.monitor.slow-query-threshold=200ms",
					"mysql-pool.monitor.sample-interval=" + SAMPLE_INTERVAL.toMillis() + "ms",
					"management.endpoints.web.exposure.include=mysqlpool");
	}

	private static ApplicationContextRunner adopted(ReplicatedMariaDb db) {
		return runner(db).withPropertyValues("spring.datasource.url=" + db.primary().jdbcUrl(),
				"spring.datasource.username=" + db.username(), "spring.datasource.password=" + db.password());
	}

	private static ApplicationContextRunner starterBuilt(ReplicatedMariaDb db) {
		return runner(db).withPropertyValues("mysql-pool.primary.url=" + db.primary().jdbcUrl(),
				"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password());
	}

	@Test
	void adoptedPrimaryHasTheEffectiveDriverSettingsAndNameOfAStarterBuiltOne(ReplicatedMariaDb db) {
		Map<String, String> built = new LinkedHashMap<>();
		starterBuilt(db).run((context) -> {
			assertThat(context).hasNotFailed();
			built.putAll(effectiveDriverSettings(context.getBean(MySqlPools.class).getPrimary()));
		});
		assertThat(built).containsEntry("socketTimeout", "60000").containsEntry("useServerPrepStmts", "true");
		adopted(db).run((context) -> {
			assertThat(context).hasNotFailed();
			MySqlPool primary = context.getBean(MySqlPools.class).getPrimary();
			assertThat(primary.getDataSource()).isSameAs(context.getBean("dataSource"));
			Map<String, String> effective = effectiveDriverSettings(primary);
			SoftAssertions.assertSoftly((softly) -> {
				softly.assertThat(effective).isEqualTo(built);
				softly.assertThat(primary.getName()).isEqualTo("primary");
				softly.assertThat(primary.getHikari().getPoolName()).isEqualTo("primary");
			});
		});
	}

	@Test
	void applicationsOwnDriverPropertiesAndPoolNameWin(ReplicatedMariaDb db) {
		adopted(db)
			.withPropertyValues("spring.datasource.hikari.data-source-properties.socketTimeout=123456",
					"spring.datasource.hikari.data-source-properties.prepStmtCacheSize=100",
					"spring.datasource.hikari.pool-name=app-db")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MySqlPools pools = context.getBean(MySqlPools.class);
				MySqlPool primary = pools.getPrimary();
				Map<String, String> effective = effectiveDriverSettings(primary);
				runWork(context);
				SoftAssertions.assertSoftly((softly) -> {
					softly.assertThat(effective)
						.containsEntry("socketTimeout", "123456")
						.containsEntry("prepStmtCacheSize", "100")
						.containsEntry("useServerPrepStmts", "true")
						.containsEntry("connectTimeout", "5000");
					softly.assertThat(primary.getName()).isEqualTo("app-db");
					softly.assertThat(pools.get("app-db")).isSameAs(primary);
					softly
						.assertThat(context.getBean(MeterRegistry.class)
							.find("hikaricp.connections.acquire")
							.tag("pool", "app-db")
							.timer())
						.isNotNull();
					softly.assertThat(context.getBean(MySqlPoolEndpoint.class).pools().pools())
						.extracting(PoolDescriptor::name)
						.containsExactly("app-db", "replica-1", "replica-2");
				});
			});
	}

	@Test
	void adoptedPrimaryIsInstrumentedLikeAStarterBuiltOne(ReplicatedMariaDb db) {
		starterBuilt(db).run(AdoptedPrimaryIntegrationTests::assertPrimaryInstrumented);
		adopted(db).run(AdoptedPrimaryIntegrationTests::assertPrimaryInstrumented);
	}

	private static void assertPrimaryInstrumented(AssertableApplicationContext context) throws Exception {
		assertThat(context).hasNotFailed();
		runWork(context);
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		Timer acquire = registry.find("hikaricp.connections.acquire").tag("pool", "primary").timer();
		MySqlPoolEndpoint endpoint = context.getBean(MySqlPoolEndpoint.class);
		PoolDescriptor primary = endpoint.pools().pools().get(0);
		double meanHoldMillis = awaitMeanHoldMillis(endpoint);
		SoftAssertions.assertSoftly((softly) -> {
			softly.assertThat(acquire).as("HikariCP's acquire timer tagged pool=primary").isNotNull();
			if (acquire != null) {
				softly.assertThat(acquire.count()).isGreaterThanOrEqualTo(STATEMENTS + 1);
			}
			softly.assertThat(registry.find("hikaricp.connections.acquire").timers())
				.extracting((timer) -> timer.getId().getTag("pool"))
				.noneMatch((pool) -> pool.startsWith("HikariPool-"));
			softly.assertThat(primary.name()).isEqualTo("primary");
			softly.assertThat(primary.routedBorrows()).isGreaterThanOrEqualTo(STATEMENTS + 1);
			softly.assertThat(primary.borrows()).as("borrows").isGreaterThanOrEqualTo(STATEMENTS + 1);
			softly.assertThat(primary.acquireTime().count())
				.as("acquire time count")
				.isGreaterThanOrEqualTo(STATEMENTS + 1);
			softly.assertThat(primary.usageTime().max()).as("usage time max").isGreaterThanOrEqualTo(250);
			softly.assertThat(primary.slowQueries()).as("slow statements").isNotNull();
			softly.assertThat(context.getBean(SlowQueryLog.class).count("primary"))
				.as("slow statements of the primary")
				.isEqualTo(1);
			softly.assertThat(meanHoldMillis).as("optimize: mean hold").isGreaterThan(0);
		});
	}

	/**
	 * The optimizer's mean hold time of the primary, once a sample holds the work (the
	 * optimizer reads the sampled history), or 0 when none does within a generous
	 * deadline.
	 */
	private static double awaitMeanHoldMillis(MySqlPoolEndpoint endpoint) throws InterruptedException {
		long deadline = System.nanoTime() + SAMPLE_INTERVAL.multipliedBy(300).toNanos();
		double meanHoldMillis = meanHoldMillis(endpoint);
		while (meanHoldMillis == 0 && System.nanoTime() < deadline) {
			Thread.sleep(SAMPLE_INTERVAL.toMillis());
			meanHoldMillis = meanHoldMillis(endpoint);
		}
		return meanHoldMillis;
	}

	private static double meanHoldMillis(MySqlPoolEndpoint endpoint) {
		RecommendationsDescriptor optimize = (RecommendationsDescriptor) endpoint.section("optimize", "primary", null);
		assertThat(optimize.recommendations()).hasSize(1);
		return optimize.recommendations().get(0).figures().meanHoldMillis();
	}

	/**
	 * Statements on the primary through the routing data source, one of them slow.
	 */
	private static void runWork(AssertableApplicationContext context) {
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		for (int i = 0; i < STATEMENTS; i++) {
			jdbc.queryForObject("SELECT 1", Integer.class);
		}
		jdbc.queryForList("SELECT SLEEP(0.3)");
	}

	/**
	 * The settings MySQL Connector/J uses on a connection of the pool.
	 */
	private static Map<String, String> effectiveDriverSettings(MySqlPool pool) throws Exception {
		DataSource dataSource = pool.getDataSource();
		assertThat(dataSource).isInstanceOf(HikariDataSource.class);
		try (Connection connection = dataSource.getConnection()) {
			JdbcConnection driver = connection.unwrap(JdbcConnection.class);
			Map<String, String> settings = new LinkedHashMap<>();
			for (PropertyKey key : DRIVER_SETTINGS) {
				settings.put(key.getKeyName(),
						String.valueOf(driver.getPropertySet().getProperty(key).getStringValue()));
			}
			return settings;
		}
	}

}
