package io.github.mysqlpool.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a topology once and closes it once: the binaries, the work directory, the nodes
 * on free ports (moved to another port when one is taken before the server binds it),
 * replication from the primary, the application database, and a JVM shutdown hook that
 * closes the topology. The caller serializes {@link #start()} and {@link #close()}.
 *
 * @author mysql-pool team
 */
final class TopologyLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(TopologyLifecycle.class);

	private static final int PORT_ATTEMPTS = 3;

	private final TopologySettings settings;

	private final Thread shutdownHook;

	private volatile State state = State.NEW;

	private volatile List<Node> nodes = List.of();

	private boolean workDirClaimed;

	/**
	 * Create the lifecycle of a topology.
	 * @param settings the topology's settings
	 * @param close closes the topology, run by the shutdown hook
	 */
	TopologyLifecycle(TopologySettings settings, Runnable close) {
		this.settings = settings;
		this.shutdownHook = new Thread(close, "mysql-pool-embedded-shutdown");
	}

	/**
	 * Start all servers, set up replication, create the database and users, and wait
	 * until the replicas have caught up. A failed start stops whatever it started.
	 * @return the nodes, the primary first
	 */
	List<Node> start() {
		if (this.state != State.NEW) {
			throw new IllegalStateException("Already " + this.state.name().toLowerCase());
		}
		this.state = State.STARTED;
		long start = System.nanoTime();
		try {
			this.nodes = createNodes();
			launch(this.nodes);
			ReplicaCatchUp.awaitAll(this.nodes.get(0), this.nodes.subList(1, this.nodes.size()),
					this.settings.startTimeout());
			logger.info("Started MariaDB primary and {} replicas in {} ms: {}", this.settings.replicaCount(),
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), this);
			return this.nodes;
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Stop all servers, aborting root connections in flight first, release the work
	 * directory and remove the shutdown hook unless it is what runs this. Does nothing
	 * once closed.
	 */
	void close() {
		if (this.state != State.STARTED) {
			this.state = State.CLOSED;
			return;
		}
		this.state = State.CLOSED;
		List<Node> nodes = this.nodes;
		long start = System.nanoTime();
		for (Node node : nodes) {
			node.lifecycle().close();
		}
		for (Node node : nodes) {
			node.lifecycle().awaitClosed();
		}
		if (this.workDirClaimed) {
			WorkDirectory.release(this.settings.workDir(), this.settings.deleteWorkDirOnClose());
		}
		if (this.settings.registerShutdownHook() && Thread.currentThread() != this.shutdownHook) {
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException ex) {
				// The JVM is shutting down already
			}
		}
		if (!nodes.isEmpty()) {
			logger.info("Stopped MariaDB nodes in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		}
	}

	/**
	 * Return the nodes in start order.
	 * @return the nodes
	 * @throws IllegalStateException when the topology has not been started
	 */
	List<Node> nodes() {
		if (this.state == State.NEW) {
			throw new IllegalStateException("Not started");
		}
		return this.nodes;
	}

	boolean isStarted() {
		return this.state == State.STARTED;
	}

	void requireStarted() {
		if (this.state != State.STARTED) {
			throw new IllegalStateException(this.state == State.NEW ? "Not started" : "Closed");
		}
	}

	@Override
	public String toString() {
		List<Node> all = this.nodes;
		return all.stream().map(Node::toString).collect(Collectors.joining(", ", "ReplicatedMariaDb[", "]"));
	}

	private List<Node> createNodes() {
		if (this.settings.registerShutdownHook()) {
			Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		}
		Path serverHome = this.settings.serverHome();
		MariaDbInstallation installation = (serverHome != null)
				? MariaDbInstallation.prepareInstalled(serverHome, this.settings.baseDir())
				: MariaDbInstallation.prepare(this.settings.baseDir());
		WorkDirectory.claim(this.settings.workDir(), this.settings.deleteWorkDirOnClose());
		this.workDirClaimed = true;
		List<Node> created = new ArrayList<>();
		for (int i = 0; i <= this.settings.replicaCount(); i++) {
			String name = (i == 0) ? "primary" : "replica-" + i;
			String host = this.settings.loopbackAddressPerNode() ? "127.0.0." + (i + 2) : "127.0.0.1";
			NodeLayout layout = new NodeLayout(name, i + 1, i > 0, this.settings.workDir().resolve(name), host);
			created.add(new Node(layout, this.settings.accounts(), installation, this.settings.argumentsOf(name),
					this.settings.startTimeout()));
		}
		return List.copyOf(created);
	}

	/**
	 * Start the nodes on fresh data directories, point the replicas at the primary and
	 * create the application database.
	 */
	private void launch(List<Node> nodes) {
		for (Node node : nodes) {
			node.lifecycle().prepare();
		}
		launchAll(nodes);
		Node primary = nodes.get(0);
		for (Node replica : nodes.subList(1, nodes.size())) {
			replica.replication().replicateFrom(primary);
		}
		primary.executeAsRoot(
				"CREATE DATABASE IF NOT EXISTS `" + this.settings.accounts().database() + "` CHARACTER SET utf8mb4");
	}

	private void launchAll(List<Node> nodes) {
		if (!this.settings.loopbackAddressPerNode()) {
			int[] ports = FreePorts.pick(nodes.size());
			for (int i = 0; i < ports.length; i++) {
				nodes.get(i).lifecycle().launch(ports[i]);
			}
			for (Node node : nodes) {
				awaitReady(node, nodes);
			}
			return;
		}
		List<String> hosts = nodes.stream().map(Node::host).toList();
		for (int attempt = 1;; attempt++) {
			int port = FreePorts.pickShared(hosts);
			for (Node node : nodes) {
				node.lifecycle().launch(port);
			}
			try {
				for (Node node : nodes) {
					node.lifecycle().awaitReady();
				}
				return;
			}
			catch (MariaDbServer.PortInUseException ex) {
				if (attempt == PORT_ATTEMPTS) {
					throw ex;
				}
				// The nodes share the port, so all of them move to the next one
				logger.info("Port {} was taken meanwhile, retrying all nodes on another", port);
				for (Node node : nodes) {
					node.kill();
				}
			}
		}
	}

	private static void awaitReady(Node node, List<Node> nodes) {
		for (int attempt = 1;; attempt++) {
			try {
				node.lifecycle().awaitReady();
				return;
			}
			catch (MariaDbServer.PortInUseException ex) {
				if (attempt == PORT_ATTEMPTS) {
					throw ex;
				}
				int port = freePortOutside(nodes.stream().mapToInt(Node::port).toArray());
				logger.info("Port {} of {} was taken meanwhile, retrying on {}", node.port(), node.name(), port);
				node.lifecycle().launch(port);
			}
		}
	}

	private static int freePortOutside(int[] used) {
		while (true) {
			int port = FreePorts.pick(1)[0];
			if (Arrays.stream(used).noneMatch((each) -> each == port)) {
				return port;
			}
		}
	}

	/**
	 * Lifecycle of a topology.
	 */
	private enum State {

		NEW, STARTED, CLOSED

	}

}
