package io.github.mysqlpool.embedded;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code mariadbd} command line of a node.
 *
 * @author mysql-pool team
 */
final class ServerCommand {

	private ServerCommand() {
	}

	static boolean runningAsRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	/**
	 * Return the arguments that shape the data files, shared by
	 * {@code mariadb-install-db} and the server so that the template fits every node.
	 * @return the arguments
	 */
	static List<String> storageArguments() {
		return List.of("--innodb-buffer-pool-size=16M", "--innodb-log-file-size=16M", "--performance-schema=OFF");
	}

	/**
	 * Build the command that starts a node.
	 * @param installation the binaries
	 * @param layout the node
	 * @param port the TCP port on the node's host
	 * @param readOnly whether the server starts read-only, as every node but the primary
	 * does
	 * @param extraArguments arguments appended last, so they win
	 * @return the command
	 */
	static List<String> build(MariaDbInstallation installation, NodeLayout layout, int port, boolean readOnly,
			List<String> extraArguments) {
		List<String> command = new ArrayList<>();
		command.add(installation.serverBinary().toString());
		command.add("--no-defaults");
		command.add("--basedir=" + installation.baseDir());
		command.add("--lc-messages-dir=" + installation.messagesDir());
		command.add("--datadir=" + layout.dataDir());
		command.add("--tmpdir=" + layout.tmpDir());
		command.add("--socket=" + layout.socket());
		command.add("--pid-file=" + layout.pidFile());
		command.add("--log-error=" + layout.errorLog());
		command.add("--init-file=" + layout.initFile());
		command.add("--port=" + port);
		command.add("--bind-address=" + layout.host());
		if (runningAsRoot()) {
			command.add("--user=root");
		}
		// The server's default generates a TLS certificate at every start, which takes
		// 4-14 s
		command.add("--skip-ssl");
		command.add("--skip-name-resolve");
		command.add("--character-set-server=utf8mb4");
		command.add("--server-id=" + layout.serverId());
		command.add("--log-bin=mysql-bin");
		command.add("--relay-log=relay-bin");
		command.add("--binlog-format=ROW");
		command.add("--log-slave-updates=ON");
		command.add("--gtid-strict-mode=ON");
		command.add("--slave-net-timeout=5");
		command.add("--read-only=" + (readOnly ? "ON" : "OFF"));
		command.addAll(storageArguments());
		command.add("--innodb-log-buffer-size=2M");
		// Commits survive a killed process without an fsync each, as the OS still holds
		// the writes
		command.add("--innodb-flush-log-at-trx-commit=2");
		command.add("--aria-pagecache-buffer-size=8M");
		command.add("--key-buffer-size=8M");
		command.add("--table-open-cache=200");
		command.add("--table-definition-cache=400");
		command.addAll(extraArguments);
		return command;
	}

}
