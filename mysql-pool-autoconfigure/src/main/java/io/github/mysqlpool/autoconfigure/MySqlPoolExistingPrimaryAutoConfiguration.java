package io.github.mysqlpool.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.PoolRole;
import io.github.mysqlpool.routing.ReplicaSelector;
import io.github.mysqlpool.routing.internal.MySqlRoutingDataSource;
import io.github.mysqlpool.routing.internal.ReplicaRotation;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * Auto-configuration for an application that already has Boot's
 * {@code spring.datasource.*} pool and adds only replicas: that pool becomes the primary,
 * wrapped (not replaced) by a {@code @Primary} routing {@link DataSource}, and gets the
 * starter's name (see {@link HikariPoolFactory#adopt(HikariDataSource)}), and through the
 * {@link io.github.mysqlpool.pool.MySqlPoolCustomizer}s its driver defaults and
 * instrumentation, where the application did not set them itself. Backs off when there is
 * no such data source, for example in a test that excludes Boot's data source
 * auto-configuration.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
		before = { DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				DataSourceInitializationAutoConfiguration.class },
		beforeName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnClass(HikariDataSource.class)
@Conditional(MySqlPoolConditions.ExistingPrimaryCondition.class)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(MySqlPoolProperties.class)
@Import({ RoutingConfiguration.class, SchedulerConfiguration.class, PoolCustomizationConfiguration.class })
public final class MySqlPoolExistingPrimaryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MySqlPools mySqlPools(MySqlPoolProperties properties, DataSourceProperties bootProperties,
			ListableBeanFactory beanFactory) {
		DataSource existing = existingDataSource(beanFactory);
		HikariPoolFactory factory = new HikariPoolFactory(properties);
		MySqlPool primary = new MySqlPool("primary", PoolRole.PRIMARY, existing, 1);
		HikariDataSource hikari = primary.getHikari();
		if (hikari != null) {
			String name = factory.adopt(hikari);
			MySqlPoolPropertiesValidator.validateAdoptedPrimaryName(properties, name);
			primary = new MySqlPool(name, PoolRole.PRIMARY, existing, 1);
		}
		return new MySqlPools(primary, MySqlPoolAutoConfiguration.replicaPools(properties, factory,
				bootProperties.determineUsername(), bootProperties.determinePassword()), false);
	}

	@Bean
	@Primary
	@ConditionalOnMissingBean(MySqlRoutingDataSource.class)
	MySqlRoutingDataSource mySqlPoolRoutingDataSource(MySqlPools pools, ReplicaRotation rotation,
			ReplicaSelector selector, MySqlPoolReplicationProperties replication) {
		return new MySqlRoutingDataSource(pools, rotation, selector, replication.getFallback());
	}

	/**
	 * The application's own data source, looked up by type without resolving the routing
	 * one (which is also a {@code @Primary} DataSource and depends on these pools).
	 */
	private static DataSource existingDataSource(ListableBeanFactory beanFactory) {
		for (String name : beanFactory.getBeanNamesForType(DataSource.class, false, false)) {
			Class<?> type = beanFactory.getType(name, false);
			if (type != null && !MySqlRoutingDataSource.class.isAssignableFrom(type)) {
				return beanFactory.getBean(name, DataSource.class);
			}
		}
		throw new IllegalStateException("No DataSource to adopt as the primary pool");
	}

}
