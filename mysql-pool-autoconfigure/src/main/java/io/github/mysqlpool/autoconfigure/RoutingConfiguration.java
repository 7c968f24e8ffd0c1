package io.github.mysqlpool.autoconfigure;

import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.routing.ReplicaSelector;
import io.github.mysqlpool.routing.internal.ReadOnlyAdvisor;
import io.github.mysqlpool.routing.internal.ReadOnlyAttributeSource;
import io.github.mysqlpool.routing.internal.ReplicaRotation;
import io.github.mysqlpool.routing.internal.TransactionRoutingPostProcessor;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;

/**
 * Routing beans shared by both ways of getting the primary pool.
 *
 * @author mysql-pool team
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MySqlPoolReplicationProperties.class)
class RoutingConfiguration {

	/**
	 * Outside the transaction advisor, which runs at the lowest precedence by default.
	 */
	static final int READ_ONLY_ADVISOR_ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	@Bean
	@ConditionalOnMissingBean
	ReplicaRotation mySqlPoolReplicaRotation(MySqlPools pools) {
		return new ReplicaRotation(pools.getReplicas());
	}

	@Bean
	@ConditionalOnMissingBean
	ReplicaSelector mySqlPoolReplicaSelector(MySqlPoolReplicationProperties replication) {
		return replication.getStrategy().createSelector();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static ReadOnlyAttributeSource mySqlPoolReadOnlyAttributeSource() {
		return new ReadOnlyAttributeSource();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static ReadOnlyAdvisor mySqlPoolReadOnlyAdvisor(ReadOnlyAttributeSource mySqlPoolReadOnlyAttributeSource) {
		return new ReadOnlyAdvisor(mySqlPoolReadOnlyAttributeSource, READ_ONLY_ADVISOR_ORDER);
	}

	@Bean
	@ConditionalOnMissingBean
	static TransactionRoutingPostProcessor mySqlPoolTransactionRoutingPostProcessor() {
		return new TransactionRoutingPostProcessor();
	}

}
