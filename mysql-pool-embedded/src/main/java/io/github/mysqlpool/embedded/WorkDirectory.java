package io.github.mysqlpool.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A work directory owned by one JVM, marked with an owner file. Before a run claims its
 * directory, servers left running by a JVM that died without closing (SIGKILL), in that
 * directory or in a sibling run directory, are killed through their pid files, and
 * sibling run directories that were meant to be deleted are deleted.
 *
 * @author mysql-pool team
 */
final class WorkDirectory {

	private static final Logger logger = LoggerFactory.getLogger(WorkDirectory.class);

	private static final String OWNER_FILE = ".mysql-pool-owner";

	private static final String PID_FILE = "mariadbd.pid";

	private static final Set<Path> claimed = ConcurrentHashMap.newKeySet();

	private WorkDirectory() {
	}

	/**
	 * Clean up after dead owners and mark the directory as owned by this JVM.
	 * @param workDir the work directory
	 * @param deleteOnRelease whether {@link #release} deletes the directory
	 */
	static void claim(Path workDir, boolean deleteOnRelease) {
		if (!claimed.add(workDir)) {
			throw new EmbeddedMariaDbException(workDir + " is in use by another topology in this JVM");
		}
		try {
			cleanUp(workDir);
			Files.createDirectories(workDir);
			ProcessHandle self = ProcessHandle.current();
			Files.writeString(workDir.resolve(OWNER_FILE),
					self.pid() + " " + startMillis(self) + " " + deleteOnRelease + "\n");
		}
		catch (IOException ex) {
			claimed.remove(workDir);
			throw new UncheckedIOException("Cannot claim " + workDir, ex);
		}
		catch (RuntimeException ex) {
			claimed.remove(workDir);
			throw ex;
		}
	}

	private static void cleanUp(Path workDir) {
		Path parent = workDir.getParent();
		if (parent != null && Files.isDirectory(parent)) {
			for (Path sibling : list(parent)) {
				if (!sibling.equals(workDir) && Files.isRegularFile(sibling.resolve(OWNER_FILE))) {
					cleanIfOrphaned(sibling, true);
				}
			}
		}
		if (Files.isDirectory(workDir)) {
			cleanIfOrphaned(workDir, false);
		}
	}

	/**
	 * Give the directory up, deleting it if asked.
	 * @param workDir the work directory
	 * @param delete whether to delete it
	 */
	static void release(Path workDir, boolean delete) {
		claimed.remove(workDir);
		try {
			if (delete) {
				FileTree.delete(workDir);
			}
			else {
				Files.deleteIfExists(workDir.resolve(OWNER_FILE));
			}
		}
		catch (IOException | UncheckedIOException ex) {
			logger.warn("Cannot release {}: {}", workDir, ex.toString());
		}
	}

	private static void cleanIfOrphaned(Path dir, boolean mayDelete) {
		Owner owner = Owner.read(dir.resolve(OWNER_FILE));
		if (owner != null && owner.isAlive()) {
			if (!mayDelete && owner.pid() != ProcessHandle.current().pid()) {
				throw new EmbeddedMariaDbException(dir + " is in use by the running process " + owner.pid());
			}
			return;
		}
		for (Path node : list(dir)) {
			killStaleServer(node);
		}
		if (mayDelete && owner != null && owner.deleteOnRelease()) {
			logger.info("Deleting {} left by process {}", dir, owner.pid());
			FileTree.delete(dir);
		}
	}

	private static void killStaleServer(Path nodeDir) {
		Path pidFile = nodeDir.resolve(PID_FILE);
		if (!Files.isRegularFile(pidFile)) {
			return;
		}
		try {
			long pid = Long.parseLong(Files.readString(pidFile).trim());
			Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter((process) -> isServerOf(process, nodeDir));
			if (handle.isPresent()) {
				logger.info("Killing stale mariadbd (pid {}) of {}", pid, nodeDir);
				handle.get().destroyForcibly();
				awaitExit(handle.get());
			}
			Files.deleteIfExists(pidFile);
		}
		catch (Exception ex) {
			logger.warn("Cannot clean up the server of {}: {}", nodeDir, ex.toString());
		}
	}

	/**
	 * Wait for a process that is not our child to die. A zombie counts as dead: it holds
	 * no port or file any more, and the orphan's new parent may take seconds to reap it.
	 */
	private static void awaitExit(ProcessHandle process) throws InterruptedException {
		Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (process.isAlive() && !isZombie(stat) && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
	}

	private static boolean isZombie(Path stat) {
		try {
			String line = Files.readString(stat);
			int end = line.lastIndexOf(')');
			return end > 0 && end + 2 < line.length() && line.charAt(end + 2) == 'Z';
		}
		catch (IOException ex) {
			return true;
		}
	}

	/**
	 * Return whether a process is the {@code mariadbd} of a node directory, so that a
	 * recycled pid is left alone.
	 */
	private static boolean isServerOf(ProcessHandle process, Path nodeDir) {
		String commandLine = readCommandLine(process.pid());
		return commandLine.contains("mariadbd") && commandLine.contains(nodeDir.resolve("data").toString());
	}

	private static String readCommandLine(long pid) {
		try {
			return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static long startMillis(ProcessHandle process) {
		return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
	}

	private static List<Path> list(Path dir) {
		try (Stream<Path> children = Files.list(dir)) {
			List<Path> directories = new ArrayList<>();
			children.filter(Files::isDirectory).forEach(directories::add);
			return directories;
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	/**
	 * The JVM that owns a work directory, identified by pid and start time so that a
	 * recycled pid does not count.
	 *
	 * @param pid the process id
	 * @param startMillis the process start time
	 * @param deleteOnRelease whether the directory is deleted when released
	 */
	private record Owner(long pid, long startMillis, boolean deleteOnRelease) {

		static @Nullable Owner read(Path file) {
			try {
				if (!Files.isRegularFile(file)) {
					return null;
				}
				String[] fields = Files.readString(file).trim().split(" ");
				return new Owner(Long.parseLong(fields[0]), Long.parseLong(fields[1]),
						fields.length > 2 && Boolean.parseBoolean(fields[2]));
			}
			catch (IOException | RuntimeException ex) {
				return null;
			}
		}

		boolean isAlive() {
			return ProcessHandle.of(this.pid)
				.filter(ProcessHandle::isAlive)
				.filter((process) -> Math.abs(WorkDirectory.startMillis(process) - this.startMillis) < 2000)
				.isPresent();
		}

	}

}
