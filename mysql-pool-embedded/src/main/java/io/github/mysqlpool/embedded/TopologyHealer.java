package io.github.mysqlpool.embedded;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes the faults a test injected into a topology, so that they do not leak into the
 * next test: see {@link ReplicatedMariaDb#heal()}.
 *
 * @author mysql-pool team
 */
final class TopologyHealer {

	private static final Logger logger = LoggerFactory.getLogger(TopologyHealer.class);

	private final ReplicatedMariaDb topology;

	private final RoleChanges roleChanges;

	TopologyHealer(ReplicatedMariaDb topology, RoleChanges roleChanges) {
		this.topology = topology;
		this.roleChanges = roleChanges;
	}

	/**
	 * Resume and start every node, bring back the former primary, point every replica at
	 * the primary and let it replicate, and put the first primary back in charge.
	 * @param catchUp how long the replicas may take to catch up
	 */
	void heal(Duration catchUp) {
		List<Node> all = this.topology.nodes();
		for (Node node : all) {
			if (node.isPaused()) {
				node.resume();
			}
		}
		for (Node node : all) {
			node.start();
		}
		Node current = this.topology.primary();
		for (Node node : all) {
			if (node.role() == Node.Role.FORMER_PRIMARY) {
				rejoinOrRebuild(node, current);
			}
		}
		for (Node replica : this.topology.replicas()) {
			Map<String, @Nullable String> status = replica.replicaStatus();
			if (!String.valueOf(current.port()).equals(status.get("Master_Port"))
					|| !current.host().equals(status.get("Master_Host"))) {
				replica.replication().follow(current);
				status = replica.replicaStatus();
			}
			if (!ReplicaCatchUp.isReplicating(status)) {
				replica.executeAsRoot("START SLAVE");
			}
		}
		if (current != all.get(0)) {
			this.topology.switchover(all.get(0));
		}
		this.topology.awaitReplicasCaughtUp(catchUp);
	}

	private void rejoinOrRebuild(Node former, Node current) {
		String lost = this.roleChanges.divergence(former, current);
		if (lost != null) {
			logger.warn("{} holds transactions that {} lacks, rebuilding it from {}: {}", former.name(), current.name(),
					current.name(), lost);
			this.roleChanges.rebuild(former, current);
		}
		else {
			this.topology.rejoin(former);
		}
	}

}
