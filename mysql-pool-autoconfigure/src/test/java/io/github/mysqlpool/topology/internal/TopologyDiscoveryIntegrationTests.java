package io.github.mysqlpool.topology.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolTopologyAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbException;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import io.github.mysqlpool.routing.NoPrimaryException;
import io.github.mysqlpool.routing.ReadOnly;
import io.github.mysqlpool.topology.PrimaryChangedEvent;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Topology discovery against a real primary and two real GTID replicas whose roles change
 * as an orchestrator changes them: a planned switchover, a failover after the primary was
 * killed, two writable servers, a read-only primary at start-up. The topology is this
 * class's own, so that a change of roles never reaches other tests.
 *
 * @author mysql-pool team
 */
class TopologyDiscoveryIntegrationTests {

	private static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

	private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

	/**
	 * How long a change may take to be followed: the README promises one probe interval
	 * plus one second; the deadline leaves room for a machine shared with other builds,
	 * and the time measured is printed.
	 */
	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private static ReplicatedMariaDb db;

	private static Node first;

	private static Node second;

	private static Node third;

	@BeforeAll
	static void startTopology() {
		db = ReplicatedMariaDb.builder().build().start();
		prepare();
	}

	private static void prepare() {
		first = db.nodes().get(0);
		second = db.nodes().get(1);
		third = db.nodes().get(2);
		first.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
				+ ".topology_writes (id BIGINT AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(64))");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(10));
	}

	@AfterAll
	static void stopTopology() {
		db.close();
	}

	/**
	 * Put the first primary back. A failover can leave the killed primary with
	 * transactions no replica received (the monitor's heartbeat among them), as
	 * asynchronous replication does; such a server cannot rejoin, so the topology is then
	 * started afresh.
	 */
	@AfterEach
	void heal() {
		try {
			db.heal();
			for (Node node : db.nodes()) {
				node.executeAsRoot("SET GLOBAL read_only = " + ((node == first) ? "0" : "1"));
			}
		}
		catch (RuntimeException ex) {
			System.out.println("Starting a fresh topology: " + ex.getMessage());
			db.close();
			db = ReplicatedMariaDb.builder().build().start();
			prepare();
		}
	}

	private ApplicationContextRunner contextRunner(String discovery) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
					MySqlPoolReplicationAutoConfiguration.class, MySqlPoolTopologyAutoConfiguration.class,
					DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class))
			.withUserConfiguration(TestConfiguration.class)
			.withPropertyValues("mysql-pool.primary.url=" + first.jdbcUrl(),
					"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
					"mysql-pool.replicas[0].url=" + second.jdbcUrl(), "mysql-pool.replicas[1].url=" + third.jdbcUrl(),
					"mysql-pool.pool.maximum-pool-size=2", "mysql-pool.pool.connection-timeout=2s",
					"mysql-pool.pool.validation-timeout=500ms", "mysql-pool.driver.connect-timeout=1s",
					"mysql-pool.driver.socket-timeout=5s",
					"mysql-pool.replication.probe-interval=" + PROBE_INTERVAL.toMillis() + "ms",
					"mysql-pool.replication.probe-timeout=" + PROBE_TIMEOUT.toMillis() + "ms",
					"mysql-pool.replication.max-lag=2s", "mysql-pool.replication.readmit-probes=2",
					"mysql-pool.topology.discovery=" + discovery);
	}

	@Test
	void writesFollowAPlannedSwitchoverAndTheOldPrimaryServesReadsOnceItReplicates() {
		contextRunner("read-only").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(writeAndReportServer(jdbc)).isEqualTo(first.serverId());
			long start = System.nanoTime();
			db.switchover(second);
			long promoted = System.nanoTime();
			awaitWritesOn(jdbc, second);
			System.out.printf("Switchover: first write on the new primary %d ms after the promotion%n",
					(System.nanoTime() - promoted) / 1_000_000);
			assertThat(context.getBean(Events.class).changes)
				.anySatisfy((event) -> assertThat(event.getCurrent()).isEqualTo("replica-1"));
			assertThat(context.getBean(TopologyMonitor.class).getWriter()).isEqualTo("replica-1");
			// The demoted primary replicates from the new one and serves reads
			Reader reader = context.getBean(Reader.class);
			Awaitility.await()
				.atMost(DEADLINE)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> reader.serverId() == first.serverId());
			// ... and the promoted one no longer does
			for (int i = 0; i < 50; i++) {
				assertThat(reader.serverId()).isNotEqualTo(second.serverId());
			}
			System.out.printf("Switchover followed in %d ms%n", (System.nanoTime() - start) / 1_000_000);
		});
	}

	@Test
	void writesFollowAFailoverAfterThePrimaryIsKilled() {
		contextRunner("read-only").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(writeAndReportServer(jdbc)).isEqualTo(first.serverId());
			Node promoted = db.failover();
			long promotedAt = System.nanoTime();
			awaitWritesOn(jdbc, promoted);
			System.out.printf("Failover: first write on the new primary %d ms after the promotion%n",
					(System.nanoTime() - promotedAt) / 1_000_000);
			assertThat(context.getBean(Events.class).changes).anySatisfy((event) -> assertThat(event.getCurrent())
				.isEqualTo((promoted == second) ? "replica-1" : "replica-2"));
		});
	}

	@Test
	void oneHeartbeatWriterAcrossInstancesFollowsASwitchover() {
		ApplicationContextRunner instances = contextRunner("read-only")
			.withPropertyValues("mysql-pool.replication.lag-source=heartbeat");
		instances.run((one) -> instances.run((other) -> {
			List<ReplicaMonitor> monitors = List.of(one.getBean(ReplicaMonitor.class),
					other.getBean(ReplicaMonitor.class));
			Awaitility.await().atMost(DEADLINE).until(() -> heartbeatWriters(monitors) == 1);
			assertThat(heartbeatLockHolder(first)).as("writer's lock on the primary").isNotNull();
			db.switchover(second);
			long promoted = System.nanoTime();
			Awaitility.await()
				.atMost(DEADLINE)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> heartbeatLockHolder(second) != null && heartbeatLockHolder(first) == null
						&& heartbeatWriters(monitors) == 1 && heartbeatAgeSeconds(second) < 1);
			System.out.printf(
					"Switchover: one instance writes the heartbeat on the new primary %d ms after the" + " promotion%n",
					(System.nanoTime() - promoted) / 1_000_000);
		}));
	}

	private static int heartbeatWriters(List<ReplicaMonitor> monitors) {
		return (int) monitors.stream().filter(ReplicaMonitor::isHeartbeatWriter).count();
	}

	private static String heartbeatLockHolder(Node node) {
		return node.queryForString("SELECT IS_USED_LOCK(CONCAT('mysql_pool_heartbeat_', MD5('" + db.database()
				+ ".mysql_pool_heartbeat')))");
	}

	/**
	 * Age of the heartbeat a server wrote as primary, by its own clock.
	 */
	private static double heartbeatAgeSeconds(Node node) {
		String age = node.queryForString("SELECT UNIX_TIMESTAMP(NOW(6)) - UNIX_TIMESTAMP(ts) FROM " + db.database()
				+ ".mysql_pool_heartbeat WHERE id = @@server_id");
		return (age != null) ? Double.parseDouble(age) : Double.MAX_VALUE;
	}

	@Test
	void withoutDiscoveryWritesKeepGoingToTheDemotedPrimary() {
		contextRunner("none").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(writeAndReportServer(jdbc)).isEqualTo(first.serverId());
			db.switchover(second);
			// The control: the old primary refuses the write (error 1290)
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> writeAndReportServer(jdbc))
				.withMessageContaining("read-only");
		});
	}

	@Test
	void whileNoServerIsWritableWritesFailAtOnceAndResumeWhenOneIs() {
		contextRunner("read-only").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			first.executeAsRoot("SET GLOBAL read_only = 1");
			Awaitility.await().atMost(DEADLINE).until(() -> context.getBean(TopologyMonitor.class).getWriter() == null);
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> writeAndReportServer(jdbc))
				.havingRootCause()
				.isInstanceOf(NoPrimaryException.class)
				.withMessageContaining("No server takes writes now")
				.withMessageContaining("'primary' is read-only");
			first.executeAsRoot("SET GLOBAL read_only = 0");
			awaitWritesOn(jdbc, first);
			assertThat(context.getBean(Events.class).changes).extracting(PrimaryChangedEvent::getCurrent)
				.containsExactly(null, "primary");
		});
	}

	@Test
	void twoWritableServersKeepWritesOnThePrimaryAndSaySo() {
		contextRunner("read-only").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			TopologyMonitor monitor = context.getBean(TopologyMonitor.class);
			third.executeAsRoot("SET GLOBAL read_only = 0");
			Awaitility.await().atMost(DEADLINE).until(monitor::isSplitBrain);
			assertThat(monitor.getState()).contains("all writable", "writes stay on 'primary'");
			for (int i = 0; i < 20; i++) {
				assertThat(writeAndReportServer(jdbc)).isEqualTo(first.serverId());
			}
			assertThat(context.getBean(Events.class).changes).isEmpty();
			third.executeAsRoot("SET GLOBAL read_only = 1");
			Awaitility.await().atMost(DEADLINE).until(() -> !monitor.isSplitBrain());
		});
	}

	@Test
	void aReadOnlyConfiguredPrimaryWithAWritableReplicaStartsWithTheReplicaAsWriter() {
		db.switchover(second);
		contextRunner("read-only").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TopologyMonitor.class).getWriter()).isEqualTo("replica-1");
			assertThat(context.getBean(MySqlPools.class).getWriter().getName()).isEqualTo("replica-1-writes");
			assertThat(writeAndReportServer(context.getBean(JdbcTemplate.class))).isEqualTo(second.serverId());
		});
	}

	/**
	 * The README's figures: time from a promotion to the first write acknowledged by the
	 * new primary over ten switchovers and ten failovers, and the statements the monitors
	 * send each server while idle. Asserts only that every change is followed.
	 */
	@Test
	void tenSwitchoversAndTenFailoversAreEachFollowed() {
		contextRunner("read-only").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			List<Long> switchovers = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				Node target = db.replicas().get(i % db.replicas().size());
				db.switchover(target);
				long promoted = System.nanoTime();
				awaitWritesOn(jdbc, target);
				switchovers.add((System.nanoTime() - promoted) / 1_000_000);
			}
			List<Long> failovers = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				Node promoted = db.failover();
				long promotedAt = System.nanoTime();
				awaitWritesOn(jdbc, promoted);
				failovers.add((System.nanoTime() - promotedAt) / 1_000_000);
				for (Node node : db.nodes()) {
					if (node.role() == Node.Role.FORMER_PRIMARY) {
						try {
							db.rejoin(node);
						}
						catch (EmbeddedMariaDbException ex) {
							// It held writes no replica received, as asynchronous
							// replication allows
							db.rebuild(node);
						}
					}
				}
			}
			System.out.printf(
					"Promotion to first acknowledged write, ms: switchover median %d max %d %s;"
							+ " failover median %d max %d %s%n",
					median(switchovers), max(switchovers), switchovers, median(failovers), max(failovers), failovers);
			assertThat(context.getBean(TopologyMonitor.class).getWriterChanges()).isGreaterThanOrEqualTo(20);
			Map<Integer, Long> before = questions();
			Thread.sleep(10_000);
			Map<Integer, Long> after = questions();
			before.forEach((serverId, count) -> System.out.printf(
					"Idle statements per second on server %d (all monitors, discovery on): %.1f%n", serverId,
					(after.get(serverId) - count - 1) / 10.0));
		});
	}

	private static Map<Integer, Long> questions() {
		Map<Integer, Long> questions = new TreeMap<>();
		for (Node node : db.nodes()) {
			questions.put(node.serverId(), node.queryForLong(
					"SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'QUESTIONS'"));
		}
		return questions;
	}

	private static long median(List<Long> values) {
		List<Long> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

	private static long max(List<Long> values) {
		return values.stream().mapToLong(Long::longValue).max().orElse(0);
	}

	@Test
	void contradictorySettingsFailStartUp() {
		contextRunner("read-only").withPropertyValues("mysql-pool.replicas[1].url=" + first.jdbcUrl())
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("mysql-pool.replicas[1].url")
				.hasMessageContaining("same server as mysql-pool.primary.url"));
	}

	/**
	 * Write a row and read the server id on the same connection, as one unit of work.
	 */
	private static long writeAndReportServer(JdbcTemplate jdbc) {
		return jdbc.execute((ConnectionCallback<Long>) (connection) -> {
			try (var statement = connection.createStatement()) {
				statement.executeUpdate("INSERT INTO topology_writes (payload) VALUES ('w')");
				try (var rows = statement.executeQuery("SELECT @@server_id")) {
					rows.next();
					return rows.getLong(1);
				}
			}
		});
	}

	private static void awaitWritesOn(JdbcTemplate jdbc, Node node) {
		Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() -> {
			return writeAndReportServer(jdbc) == node.serverId();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class TestConfiguration {

		@Bean
		Events events() {
			return new Events();
		}

		@Bean
		Reader reader(JdbcTemplate jdbcTemplate) {
			return new Reader(jdbcTemplate);
		}

	}

	static class Events implements ApplicationListener<PrimaryChangedEvent> {

		final List<PrimaryChangedEvent> changes = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(PrimaryChangedEvent event) {
			this.changes.add(event);
		}

	}

	@ReadOnly
	static class Reader {

		private final JdbcTemplate jdbcTemplate;

		Reader(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		long serverId() {
			return this.jdbcTemplate.queryForObject("SELECT @@server_id", Long.class);
		}

	}

}
