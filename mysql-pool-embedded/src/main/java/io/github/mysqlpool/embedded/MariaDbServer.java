package io.github.mysqlpool.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * One {@code mariadbd} process of a node: launch, readiness, signals.
 *
 * @author mysql-pool team
 */
final class MariaDbServer {

	private static final long POLL_MILLIS = 20;

	private final NodeLayout layout;

	private volatile @Nullable Process process;

	private volatile boolean paused;

	private volatile long errorLogOffset;

	MariaDbServer(NodeLayout layout) {
		this.layout = layout;
	}

	/**
	 * Start the process without waiting for it to accept connections.
	 * @param command the command line
	 */
	void launch(List<String> command) {
		try {
			Files.deleteIfExists(this.layout.pidFile());
			Files.createDirectories(this.layout.tmpDir());
			this.errorLogOffset = FileTree.size(this.layout.errorLog());
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.layout.outputLog().toFile()))
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
			this.paused = false;
		}
		catch (IOException ex) {
			throw new EmbeddedMariaDbException("Cannot start " + command.get(0) + " for " + this.layout.name(), ex);
		}
	}

	/**
	 * Wait until the probe succeeds, failing at once when the process exits.
	 * @param timeout how long to wait
	 * @param probe returns whether the server accepts connections
	 */
	void awaitReady(Duration timeout, BooleanSupplier probe) {
		Process current = requireProcess();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			if (!current.isAlive()) {
				String tail = errorLogTail();
				String message = this.layout.name() + " (mariadbd) exited with code " + current.exitValue()
						+ " during start-up. Last lines of " + this.layout.errorLog() + ":\n" + tail;
				throw (isPortInUse(tail) ? new PortInUseException(message) : new EmbeddedMariaDbException(message));
			}
			if (probe.getAsBoolean()) {
				return;
			}
			if (System.nanoTime() > deadline) {
				kill();
				throw new EmbeddedMariaDbException(this.layout.name() + " (mariadbd) did not accept connections within "
						+ timeout.toMillis() + " ms. Last lines of " + this.layout.errorLog() + ":\n" + errorLogTail());
			}
			sleep(POLL_MILLIS);
		}
	}

	boolean isRunning() {
		Process current = this.process;
		return current != null && current.isAlive();
	}

	boolean isPaused() {
		return this.paused && isRunning();
	}

	/**
	 * Return the pid from the server's pid file, or the launched process's own pid while
	 * the file is not yet written.
	 * @return the pid
	 */
	long pid() {
		requireRunning();
		Process current = requireProcess();
		try {
			if (Files.exists(this.layout.pidFile())) {
				return Long.parseLong(Files.readString(this.layout.pidFile()).trim());
			}
		}
		catch (IOException | NumberFormatException ex) {
			// Being written: the process's pid is the same
		}
		return current.pid();
	}

	void pause() {
		requireRunning();
		signal("STOP");
		awaitProcessState('T');
		this.paused = true;
	}

	void resume() {
		if (isRunning()) {
			signal("CONT");
		}
		this.paused = false;
	}

	void kill() {
		Process current = this.process;
		if (current != null && current.isAlive()) {
			current.destroyForcibly();
			waitFor(current, Duration.ofSeconds(10));
		}
		this.paused = false;
		try {
			Files.deleteIfExists(this.layout.pidFile());
		}
		catch (IOException ex) {
			// A stale pid file is overwritten by the next start
		}
	}

	/**
	 * Ask the server to shut down (SIGTERM), resuming it first if paused, and kill it if
	 * it does not exit in time.
	 * @param timeout how long to wait for a clean shutdown
	 */
	void stop(Duration timeout) {
		signalStop();
		awaitStopped(timeout);
	}

	/**
	 * Send SIGTERM, resuming a paused server first, without waiting.
	 */
	void signalStop() {
		Process current = this.process;
		if (current != null && current.isAlive()) {
			if (this.paused) {
				resume();
			}
			current.destroy();
		}
	}

	/**
	 * Wait for a stop requested by {@link #signalStop()}, killing the server after the
	 * timeout.
	 * @param timeout how long to wait
	 */
	void awaitStopped(Duration timeout) {
		Process current = this.process;
		if (current != null && !waitFor(current, timeout)) {
			kill();
		}
		this.paused = false;
	}

	String errorLogTail() {
		return FileTree.tail(this.layout.errorLog(), this.errorLogOffset, 25);
	}

	private static boolean isPortInUse(String log) {
		return log.contains("Address already in use") || log.contains("Bind on TCP/IP port");
	}

	private Process requireProcess() {
		Process current = this.process;
		if (current == null) {
			throw new IllegalStateException(this.layout.name() + " has not been started");
		}
		return current;
	}

	private void requireRunning() {
		if (!isRunning()) {
			throw new IllegalStateException(this.layout.name() + " is not running");
		}
	}

	private void signal(String signal) {
		long pid = requireProcess().pid();
		try {
			// Java has no API for SIGSTOP and SIGCONT; the shell's kill is there even
			// without procps
			Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -" + signal + " " + pid).redirectErrorStream(true)
				.start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				String output = new String(kill.getInputStream().readAllBytes()).trim();
				throw new EmbeddedMariaDbException("kill -" + signal + " " + pid + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new EmbeddedMariaDbException("Cannot run kill -" + signal + " " + pid, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EmbeddedMariaDbException("Interrupted while sending SIG" + signal + " to " + pid, ex);
		}
	}

	/**
	 * Wait until the kernel reports the given state, so that a caller's next query really
	 * meets a stopped server.
	 * @param state the state letter of {@code /proc/<pid>/stat}
	 */
	private void awaitProcessState(char state) {
		Path stat = Path.of("/proc", Long.toString(requireProcess().pid()), "stat");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		while (Files.exists(stat) && System.nanoTime() < deadline) {
			try {
				String line = Files.readString(stat);
				int end = line.lastIndexOf(')');
				if (end > 0 && end + 2 < line.length() && line.charAt(end + 2) == state) {
					return;
				}
			}
			catch (IOException ex) {
				return;
			}
			sleep(5);
		}
	}

	private static boolean waitFor(Process process, Duration timeout) {
		try {
			return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EmbeddedMariaDbException("Interrupted", ex);
		}
	}

	/**
	 * Thrown when a server exits at start-up because its port was taken in the meantime.
	 */
	static final class PortInUseException extends EmbeddedMariaDbException {

		private static final long serialVersionUID = 1L;

		PortInUseException(String message) {
			super(message);
		}

	}

}
