package io.github.mysqlpool.embedded;

import java.nio.file.Path;

/**
 * Identity, address and files of one node: everything lives in the node's own directory,
 * so two nodes never share a tmp dir, pid file or socket.
 *
 * @param name the node name, such as {@code primary} or {@code replica-1}
 * @param serverId the server id
 * @param replica whether the node starts as a replica
 * @param dir the node's directory
 * @param host the loopback address the server listens on
 * @author mysql-pool team
 */
record NodeLayout(String name, int serverId, boolean replica, Path dir, String host) {

	/**
	 * Longest unix socket path the kernel accepts, less a margin.
	 */
	private static final int MAX_SOCKET_PATH = 100;

	private static final String URL_SCHEME = urlScheme();

	/**
	 * Return the JDBC URL of a database on this node, for MySQL Connector/J unless the
	 * system property {@value Node#URL_SCHEME_PROPERTY} is {@code mariadb}.
	 * @param port the node's current port
	 * @param database the database
	 * @return the URL
	 */
	String jdbcUrl(int port, String database) {
		return "jdbc:" + URL_SCHEME + "://" + this.host + ":" + port + "/" + database;
	}

	Path dataDir() {
		return this.dir.resolve("data");
	}

	Path tmpDir() {
		return this.dir.resolve("tmp");
	}

	Path pidFile() {
		return this.dir.resolve("mariadbd.pid");
	}

	Path errorLog() {
		return this.dir.resolve("mariadbd.err");
	}

	Path outputLog() {
		return this.dir.resolve("mariadbd.out");
	}

	Path initFile() {
		return this.dir.resolve("init.sql");
	}

	Path socket() {
		Path socket = this.dir.resolve("mariadbd.sock");
		if (socket.toString().length() <= MAX_SOCKET_PATH) {
			return socket;
		}
		String id = Integer.toHexString(this.dir.toString().hashCode());
		return Path.of(System.getProperty("java.io.tmpdir"), "mysql-pool-" + id + ".sock");
	}

	private static String urlScheme() {
		String scheme = System.getProperty(Node.URL_SCHEME_PROPERTY, "mysql").trim();
		if (!scheme.equals("mysql") && !scheme.equals("mariadb")) {
			throw new IllegalArgumentException(
					"System property " + Node.URL_SCHEME_PROPERTY + " must be mysql or mariadb, not '" + scheme + "'");
		}
		return scheme;
	}

}
