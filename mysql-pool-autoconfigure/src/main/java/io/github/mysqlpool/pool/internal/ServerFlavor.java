package io.github.mysqlpool.pool.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Product and version of a server, from {@code SELECT VERSION()} and
 * {@code @@version_comment}, and the statements and privileges that differ between them.
 * The one place that tells MariaDB from MySQL.
 *
 * @param mariaDb whether the server is MariaDB rather than MySQL
 * @param major major version
 * @param minor minor version
 * @param patch patch version
 * @param version the version string as the server reports it
 * @param comment the server's {@code @@version_comment}, empty when not read
 * @author mysql-pool team
 * @since 0.1.0
 */
public record ServerFlavor(boolean mariaDb, int major, int minor, int patch, String version, String comment) {

	private static final Pattern NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

	/**
	 * Create a flavor whose version comment was not read.
	 * @param mariaDb whether the server is MariaDB rather than MySQL
	 * @param major major version
	 * @param minor minor version
	 * @param patch patch version
	 * @param version the version string as the server reports it
	 */
	public ServerFlavor(boolean mariaDb, int major, int minor, int patch, String version) {
		this(mariaDb, major, minor, patch, version, "");
	}

	/**
	 * Parse a version string such as {@code 8.4.2}, {@code 11.4.5-MariaDB-log} or
	 * {@code 5.5.5-10.11.6-MariaDB} (the prefix older MariaDB servers send).
	 * @param version the result of {@code SELECT VERSION()}
	 * @return the flavor
	 */
	public static ServerFlavor parse(String version) {
		return parse(version, null);
	}

	/**
	 * Parse a version string and version comment, as {@code SELECT VERSION(),
	 * @@version_comment} answers them.
	 * @param version the result of {@code SELECT VERSION()}
	 * @param comment the server's {@code @@version_comment}, or {@code null}
	 * @return the flavor
	 */
	public static ServerFlavor parse(String version, @Nullable String comment) {
		String note = (comment != null) ? comment : "";
		boolean mariaDb = (version + " " + note).toLowerCase(Locale.ROOT).contains("mariadb");
		String numbers = (mariaDb && version.startsWith("5.5.5-")) ? version.substring(6) : version;
		Matcher matcher = NUMBERS.matcher(numbers);
		if (!matcher.find()) {
			return new ServerFlavor(mariaDb, 0, 0, 0, version, note);
		}
		int patch = (matcher.group(3) != null) ? Integer.parseInt(matcher.group(3)) : 0;
		return new ServerFlavor(mariaDb, Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), patch,
				version, note);
	}

	/**
	 * Whether the server is at least the given version.
	 * @param major major version
	 * @param minor minor version
	 * @param patch patch version
	 * @return {@code true} when this version is the same or newer
	 */
	public boolean isAtLeast(int major, int minor, int patch) {
		if (this.major != major) {
			return this.major > major;
		}
		if (this.minor != minor) {
			return this.minor > minor;
		}
		return this.patch >= patch;
	}

	/**
	 * The statement that reads the replication status: {@code SHOW REPLICA STATUS} on
	 * MySQL 8.0.22+ and MariaDB 10.5.1+, {@code SHOW SLAVE STATUS} before.
	 * @return the statement
	 */
	public String replicaStatusStatement() {
		boolean replicaKeyword = this.mariaDb ? isAtLeast(10, 5, 1) : isAtLeast(8, 0, 22);
		return replicaKeyword ? "SHOW REPLICA STATUS" : "SHOW SLAVE STATUS";
	}

	/**
	 * The privilege that reading the replication status needs: {@code SLAVE MONITOR} on
	 * MariaDB 10.5.9+, {@code REPLICATION CLIENT} elsewhere.
	 * @return the privilege
	 */
	public String monitorPrivilege() {
		return (this.mariaDb && isAtLeast(10, 5, 9)) ? "SLAVE MONITOR" : "REPLICATION CLIENT";
	}

	/**
	 * Product name as Hibernate and JDBC metadata name it.
	 * @return {@code MariaDB} or {@code MySQL}
	 */
	public String productName() {
		return this.mariaDb ? "MariaDB" : "MySQL";
	}

	/**
	 * The server's distribution, as the endpoint shows it.
	 * @return {@code MariaDB}, {@code Percona Server} or {@code MySQL}
	 */
	public String distribution() {
		if (this.mariaDb) {
			return "MariaDB";
		}
		return (this.version + " " + this.comment).contains("Percona") ? "Percona Server" : "MySQL";
	}

	/**
	 * A readable name, such as {@code MariaDB 11.4.5}.
	 * @return the name
	 */
	public String displayName() {
		return (this.mariaDb ? "MariaDB " : "MySQL ") + this.major + "." + this.minor + "." + this.patch;
	}

}
