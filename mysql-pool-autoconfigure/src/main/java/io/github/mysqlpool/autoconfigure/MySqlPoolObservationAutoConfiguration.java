package io.github.mysqlpool.autoconfigure;

import io.github.mysqlpool.retry.internal.ObservationAttemptObserver;
import io.github.mysqlpool.retry.internal.RetryAdvisor;
import io.github.mysqlpool.routing.internal.MySqlRoutingDataSource;
import io.github.mysqlpool.routing.internal.ObservationRoutingObserver;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the starter's Micrometer observations: each borrow
 * ({@code mysqlpool.borrow}) and each attempt of a retried method
 * ({@code mysqlpool.attempt}). Off unless {@code mysql-pool.observations.enabled} is set:
 * the default borrow path then pays nothing for them.
 *
 * @author mysql-pool team
 */
@AutoConfiguration(
		after = { MySqlPoolAutoConfiguration.class, MySqlPoolExistingPrimaryAutoConfiguration.class,
				MySqlPoolRetryAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({ ObservationRegistry.class, MySqlRoutingDataSource.class })
@ConditionalOnBooleanProperty("mysql-pool.observations.enabled")
@EnableConfigurationProperties(MySqlPoolObservationProperties.class)
public final class MySqlPoolObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ObservationRoutingObserver mySqlPoolRoutingObserver(ObservationRegistry registry,
			ObjectProvider<MySqlRoutingDataSource> routers) {
		ObservationRoutingObserver observer = new ObservationRoutingObserver(registry);
		routers.forEach((router) -> router.setRoutingObserver(observer));
		return observer;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RetryAdvisor.class)
	ObservationAttemptObserver mySqlPoolAttemptObserver(ObservationRegistry registry,
			ObjectProvider<RetryAdvisor> advisors) {
		ObservationAttemptObserver observer = new ObservationAttemptObserver(registry);
		advisors.forEach((advisor) -> advisor.getInterceptor().setAttemptObserver(observer));
		return observer;
	}

}
