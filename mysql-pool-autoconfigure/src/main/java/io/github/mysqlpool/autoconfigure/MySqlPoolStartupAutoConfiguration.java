package io.github.mysqlpool.autoconfigure;

import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.internal.PoolStarter;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that starts the pools with the application
 * ({@code mysql-pool.start-pools}, on by default) rather than on their first use.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@AutoConfiguration(after = { MySqlPoolAutoConfiguration.class, MySqlPoolExistingPrimaryAutoConfiguration.class,
		MySqlPoolReplicationAutoConfiguration.class })
@ConditionalOnBean(MySqlPools.class)
@ConditionalOnBooleanProperty(name = "mysql-pool.start-pools", matchIfMissing = true)
@EnableConfigurationProperties(MySqlPoolProperties.class)
public final class MySqlPoolStartupAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PoolStarter mySqlPoolStarter(MySqlPools pools, MySqlPoolProperties properties,
			ObjectProvider<ReplicaMonitor> monitor) {
		return new PoolStarter(pools, properties.getDriver().getConnectTimeout(), monitor.getIfAvailable() != null,
				new RejectedSessionSettings(properties)::rejection);
	}

}
