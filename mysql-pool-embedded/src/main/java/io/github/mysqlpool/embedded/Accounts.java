package io.github.mysqlpool.embedded;

import java.util.regex.Pattern;

/**
 * Database and accounts of a topology, and the {@code --init-file} script that creates
 * the accounts on every node at every start, before the server accepts connections.
 *
 * @param database the application database
 * @param username the application user
 * @param password the application user's password
 * @param rootPassword the password of {@code root@127.0.0.1}
 * @author mysql-pool team
 */
record Accounts(String database, String username, String password, String rootPassword) {

	static final String REPLICATION_USER = "repl";

	static final String REPLICATION_PASSWORD = "repl-pass";

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

	Accounts {
		requireName("database", database);
		requireName("username", username);
		requireName("username", username + "_nomonitor");
	}

	String noMonitorUsername() {
		return this.username + "_nomonitor";
	}

	/**
	 * Return the script for {@code --init-file}. It is kept out of the binlog: each node
	 * creates its own accounts, so the replicas never replay them.
	 * @return the SQL script
	 */
	String initScript() {
		String db = "`" + this.database + "`";
		String app = "'" + this.username + "'@'%'";
		String noMonitor = "'" + noMonitorUsername() + "'@'%'";
		String repl = "'" + REPLICATION_USER + "'@'127.0.0.1'";
		StringBuilder sql = new StringBuilder();
		sql.append("SET sql_log_bin=0;\n");
		// mariadb-install-db creates anonymous and host-named accounts that only add
		// warnings here
		sql.append("DELETE FROM mysql.global_priv WHERE User='' OR Host NOT IN ('localhost','127.0.0.1','::1','%');\n");
		sql.append("DELETE FROM mysql.proxies_priv WHERE Host NOT IN ('localhost','127.0.0.1','::1','%');\n");
		sql.append("FLUSH PRIVILEGES;\n");
		sql.append("CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';\n");
		sql.append("ALTER USER 'root'@'127.0.0.1' ").append(identifiedBy(this.rootPassword)).append(";\n");
		sql.append("GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;\n");
		sql.append("CREATE OR REPLACE USER ").append(repl).append(' ').append(identifiedBy(REPLICATION_PASSWORD));
		sql.append(";\n");
		sql.append("GRANT REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR ON *.* TO ").append(repl).append(";\n");
		sql.append("CREATE OR REPLACE USER ").append(app).append(' ').append(identifiedBy(this.password)).append(";\n");
		sql.append("GRANT ALL PRIVILEGES ON ").append(db).append(".* TO ").append(app).append(";\n");
		sql.append("GRANT SLAVE MONITOR, BINLOG MONITOR, PROCESS ON *.* TO ").append(app).append(";\n");
		sql.append("CREATE OR REPLACE USER ").append(noMonitor).append(' ').append(identifiedBy(this.password));
		sql.append(";\n");
		sql.append("GRANT ALL PRIVILEGES ON ").append(db).append(".* TO ").append(noMonitor).append(";\n");
		sql.append("SET sql_log_bin=1;\n");
		return sql.toString();
	}

	/**
	 * Return the clause that sets a password. Connector/J cannot log in with MariaDB's
	 * {@code ed25519} or {@code parsec}, so the plugin is named.
	 * @param password the password
	 * @return the clause
	 */
	private static String identifiedBy(String password) {
		return "IDENTIFIED VIA mysql_native_password USING PASSWORD(" + quote(password) + ")";
	}

	static String quote(String value) {
		return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
	}

	private static void requireName(String what, String value) {
		if (!NAME.matcher(value).matches()) {
			throw new IllegalArgumentException(
					what + " must be 1 to 64 letters, digits or underscores, but was '" + value + "'");
		}
	}

}
