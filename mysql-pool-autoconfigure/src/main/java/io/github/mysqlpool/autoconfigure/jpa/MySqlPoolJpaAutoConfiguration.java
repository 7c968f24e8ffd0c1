package io.github.mysqlpool.autoconfigure.jpa;

import java.util.Locale;

import javax.sql.DataSource;

import io.github.mysqlpool.autoconfigure.InvalidMySqlPoolPropertyException;
import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolExistingPrimaryAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties;
import io.github.mysqlpool.jpa.internal.MySqlPoolHibernatePropertiesCustomizer;
import io.github.mysqlpool.jpa.internal.SessionConnectionReleasingInterceptor;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.internal.DataSourceInspectionPostProcessor;
import io.github.mysqlpool.pool.internal.ServerInspector;
import io.github.mysqlpool.routing.ReadOnly;
import io.github.mysqlpool.routing.internal.ReadOnlyAttributeSource;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration that makes Spring Data JPA and Hibernate follow read/write routing:
 * connections released after each transaction whatever open-in-view is, released after
 * {@link ReadOnly} reads that ran outside a transaction, and the right dialect for MySQL
 * and MariaDB. An application whose only data source is Boot's own (no replicas) gets the
 * right dialect too.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@AutoConfiguration(
		after = { DataSourceAutoConfiguration.class, MySqlPoolAutoConfiguration.class,
				MySqlPoolExistingPrimaryAutoConfiguration.class },
		beforeName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnClass({ EntityManagerFactory.class, SharedSessionContractImplementor.class,
		HibernatePropertiesCustomizer.class })
public final class MySqlPoolJpaAutoConfiguration {

	/**
	 * Inside the read-only scope, so the release happens while the scope is still set.
	 */
	private static final int RELEASING_ADVISOR_ORDER = Ordered.LOWEST_PRECEDENCE - 99;

	/**
	 * Routing with the starter's pools.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(MySqlPools.class)
	static class RoutingJpaConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MySqlPoolHibernatePropertiesCustomizer mySqlPoolHibernatePropertiesCustomizer(MySqlPools pools,
				Environment environment, ObjectProvider<ServerInspector> inspector) {
			checkConnectionHandling(environment);
			return new MySqlPoolHibernatePropertiesCustomizer(() -> {
				ServerInspector servers = inspector.getIfAvailable();
				return (servers != null) ? servers.inspected(pools.getPrimary()) : null;
			}, true);
		}

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		@ConditionalOnMissingBean(name = "mySqlPoolSessionConnectionReleasingAdvisor")
		static DefaultPointcutAdvisor mySqlPoolSessionConnectionReleasingAdvisor(ReadOnlyAttributeSource readOnlySource,
				ObjectProvider<EntityManagerFactory> entityManagerFactories) {
			DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(readOnlySource.getPointcut(),
					new SessionConnectionReleasingInterceptor(entityManagerFactories));
			advisor.setOrder(RELEASING_ADVISOR_ORDER);
			return advisor;
		}

	}

	/**
	 * Boot's own data source with no replicas: the primary's real product and version,
	 * and the driver settings its server needs, found before the pool starts.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(MySqlPools.class)
	@ConditionalOnSingleCandidate(DataSource.class)
	static class ServerVersionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "mysql-pool.inspect-servers", matchIfMissing = true)
		static DataSourceInspectionPostProcessor mySqlPoolDataSourceInspectionPostProcessor(Environment environment) {
			MySqlPoolProperties properties = Binder.get(environment)
				.bindOrCreate("mysql-pool", MySqlPoolProperties.class);
			return new DataSourceInspectionPostProcessor(properties.getDriver().getConnectTimeout());
		}

		@Bean
		@ConditionalOnMissingBean
		MySqlPoolHibernatePropertiesCustomizer mySqlPoolHibernatePropertiesCustomizer(
				ObjectProvider<DataSourceInspectionPostProcessor> inspection) {
			return new MySqlPoolHibernatePropertiesCustomizer(() -> {
				DataSourceInspectionPostProcessor inspected = inspection.getIfAvailable();
				return (inspected != null) ? inspected.getServer() : null;
			}, false);
		}

	}

	/**
	 * A connection handling that holds the first connection for the whole session cannot
	 * be made safe with open-in-view: the request's first read would pin it to a replica,
	 * and a later write would fail there.
	 */
	private static void checkConnectionHandling(Environment environment) {
		String property = "spring.jpa.properties." + MySqlPoolHibernatePropertiesCustomizer.CONNECTION_HANDLING;
		String handling = environment.getProperty(property);
		boolean openInView = environment.getProperty("spring.jpa.open-in-view", Boolean.class, true);
		if (openInView && handling != null && handling.toUpperCase(Locale.ROOT).contains("HOLD")) {
			throw new InvalidMySqlPoolPropertyException(property, handling,
					"with open-in-view a session holding its first connection would run a request's writes on the"
							+ " replica that served its first read",
					"Remove " + property + " (the starter then uses "
							+ MySqlPoolHibernatePropertiesCustomizer.RELEASE_AFTER_TRANSACTION
							+ "), or set spring.jpa.open-in-view=false.");
		}
	}

}
