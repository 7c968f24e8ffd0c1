package io.github.mysqlpool.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link ReplicatedMariaDbBuilder} set for one topology.
 *
 * @param replicaCount the number of replicas
 * @param accounts the database and accounts
 * @param workDir the directory of the nodes' data directories and logs
 * @param deleteWorkDirOnClose whether closing deletes the work directory
 * @param baseDir the directory of the binaries and data directory templates
 * @param serverHome an installed MariaDB to run, or {@code null} for the bundled one
 * @param startTimeout how long a server may take to accept connections, and the replicas
 * to catch up at start
 * @param serverArguments arguments for every server
 * @param nodeArguments arguments for one node, by node name, after the shared ones
 * @param registerShutdownHook whether a JVM shutdown hook closes the topology
 * @param loopbackAddressPerNode whether each node has a loopback address of its own, all
 * on one port
 * @author mysql-pool team
 */
record TopologySettings(int replicaCount, Accounts accounts, Path workDir, boolean deleteWorkDirOnClose, Path baseDir,
		@Nullable Path serverHome, Duration startTimeout, List<String> serverArguments,
		Map<String, List<String>> nodeArguments, boolean registerShutdownHook, boolean loopbackAddressPerNode) {

	private static final Duration HEAL_TIMEOUT = Duration.ofSeconds(30);

	TopologySettings {
		serverArguments = List.copyOf(serverArguments);
		Map<String, List<String>> copy = new LinkedHashMap<>();
		nodeArguments.forEach((name, arguments) -> copy.put(name, List.copyOf(arguments)));
		nodeArguments = Map.copyOf(copy);
	}

	/**
	 * Return how long a node may take to catch up after a role change or when healed.
	 * @return the start timeout, at least 30 s
	 */
	Duration catchUpTimeout() {
		return (HEAL_TIMEOUT.compareTo(this.startTimeout) > 0) ? HEAL_TIMEOUT : this.startTimeout;
	}

	/**
	 * Return the arguments of one node's server: the shared ones, then its own.
	 * @param nodeName the node's name
	 * @return the arguments
	 */
	List<String> argumentsOf(String nodeName) {
		List<String> arguments = new ArrayList<>(this.serverArguments);
		arguments.addAll(this.nodeArguments.getOrDefault(nodeName, List.of()));
		return arguments;
	}

}
