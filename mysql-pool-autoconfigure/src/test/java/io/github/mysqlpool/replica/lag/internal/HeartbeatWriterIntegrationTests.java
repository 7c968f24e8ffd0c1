package io.github.mysqlpool.replica.lag.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several instances of one service (application contexts) against one real primary: one
 * of them writes the heartbeat, whatever their number, and another takes over when it
 * stops or its connection is killed. Heartbeat writes are counted in the primary's binary
 * log (row events of the heartbeat table).
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class HeartbeatWriterIntegrationTests {

	private static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(100);

	private static final Duration WINDOW = Duration.ofSeconds(3);

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private static final String TABLE = "hb_writers";

	private static ReplicatedMariaDb db;

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@BeforeAll
	static void createTable(ReplicatedMariaDb topology) {
		db = topology;
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database() + "." + TABLE
					+ " (id INT UNSIGNED NOT NULL PRIMARY KEY, ts TIMESTAMP(6) NOT NULL)");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(30));
	}

	@AfterEach
	void stopInstances() {
		for (ConfigurableApplicationContext instance : this.instances) {
			instance.close();
		}
		db.heal();
	}

	@Test
	void heartbeatWritesPerSecondAreTheSameForOneAndEightInstances() throws Exception {
		start(1);
		awaitFreshHeartbeat();
		double one = heartbeatWritesPerSecond();
		stopInstances();
		this.instances.clear();
		start(8);
		awaitFreshHeartbeat();
		double eight = heartbeatWritesPerSecond();
		System.out.printf("[heartbeat] writes per second on the primary, interval %d ms: 1 instance %.1f/s, "
				+ "8 instances %.1f/s%n", HEARTBEAT_INTERVAL.toMillis(), one, eight);
		assertThat(one).isPositive();
		// One writer at most writes once per interval, however slow the machine
		assertThat(eight).isLessThanOrEqualTo(1.5 * 1000.0 / HEARTBEAT_INTERVAL.toMillis());
	}

	@Test
	void anotherInstanceTakesOverWhenTheWriterStops() {
		ConfigurableApplicationContext first = start(1).get(0);
		await("first instance writes the heartbeat", () -> monitor(first).isHeartbeatWriter());
		ConfigurableApplicationContext second = start(1).get(0);
		assertThat(monitor(second).isHeartbeatWriter()).as("second instance only reads").isFalse();
		long stopped = System.nanoTime();
		first.close();
		await("second instance takes over", () -> monitor(second).isHeartbeatWriter());
		System.out.printf("[heartbeat] writer stopped; another instance writes %d ms later%n",
				(System.nanoTime() - stopped) / 1_000_000);
		awaitLagBelowOneSecond(second, System.currentTimeMillis());
	}

	@Test
	void anotherInstanceTakesOverWhenTheWritersConnectionIsKilled() {
		List<ConfigurableApplicationContext> both = start(2);
		await("one instance writes the heartbeat", () -> writers(both) == 1);
		String holder = db.primary().queryForString(lockHolderQuery());
		assertThat(holder).as("session holding the heartbeat writer's lock").isNotNull();
		long killed = System.nanoTime();
		db.primary().killConnection(Long.parseLong(holder));
		await("a new session holds the writer's lock", () -> {
			String current = db.primary().queryForString(lockHolderQuery());
			return current != null && !current.equals(holder);
		});
		await("one instance writes the heartbeat", () -> writers(both) == 1);
		System.out.printf("[heartbeat] writer's connection killed; a new writer %d ms later%n",
				(System.nanoTime() - killed) / 1_000_000);
		long after = System.currentTimeMillis();
		for (ConfigurableApplicationContext instance : both) {
			awaitLagBelowOneSecond(instance, after);
		}
	}

	private List<ConfigurableApplicationContext> start(int count) {
		List<ConfigurableApplicationContext> started = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ConfigurableApplicationContext instance = new SpringApplicationBuilder(Instance.class)
				.web(WebApplicationType.NONE)
				.properties("mysql-pool.primary.url=" + db.primary().jdbcUrl(),
						"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
						"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
						"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=1",
						"mysql-pool.pool.minimum-idle=0", "mysql-pool.replication.lag-source=heartbeat",
						"mysql-pool.replication.heartbeat.table=" + db.database() + "." + TABLE,
						"mysql-pool.replication.heartbeat.interval=" + HEARTBEAT_INTERVAL.toMillis() + "ms",
						"mysql-pool.replication.probe-interval=250ms", "mysql-pool.replication.max-lag=30s")
				.run();
			this.instances.add(instance);
			started.add(instance);
		}
		return started;
	}

	private static ReplicaMonitor monitor(ConfigurableApplicationContext instance) {
		return instance.getBean(ReplicaMonitor.class);
	}

	private static int writers(List<ConfigurableApplicationContext> instances) {
		int writers = 0;
		for (ConfigurableApplicationContext instance : instances) {
			if (monitor(instance).isHeartbeatWriter()) {
				writers++;
			}
		}
		return writers;
	}

	private static String lockHolderQuery() {
		return new HeartbeatTable(db.database() + "." + TABLE).writerLockHolderQuery();
	}

	/**
	 * Wait until the heartbeat on the primary is younger than one second, whoever writes
	 * it.
	 */
	private static void awaitFreshHeartbeat() {
		await("a fresh heartbeat on the primary", () -> {
			String age = db.primary()
				.queryForString(
						"SELECT UNIX_TIMESTAMP(NOW(6)) - UNIX_TIMESTAMP(MAX(ts)) FROM " + db.database() + "." + TABLE);
			return age != null && Double.parseDouble(age) < 1;
		});
	}

	/**
	 * Wait until the instance measures a lag below one second on both replicas, from a
	 * probe made after the given time.
	 */
	private static void awaitLagBelowOneSecond(ConfigurableApplicationContext instance, long sinceMillis) {
		ReplicaMonitor monitor = monitor(instance);
		for (String replica : List.of("replica-1", "replica-2")) {
			await(replica + " lag below one second", () -> {
				var status = monitor.status(replica);
				return status.lagSeconds() != null && status.lagSeconds() < 1 && status.lastProbe() != null
						&& status.lastProbe().toEpochMilli() > sinceMillis;
			});
		}
	}

	private static double heartbeatWritesPerSecond() throws SQLException {
		try (Connection connection = rootConnection(); Statement statement = connection.createStatement()) {
			String file;
			long position;
			try (ResultSet status = statement.executeQuery("SHOW MASTER STATUS")) {
				status.next();
				file = status.getString("File");
				position = status.getLong("Position");
			}
			long started = System.nanoTime();
			sleep(WINDOW);
			long elapsed = System.nanoTime() - started;
			int writes = 0;
			try (ResultSet events = statement
				.executeQuery("SHOW BINLOG EVENTS IN '" + file + "' FROM " + position + " LIMIT 1000000")) {
				while (events.next()) {
					if ("Table_map".equals(events.getString("Event_type"))
							&& events.getString("Info").contains(TABLE)) {
						writes++;
					}
				}
			}
			return writes / (elapsed / 1e9);
		}
	}

	private static Connection rootConnection() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", "root");
		properties.setProperty("password", db.rootPassword());
		properties.setProperty("sslMode", "DISABLED");
		return DriverManager.getConnection("jdbc:mysql://" + db.primary().host() + ":" + db.primary().port() + "/",
				properties);
	}

	private static void await(String condition, BooleanSupplier check) {
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		while (!check.getAsBoolean()) {
			assertThat(System.nanoTime()).as(condition).isLessThan(deadline);
			sleep(Duration.ofMillis(20));
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ MySqlPoolAutoConfiguration.class, MySqlPoolReplicationAutoConfiguration.class,
			DataSourceAutoConfiguration.class })
	static class Instance {

	}

}
