package io.github.mysqlpool.autoconfigure.health;

import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolTopologyAutoConfiguration;
import io.github.mysqlpool.health.internal.MySqlPoolHealthContributor;
import io.github.mysqlpool.health.internal.MySqlPoolReadinessGroupPostProcessor;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import io.github.mysqlpool.topology.internal.TopologyMonitor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@code mysqlpool} health contributor: one indicator per pool,
 * from what the replica monitor last saw, added to the {@code readiness} group. Switched
 * off with {@code management.health.mysqlpool.enabled=false}.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@AutoConfiguration(after = { MySqlPoolReplicationAutoConfiguration.class, MySqlPoolTopologyAutoConfiguration.class },
		afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration")
@ConditionalOnClass(ConditionalOnEnabledHealthIndicator.class)
@ConditionalOnBean({ MySqlPools.class, ReplicaMonitor.class })
@ConditionalOnEnabledHealthIndicator("mysqlpool")
public final class MySqlPoolHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "mysqlpoolHealthContributor")
	MySqlPoolHealthContributor mysqlpoolHealthContributor(MySqlPools pools, ReplicaMonitor monitor,
			ObjectProvider<TopologyMonitor> topology) {
		return new MySqlPoolHealthContributor(pools, monitor, topology.getIfAvailable());
	}

	/**
	 * The contributor in the readiness group, where there is one and its members are not
	 * configured. Registered after Boot's availability probes, whose post-processor
	 * creates that group.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthEndpointGroupsPostProcessor.class)
	static class ReadinessConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MySqlPoolReadinessGroupPostProcessor mySqlPoolReadinessGroupPostProcessor(Environment environment) {
			// Members the user lists are the user's choice
			boolean configured = environment.containsProperty("management.endpoint.health.group.readiness.include");
			return new MySqlPoolReadinessGroupPostProcessor(configured ? null : "mysqlpool");
		}

	}

}
