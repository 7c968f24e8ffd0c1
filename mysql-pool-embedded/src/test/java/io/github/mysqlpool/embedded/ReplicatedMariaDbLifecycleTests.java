package io.github.mysqlpool.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for starting and closing a {@link ReplicatedMariaDb} of its own, outside the
 * shared topology.
 *
 * @author mysql-pool team
 */
class ReplicatedMariaDbLifecycleTests {

	@Test
	void serverThatCannotStartFailsFastWithItsErrorLog() {
		ReplicatedMariaDb db = ReplicatedMariaDb.builder().replicas(0).serverArguments("--no-such-option=1").build();
		long start = System.nanoTime();
		assertThatExceptionOfType(EmbeddedMariaDbException.class).isThrownBy(db::start)
			.withMessageContaining("primary (mariadbd) exited with code")
			.withMessageContaining("no-such-option");
		// Fails when the server exits, not when the start timeout (20 s by default) ends
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
		assertThat(db.isStarted()).isFalse();
		assertThat(db.workDir()).doesNotExist();
	}

	@Test
	void serverArgumentsApplyToEveryNodeOrToOne() {
		try (ReplicatedMariaDb db = ReplicatedMariaDb.builder()
			.replicas(1)
			.database("shop")
			.username("shopper")
			.password("it's-secret")
			.serverArguments("--wait-timeout=123")
			.serverArgumentsFor("replica-1", "--max-connections=42")
			.build()
			.start()) {
			assertThat(db.workDir()).startsWith(Path.of(System.getProperty("user.dir"), "target", "embedded-mariadb"));
			assertThat(db.primary().queryForLong("SELECT @@wait_timeout")).isEqualTo(123);
			assertThat(db.replica(0).queryForLong("SELECT @@wait_timeout")).isEqualTo(123);
			assertThat(db.primary().queryForLong("SELECT @@max_connections")).isNotEqualTo(42);
			assertThat(db.replica(0).queryForLong("SELECT @@max_connections")).isEqualTo(42);
			assertThat(db.primary().jdbcUrl()).endsWith("/shop");
			assertThat(db.replica(0)
				.queryForString("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA" + " WHERE SCHEMA_NAME = 'shop'"))
				.isEqualTo("shop");
			assertThat(db.replica(0).queryForString("SELECT plugin FROM mysql.user WHERE user = 'shopper'"))
				.isEqualTo("mysql_native_password");
		}
	}

	@Test
	void closeResumesPausedServersStopsThemAndDeletesTheDefaultWorkDir() {
		ReplicatedMariaDb db = ReplicatedMariaDb.builder().replicas(1).build().start();
		ProcessHandle primary = ProcessHandle.of(db.primary().pid()).orElseThrow();
		ProcessHandle replica = ProcessHandle.of(db.replica(0).pid()).orElseThrow();
		db.replica(0).pause();
		db.close();
		db.close();
		assertThat(primary.isAlive()).isFalse();
		assertThat(replica.isAlive()).isFalse();
		assertThat(db.workDir()).doesNotExist();
	}

	@Test
	void serversLeftByAKilledJvmAreKilledBeforeTheWorkDirIsReused(@TempDir Path workDir) throws Exception {
		Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), StaleTopologyMain.class.getName(), workDir.toString())
			.redirectErrorStream(true)
			.redirectOutput(workDir.resolve("jvm.log").toFile())
			.start();
		Path pidFile = workDir.resolve("primary").resolve("mariadbd.pid");
		Path ready = workDir.resolve("ready");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!Files.exists(ready) && jvm.isAlive() && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(ready).exists();
		long stalePid = Long.parseLong(Files.readString(pidFile).trim());
		jvm.destroyForcibly().waitFor();
		ProcessHandle stale = ProcessHandle.of(stalePid).orElseThrow();
		assertThat(stale.isAlive()).isTrue();
		try (ReplicatedMariaDb db = ReplicatedMariaDb.builder().replicas(0).workDir(workDir).build().start()) {
			assertThat(isDead(stale)).isTrue();
			assertThat(db.primary().pid()).isNotEqualTo(stalePid);
			assertThat(db.primary().queryForLong("SELECT 1")).isEqualTo(1);
		}
		assertThat(workDir.resolve("primary").resolve("data")).isDirectory();
	}

	@Test
	void workDirOfARunningTopologyCannotBeShared(@TempDir Path workDir) throws IOException {
		try (ReplicatedMariaDb db = ReplicatedMariaDb.builder().replicas(0).workDir(workDir).build().start()) {
			ReplicatedMariaDb other = ReplicatedMariaDb.builder().replicas(0).workDir(workDir).build();
			assertThatExceptionOfType(EmbeddedMariaDbException.class).isThrownBy(other::start)
				.withMessageContaining("in use");
			assertThat(db.primary().queryForLong("SELECT 1")).isEqualTo(1);
		}
	}

	/**
	 * Return whether a process has exited; an orphan may stay a zombie until its new
	 * parent reaps it.
	 */
	private static boolean isDead(ProcessHandle process) throws IOException {
		Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
		if (!process.isAlive() || !Files.exists(stat)) {
			return true;
		}
		String line = Files.readString(stat);
		return line.charAt(line.lastIndexOf(')') + 2) == 'Z';
	}

}
