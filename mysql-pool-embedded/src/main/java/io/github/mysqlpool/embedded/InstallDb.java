package io.github.mysqlpool.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code mariadb-install-db} to create the data directory template that every node's
 * data directory is copied from.
 *
 * @author mysql-pool team
 */
final class InstallDb {

	private static final Logger logger = LoggerFactory.getLogger(InstallDb.class);

	private InstallDb() {
	}

	/**
	 * Create the template, replacing an unfinished one.
	 * @param installDb the {@code mariadb-install-db} script
	 * @param baseDir the installation's base directory
	 * @param cacheDir the directory to work in, which keeps the script's log
	 * @param template the directory to create
	 * @throws IOException when a file cannot be written
	 * @throws EmbeddedMariaDbException when the script fails
	 */
	static void createTemplate(Path installDb, Path baseDir, Path cacheDir, Path template) throws IOException {
		long start = System.nanoTime();
		Path work = cacheDir.resolve("data-template.tmp");
		FileTree.delete(work);
		FileTree.delete(template);
		Files.createDirectories(work.resolve("tmp"));
		Path log = cacheDir.resolve("install-db.log");
		List<String> command = new ArrayList<>();
		command.add(installDb.toString());
		command.add("--no-defaults");
		command.add("--basedir=" + baseDir);
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
		Files.move(work.resolve("data"), template);
		FileTree.delete(work);
		logger.info("Created data directory template {} in {} ms", template,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
	}

}
