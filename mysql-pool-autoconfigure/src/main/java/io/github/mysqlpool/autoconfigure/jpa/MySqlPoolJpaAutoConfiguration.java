package io.github.mysqlpool.autoconfigure.jpa;

import java.util.Locale;

import io.github.mysqlpool.autoconfigure.InvalidMySqlPoolPropertyException;
import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolExistingPrimaryAutoConfiguration;
import io.github.mysqlpool.jpa.MySqlPoolHibernatePropertiesCustomizer;
import io.github.mysqlpool.jpa.SessionConnectionReleasingInterceptor;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.routing.ReadOnly;
import io.github.mysqlpool.routing.ReadOnlyAttributeSource;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration that makes Spring Data JPA and Hibernate follow read/write routing:
 * connections released after each transaction whatever open-in-view is, released after
 * {@link ReadOnly} reads that ran outside a transaction, and the right dialect for MySQL
 * and MariaDB.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@AutoConfiguration(after = { MySqlPoolAutoConfiguration.class, MySqlPoolExistingPrimaryAutoConfiguration.class },
		beforeName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnClass({ EntityManagerFactory.class, SharedSessionContractImplementor.class,
		HibernatePropertiesCustomizer.class })
@ConditionalOnBean(MySqlPools.class)
public final class MySqlPoolJpaAutoConfiguration {

	/**
	 * Inside the read-only scope, so the release happens while the scope is still set.
	 */
	private static final int RELEASING_ADVISOR_ORDER = Ordered.LOWEST_PRECEDENCE - 99;

	@Bean
	@ConditionalOnMissingBean
	MySqlPoolHibernatePropertiesCustomizer mySqlPoolHibernatePropertiesCustomizer(MySqlPools pools,
			Environment environment) {
		checkConnectionHandling(environment);
		return new MySqlPoolHibernatePropertiesCustomizer(pools.getPrimary());
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
