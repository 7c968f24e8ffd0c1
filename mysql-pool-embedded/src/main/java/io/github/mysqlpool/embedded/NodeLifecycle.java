package io.github.mysqlpool.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the server of one node: a fresh data directory, a launch on the node's port
 * (read-only unless the node is the primary), the wait until root can connect, and the
 * faults (pause, resume, kill, stop). Changes of the process's state are serialized so
 * that a fault never meets a half-done start.
 *
 * @author mysql-pool team
 */
final class NodeLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(NodeLifecycle.class);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final NodeLayout layout;

	private final Accounts accounts;

	private final MariaDbInstallation installation;

	private final List<String> extraArguments;

	private final Duration startTimeout;

	private final BooleanSupplier readOnly;

	private final RootJdbc jdbc;

	private final MariaDbServer server;

	private volatile int port;

	private volatile long launchedAt;

	/**
	 * Create the lifecycle of a node's server.
	 * @param layout the node's identity and files
	 * @param accounts the accounts its init script creates
	 * @param installation the binaries and the data directory template
	 * @param extraArguments arguments appended to the server's command line
	 * @param startTimeout how long the server may take to accept connections
	 * @param readOnly whether the server starts read-only, asked at each launch
	 * @param jdbc the node's root connections
	 */
	NodeLifecycle(NodeLayout layout, Accounts accounts, MariaDbInstallation installation, List<String> extraArguments,
			Duration startTimeout, BooleanSupplier readOnly, RootJdbc jdbc) {
		this.layout = layout;
		this.accounts = accounts;
		this.installation = installation;
		this.extraArguments = List.copyOf(extraArguments);
		this.startTimeout = startTimeout;
		this.readOnly = readOnly;
		this.jdbc = jdbc;
		this.server = new MariaDbServer(layout);
	}

	int port() {
		return this.port;
	}

	long pid() {
		return this.server.pid();
	}

	boolean isRunning() {
		return this.server.isRunning();
	}

	boolean isPaused() {
		return this.server.isPaused();
	}

	/**
	 * Create the node's directory with a fresh data directory and its init script.
	 */
	void prepare() {
		FileTree.delete(this.layout.dir());
		try {
			Files.createDirectories(this.layout.tmpDir());
			this.installation.copyTemplateTo(this.layout.dataDir());
			Files.writeString(this.layout.initFile(), this.accounts.initScript());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare " + this.layout.dir(), ex);
		}
	}

	/**
	 * Start the server on a port without waiting for it to accept connections.
	 * @param port the TCP port, kept for later starts
	 */
	synchronized void launch(int port) {
		this.port = port;
		this.launchedAt = System.nanoTime();
		this.server.launch(ServerCommand.build(this.installation, this.layout, port, this.readOnly.getAsBoolean(),
				this.extraArguments));
	}

	/**
	 * Wait until root can connect to the launched server.
	 * @throws MariaDbServer.PortInUseException when the server exited because its port
	 * was taken meanwhile
	 */
	void awaitReady() {
		this.server.awaitReady(this.startTimeout, () -> this.jdbc.ping(this.layout.host(), this.port));
		logger.info("Started {} on {}:{} (pid {}) in {} ms", this.layout.name(), this.layout.host(), this.port, pid(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.launchedAt));
	}

	/**
	 * Start the server again on the same data directory and port unless it is running.
	 */
	synchronized void start() {
		if (isRunning()) {
			return;
		}
		launch(this.port);
		awaitReady();
	}

	/**
	 * Stop the server and start it again on the same port with a fresh data directory.
	 */
	synchronized void restartEmpty() {
		this.server.stop(STOP_TIMEOUT);
		prepare();
		launch(this.port);
		awaitReady();
	}

	synchronized void pause() {
		this.server.pause();
		logger.info("Paused {} (pid {})", this.layout.name(), pid());
	}

	synchronized void resume() {
		this.server.resume();
		logger.info("Resumed {}", this.layout.name());
	}

	synchronized void kill() {
		long pid = isRunning() ? pid() : -1;
		this.server.kill();
		logger.info("Killed {} (pid {})", this.layout.name(), pid);
	}

	synchronized void stop() {
		this.server.stop(STOP_TIMEOUT);
		logger.info("Stopped {}", this.layout.name());
	}

	/**
	 * Abort root connections in flight and ask the server to stop, without waiting.
	 */
	void close() {
		this.jdbc.abortAll();
		this.server.signalStop();
	}

	/**
	 * Wait for the stop {@link #close()} asked for, killing the server after a timeout.
	 */
	void awaitClosed() {
		this.server.awaitStopped(STOP_TIMEOUT);
	}

}
