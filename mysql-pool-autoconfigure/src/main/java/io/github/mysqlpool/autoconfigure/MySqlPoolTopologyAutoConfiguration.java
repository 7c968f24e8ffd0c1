package io.github.mysqlpool.autoconfigure;

import io.github.mysqlpool.pool.MySqlPoolCustomizer;
import io.github.mysqlpool.pool.MySqlPools;
import java.util.ArrayList;
import java.util.List;

import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import io.github.mysqlpool.routing.internal.MySqlRoutingDataSource;
import io.github.mysqlpool.topology.TopologyDiscovery;
import io.github.mysqlpool.topology.internal.TopologyMonitor;
import io.github.mysqlpool.topology.internal.WriterChangeListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.TaskScheduler;

/**
 * Auto-configuration of topology discovery ({@code mysql-pool.topology.discovery}
 * {@code read-only} or {@code endpoint}): the monitor that learns which server takes the
 * writes and points the writes at it.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@AutoConfiguration(after = { MySqlPoolAutoConfiguration.class, MySqlPoolExistingPrimaryAutoConfiguration.class,
		MySqlPoolReplicationAutoConfiguration.class })
@ConditionalOnBean(MySqlPools.class)
@ConditionalOnExpression("'${mysql-pool.topology.discovery:none}'.toLowerCase().replace('_', '-') != 'none'")
@EnableConfigurationProperties({ MySqlPoolProperties.class, MySqlPoolReplicationProperties.class })
public final class MySqlPoolTopologyAutoConfiguration {

	/**
	 * Borrows from the writer's pool tracked at once, so that a change of writer can end
	 * their waits: more than any pool's callers waiting at once in practice.
	 */
	private static final int TRACKED_WRITER_BORROWS = 256;

	@Bean
	@ConditionalOnMissingBean(name = "mySqlPoolReadOnlyErrorProbes")
	MySqlPoolCustomizer mySqlPoolReadOnlyErrorProbes() {
		return TopologyMonitor.readOnlyErrorProbes();
	}

	@Bean
	@ConditionalOnMissingBean
	TopologyMonitor mySqlPoolTopologyMonitor(MySqlPools pools, MySqlPoolProperties properties,
			MySqlPoolReplicationProperties replication, ApplicationEventPublisher events,
			ObjectProvider<WriterChangeListener> listeners, ObjectProvider<ReplicaMonitor> replicaMonitor,
			ObjectProvider<MySqlRoutingDataSource> routingDataSource,
			@Qualifier(SchedulerConfiguration.SCHEDULER_BEAN_NAME) TaskScheduler scheduler) {
		TopologyDiscovery discovery = properties.getTopology().getDiscovery();
		ReplicaMonitor monitor = replicaMonitor.getIfAvailable();
		// Before the replica monitor, whose heartbeat goes to the writer found here
		int phase = ((monitor != null) ? monitor.getPhase() : SmartLifecycle.DEFAULT_PHASE - 2048) - 1;
		List<WriterChangeListener> toldOfChanges = new ArrayList<>(listeners.orderedStream().toList());
		MySqlRoutingDataSource routing = routingDataSource.getIfUnique();
		if (routing != null) {
			routing.trackWriterBorrows(TRACKED_WRITER_BORROWS);
			toldOfChanges.add(0, routing::writerChanged);
		}
		return new TopologyMonitor(pools, discovery, replication.getProbeInterval(), replication.getProbeTimeout(),
				events, toldOfChanges, phase, scheduler);
	}

}
