package io.github.mysqlpool.embedded;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts a topology in a work directory, signals it is ready and waits to be killed,
 * leaving its server behind.
 *
 * @author mysql-pool team
 */
final class StaleTopologyMain {

	private StaleTopologyMain() {
	}

	public static void main(String[] args) throws Exception {
		Path workDir = Path.of(args[0]);
		ReplicatedMariaDb.builder().replicas(0).workDir(workDir).build().start();
		Files.writeString(workDir.resolve("ready"), "ready");
		Thread.sleep(60_000);
	}

}
