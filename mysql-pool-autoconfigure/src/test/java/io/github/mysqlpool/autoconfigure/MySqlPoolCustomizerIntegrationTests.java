package io.github.mysqlpool.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.autoconfigure.monitor.MySqlPoolMonitorAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPoolCustomizer;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.internal.ServerInspector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A {@link MySqlPoolCustomizer} bean of the application, on the embedded topology: it
 * runs after the starter's own customizers, on every pool before the pool starts, and
 * what it sets is in effect on the pools' real connections.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class MySqlPoolCustomizerIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
				MySqlPoolReplicationAutoConfiguration.class, MySqlPoolMonitorAutoConfiguration.class))
		.withUserConfiguration(CustomizerConfiguration.class)
		.withPropertyValues("mysql-pool.pool.maximum-pool-size=1", "mysql-pool.monitor.enabled=false");

	@Test
	void applicationsCustomizerRunsAfterTheStartersAndItsSettingIsInEffect(ReplicatedMariaDb db) {
		this.contextRunner.withPropertyValues(topology(db)).run((context) -> {
			assertThat(context).hasNotFailed();
			MySqlPools pools = context.getBean(MySqlPools.class);
			CustomizerConfiguration customizers = context.getBean(CustomizerConfiguration.class);
			assertThat(customizers.seen.keySet()).containsExactlyInAnyOrder("primary", "replica-1", "replica-2");
			customizers.seen.forEach((pool, seen) -> {
				// After the driver settings, the inspection, the statement time limit,
				// the
				// instrumentation, the rescue's tracking and the monitor's override
				assertThat(seen.running()).as(pool).isFalse();
				assertThat(seen.socketTimeout()).as(pool).isEqualTo("60000");
				assertThat(seen.inspected()).as(pool).isTrue();
				assertThat(seen.queryInterceptors()).as(pool)
					.contains("SlowQueryInterceptor")
					.contains("ConnectionTrackingInterceptor");
				assertThat(seen.tracked()).as(pool).isTrue();
				assertThat(seen.exceptionOverride()).as(pool).isEqualTo(pool.startsWith("replica"));
				if (pool.startsWith("replica")) {
					assertThat(seen.sessionVariables()).as(pool).contains("max_statement_time=300.0");
				}
			});
			// An earlier customizer sees the driver settings but not the inspection yet
			customizers.early.forEach((pool, inspected) -> assertThat(inspected).as(pool).isFalse());
			assertThat(customizers.early).hasSize(3);
			for (MySqlPool pool : pools.getAll()) {
				try (Connection connection = pool.getDataSource().getConnection()) {
					assertThat(query(connection, "SELECT @@session.group_concat_max_len")).as(pool.getName())
						.isEqualTo(CustomizerConfiguration.GROUP_CONCAT_MAX_LEN);
					assertThat(query(connection, "SELECT @@session.max_statement_time")).as(pool.getName())
						.isEqualTo(pool.getName().startsWith("replica") ? 300 : 0);
				}
			}
		});
	}

	@Test
	void customizersRunBeforeThePoolStartsWhenItsConfigurationIsSealed(ReplicatedMariaDb db) {
		this.contextRunner.withPropertyValues(topology(db)).run((context) -> {
			assertThat(context).hasNotFailed();
			HikariDataSource primary = context.getBean(MySqlPools.class).getPrimary().getHikari();
			try (Connection connection = primary.getConnection()) {
				assertThat(query(connection, "SELECT @@session.group_concat_max_len"))
					.isEqualTo(CustomizerConfiguration.GROUP_CONCAT_MAX_LEN);
			}
			// What a customizer sets could not be set once the pool has started
			assertThat(primary.isRunning()).isTrue();
			assertThatIllegalStateException().isThrownBy(() -> primary.addDataSourceProperty("sessionVariables", ""))
				.withMessageContaining("sealed");
		});
	}

	@Test
	void adoptedPrimaryIsCustomizedLikeTheStarterBuiltOnes(ReplicatedMariaDb db) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					MySqlPoolExistingPrimaryAutoConfiguration.class, MySqlPoolReplicationAutoConfiguration.class,
					MySqlPoolMonitorAutoConfiguration.class))
			.withUserConfiguration(CustomizerConfiguration.class)
			.withPropertyValues("spring.datasource.url=" + db.primary().jdbcUrl(),
					"spring.datasource.username=" + db.username(), "spring.datasource.password=" + db.password(),
					"spring.datasource.hikari.maximum-pool-size=1", "mysql-pool.pool.maximum-pool-size=1",
					"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(), "mysql-pool.monitor.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MySqlPool primary = context.getBean(MySqlPools.class).getPrimary();
				assertThat(primary.getDataSource()).isSameAs(context.getBean("dataSource"));
				Seen seen = context.getBean(CustomizerConfiguration.class).seen.get("primary");
				assertThat(seen).isNotNull();
				assertThat(seen.socketTimeout()).isEqualTo("60000");
				assertThat(seen.inspected()).isTrue();
				assertThat(seen.tracked()).isTrue();
				try (Connection connection = primary.getDataSource().getConnection()) {
					assertThat(query(connection, "SELECT @@session.group_concat_max_len"))
						.isEqualTo(CustomizerConfiguration.GROUP_CONCAT_MAX_LEN);
				}
			});
	}

	private static long query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
			resultSet.next();
			return resultSet.getLong(1);
		}
	}

	private static String[] topology(ReplicatedMariaDb db) {
		return new String[] { "mysql-pool.primary.url=" + db.primary().jdbcUrl(),
				"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
				"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
				"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl() };
	}

	/**
	 * What the application's customizer found on a pool.
	 */
	record Seen(boolean running, String socketTimeout, boolean inspected, String queryInterceptors,
			String sessionVariables, boolean tracked, boolean exceptionOverride) {

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		static final long GROUP_CONCAT_MAX_LEN = 4242;

		final Map<String, Seen> seen = new ConcurrentHashMap<>();

		final Map<String, Boolean> early = new ConcurrentHashMap<>();

		@Bean
		MySqlPoolCustomizer applicationPoolCustomizer(ObjectProvider<ServerInspector> inspector) {
			return (pool, dataSource) -> {
				this.seen.put(pool.getName(), new Seen(dataSource.isRunning(),
						dataSource.getDataSourceProperties().getProperty("socketTimeout", ""),
						inspector.getObject().inspected(pool) != null,
						dataSource.getDataSourceProperties().getProperty("queryInterceptors", ""),
						dataSource.getDataSourceProperties().getProperty("sessionVariables", ""),
						dataSource.getMetricsTrackerFactory() != null, dataSource.getExceptionOverride() != null));
				String variables = dataSource.getDataSourceProperties().getProperty("sessionVariables");
				String mine = "group_concat_max_len=" + GROUP_CONCAT_MAX_LEN;
				dataSource.addDataSourceProperty("sessionVariables",
						(variables != null) ? variables + "," + mine : mine);
			};
		}

		@Bean
		@Order(MySqlPoolCustomizer.SERVER_INSPECTION_ORDER - 1)
		MySqlPoolCustomizer earlyPoolCustomizer(ObjectProvider<ServerInspector> inspector) {
			return (pool, dataSource) -> {
				assertThat(dataSource.getDataSourceProperties()).containsKey("socketTimeout");
				this.early.put(pool.getName(), inspector.getObject().inspected(pool) != null);
			};
		}

	}

}
