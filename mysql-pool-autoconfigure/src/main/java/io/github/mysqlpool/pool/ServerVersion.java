package io.github.mysqlpool.pool;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Product and version of a MySQL-compatible server, read from {@code SELECT VERSION()}
 * rather than from the driver's metadata: MySQL Connector/J reports every MariaDB server
 * as "MySQL", and older MariaDB versions as 5.5.5.
 *
 * @param mariaDb whether the server is MariaDB rather than MySQL
 * @param major major version
 * @param minor minor version
 * @param version the full version string, for example {@code 11.4.5-MariaDB-log}
 * @author mysql-pool team
 * @since 0.1.0
 */
public record ServerVersion(boolean mariaDb, int major, int minor, String version) {

	private static final Pattern NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)");

	/**
	 * Parse the result of {@code SELECT VERSION()}.
	 * @param version the server's version string
	 * @return the parsed version
	 */
	public static ServerVersion parse(String version) {
		// MariaDB replication handshakes prefix a fake "5.5.5-"; VERSION() itself does
		// not
		String real = version.startsWith("5.5.5-") ? version.substring("5.5.5-".length()) : version;
		Matcher matcher = NUMBERS.matcher(real);
		if (!matcher.find()) {
			throw new IllegalArgumentException("Not a MySQL or MariaDB version: " + version);
		}
		boolean mariaDb = real.toLowerCase(Locale.ROOT).contains("mariadb");
		return new ServerVersion(mariaDb, Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), real);
	}

	/**
	 * Product name as Hibernate names it.
	 * @return {@code MariaDB} or {@code MySQL}
	 */
	public String productName() {
		return this.mariaDb ? "MariaDB" : "MySQL";
	}

}
