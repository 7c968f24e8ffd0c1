package io.github.mysqlpool.autoconfigure;

import io.github.mysqlpool.pool.MySqlPoolCustomizer;
import io.github.mysqlpool.pool.internal.ServerInspector;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * The {@link MySqlPoolCustomizer}s of the pools' own settings, shared by both ways of
 * getting the primary pool, and the post-processor that applies every customizer.
 *
 * @author mysql-pool team
 */
@Configuration(proxyBeanMethods = false)
class PoolCustomizationConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static PoolCustomizersPostProcessor mySqlPoolCustomizersPostProcessor(
			ObjectProvider<MySqlPoolCustomizer> customizers) {
		return new PoolCustomizersPostProcessor(customizers);
	}

	@Bean
	@ConditionalOnMissingBean
	DriverSettings mySqlPoolDriverSettings(MySqlPoolProperties properties, ObjectProvider<SslBundles> sslBundles) {
		return new DriverSettings(properties.getDriver(), sslBundles.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "mysql-pool.inspect-servers", matchIfMissing = true)
	ServerInspector mySqlPoolServerInspector(MySqlPoolProperties properties) {
		return new ServerInspector(properties.getDriver().getConnectTimeout(),
				new RejectedSessionSettings(properties)::rejection);
	}

	@Bean
	@ConditionalOnMissingBean
	StatementTimeLimits mySqlPoolStatementTimeLimits(MySqlPoolProperties properties, Environment environment,
			ObjectProvider<ServerInspector> inspector) {
		return new StatementTimeLimits(properties, MySqlPoolConditions.hasPrimaryUrl(environment),
				inspector.getIfAvailable());
	}

}
