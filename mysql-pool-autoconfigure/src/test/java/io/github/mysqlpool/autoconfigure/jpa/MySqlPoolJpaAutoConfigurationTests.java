package io.github.mysqlpool.autoconfigure.jpa;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.autoconfigure.InvalidMySqlPoolPropertyException;
import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolExistingPrimaryAutoConfiguration;
import io.github.mysqlpool.jpa.internal.MySqlPoolHibernatePropertiesCustomizer;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.internal.DataSourceInspectionPostProcessor;
import io.github.mysqlpool.pool.internal.InspectedServer;
import io.github.mysqlpool.pool.internal.ServerFlavor;
import io.github.mysqlpool.pool.internal.ServerInspector;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MySqlPoolJpaAutoConfiguration}.
 *
 * @author mysql-pool team
 */
class MySqlPoolJpaAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class, MySqlPoolJpaAutoConfiguration.class))
		.withPropertyValues("mysql-pool.inspect-servers=false", "mysql-pool.primary.url=jdbc:mysql://db:3306/app");

	@Test
	void customizerReleasesConnectionsAfterEachTransactionAndNamesTheRealServer() {
		this.contextRunner.withBean(ServerInspector.class, MariaDbInspected::new).run((context) -> {
			Map<String, Object> properties = new HashMap<>();
			context.getBean(MySqlPoolHibernatePropertiesCustomizer.class).customize(properties);
			assertThat(properties)
				.containsEntry(MySqlPoolHibernatePropertiesCustomizer.CONNECTION_HANDLING,
						MySqlPoolHibernatePropertiesCustomizer.RELEASE_AFTER_TRANSACTION)
				.containsEntry("jakarta.persistence.database-product-name", "MariaDB")
				.containsEntry("jakarta.persistence.database-major-version", 10)
				.containsEntry("jakarta.persistence.database-minor-version", 11);
		});
	}

	@Test
	void settingsTheApplicationMakesAreKept() {
		this.contextRunner.run((context) -> {
			Map<String, Object> properties = new HashMap<>();
			properties.put(MySqlPoolHibernatePropertiesCustomizer.CONNECTION_HANDLING,
					"DELAYED_ACQUISITION_AND_RELEASE_AFTER_STATEMENT");
			properties.put("hibernate.dialect", "org.hibernate.dialect.MySQLDialect");
			context.getBean(MySqlPoolHibernatePropertiesCustomizer.class).customize(properties);
			assertThat(properties).hasSize(2)
				.containsEntry(MySqlPoolHibernatePropertiesCustomizer.CONNECTION_HANDLING,
						"DELAYED_ACQUISITION_AND_RELEASE_AFTER_STATEMENT");
		});
	}

	@Test
	void connectionHeldForTheSessionWithOpenInViewFailsStartUpSayingWhatToChange() {
		this.contextRunner
			.withPropertyValues("spring.jpa.properties.hibernate.connection.handling_mode=DELAYED_ACQUISITION_AND_HOLD")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidMySqlPoolPropertyException.class)
					.hasMessageContaining("spring.jpa.properties.hibernate.connection.handling_mode");
				InvalidMySqlPoolPropertyException cause = (InvalidMySqlPoolPropertyException) NestedExceptionUtils
					.getRootCause(context.getStartupFailure());
				assertThat(cause.getAction()).contains("spring.jpa.open-in-view=false");
			});
	}

	@Test
	void connectionHeldForTheSessionWithoutOpenInViewIsAllowed() {
		this.contextRunner
			.withPropertyValues("spring.jpa.properties.hibernate.connection.handling_mode=DELAYED_ACQUISITION_AND_HOLD",
					"spring.jpa.open-in-view=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(MySqlPoolHibernatePropertiesCustomizer.class));
	}

	@Test
	void bootDataSourceWithoutReplicasGetsTheServerVersionButNoRoutingSettings() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					MySqlPoolExistingPrimaryAutoConfiguration.class, MySqlPoolJpaAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:mysql://db:3306/app")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(MySqlPools.class)
					.hasSingleBean(DataSourceInspectionPostProcessor.class);
				Map<String, Object> properties = new HashMap<>();
				context.getBean(MySqlPoolHibernatePropertiesCustomizer.class).customize(properties);
				assertThat(properties).doesNotContainKey(MySqlPoolHibernatePropertiesCustomizer.CONNECTION_HANDLING);
			});
	}

	@Test
	void backsOffWithoutHibernate() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.hibernate"))
			.run((context) -> assertThat(context).doesNotHaveBean(MySqlPoolHibernatePropertiesCustomizer.class));
	}

	/**
	 * An inspection that found MariaDB 10.11 on every pool, without connecting.
	 */
	static class MariaDbInspected extends ServerInspector {

		MariaDbInspected() {
			super(Duration.ofSeconds(1));
		}

		@Override
		public void customize(MySqlPool pool, HikariDataSource dataSource) {
		}

		@Override
		public InspectedServer inspected(MySqlPool pool) {
			return new InspectedServer(ServerFlavor.parse("10.11.19-MariaDB"), 28800, 151);
		}

	}

}
