package io.github.mysqlpool.monitor.alert.internal;

import java.util.ArrayList;
import java.util.List;

import io.github.mysqlpool.monitor.alert.AlertRule;
import io.github.mysqlpool.monitor.alert.AlertSeverity;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.PoolRole;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import io.github.mysqlpool.topology.internal.TopologyMonitor;
import org.jspecify.annotations.Nullable;

/**
 * The servers' availability as the topology and replica monitors last probed it: the
 * primary is unavailable while no server takes writes or the writer fails its probes
 * (with topology discovery), or while the primary fails the replica monitor's probes
 * (without); a split brain while more than one server is writable; a replica unavailable
 * while it is out of rotation because it fails its probes or connections (a lagging one
 * is the replication-lag rule's).
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class MonitoredServerAvailability implements ServerAvailability {

	private final MySqlPools pools;

	private final @Nullable TopologyMonitor topology;

	private final @Nullable ReplicaMonitor replicas;

	/**
	 * Create the source.
	 * @param pools the pools
	 * @param topology the topology monitor, {@code null} without discovery
	 * @param replicas the replica monitor, {@code null} when replicas are not monitored
	 */
	public MonitoredServerAvailability(MySqlPools pools, @Nullable TopologyMonitor topology,
			@Nullable ReplicaMonitor replicas) {
		this.pools = pools;
		this.topology = topology;
		this.replicas = replicas;
	}

	@Override
	public List<Condition> current() {
		List<Condition> conditions = new ArrayList<>();
		String primary = this.pools.getPrimary().getName();
		TopologyMonitor topology = this.topology;
		ReplicaMonitor replicas = this.replicas;
		boolean primaryUnavailable = (topology != null) ? topology.isPrimaryUnavailable()
				: replicas != null && !replicas.primaryStatus().up();
		if (primaryUnavailable) {
			conditions.add(new Condition(AlertRule.PRIMARY_UNAVAILABLE, primary, AlertSeverity.CRITICAL));
		}
		if (topology != null && topology.isSplitBrain()) {
			conditions.add(new Condition(AlertRule.SPLIT_BRAIN, primary, AlertSeverity.CRITICAL));
		}
		if (replicas != null) {
			for (MySqlPool pool : this.pools.getAll()) {
				if (pool.getRole() == PoolRole.REPLICA
						&& replicas.status(pool.getName()).state() == ReplicaStatus.State.DOWN) {
					conditions.add(new Condition(AlertRule.REPLICA_UNAVAILABLE, pool.getName(), AlertSeverity.WARNING));
				}
			}
		}
		return conditions;
	}

}
