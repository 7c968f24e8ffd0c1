package io.github.mysqlpool.autoconfigure.health;

import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolTopologyAutoConfiguration;
import io.github.mysqlpool.health.MySqlPoolHealthIndicator;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.replica.lag.ReplicaMonitor;
import io.github.mysqlpool.topology.TopologyMonitor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code mysqlpool} health indicator: the primary and each
 * replica, from what the replica monitor last saw. Switched off with
 * {@code management.health.mysqlpool.enabled=false}.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@AutoConfiguration(after = { MySqlPoolReplicationAutoConfiguration.class, MySqlPoolTopologyAutoConfiguration.class })
@ConditionalOnClass(ConditionalOnEnabledHealthIndicator.class)
@ConditionalOnBean({ MySqlPools.class, ReplicaMonitor.class })
@ConditionalOnEnabledHealthIndicator("mysqlpool")
public final class MySqlPoolHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "mysqlpoolHealthIndicator")
	MySqlPoolHealthIndicator mysqlpoolHealthIndicator(MySqlPools pools, ReplicaMonitor monitor,
			ObjectProvider<TopologyMonitor> topology) {
		MySqlPoolHealthIndicator indicator = new MySqlPoolHealthIndicator(pools, monitor);
		indicator.setTopology(topology.getIfAvailable());
		return indicator;
	}

}
