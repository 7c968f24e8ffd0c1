package io.github.mysqlpool.topology.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolTopologyAutoConfiguration;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.routing.NoPrimaryException;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Endpoint discovery against two real servers and a host name that moves between them, as
 * a DNS failover, an RDS cluster endpoint or a virtual IP moves: the servers listen on
 * {@code 127.0.0.2} and {@code 127.0.0.3} on one port, and {@value #NAME} is written to
 * the JDK's hosts file ({@code jdk.net.hosts.file}, with no DNS cache). Both are set for
 * the whole JVM at its start, so this class runs in a surefire execution of its own,
 * selected by its tag (see the module's pom).
 *
 * @author mysql-pool team
 */
@Tag(EndpointDiscoveryIntegrationTests.TAG)
class EndpointDiscoveryIntegrationTests {

	/** The surefire execution that starts the JVM with the hosts file runs this tag. */
	static final String TAG = "hosts-file";

	private static final String NAME = "mysql-primary.test";

	private static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

	private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

	/**
	 * How long a change may take to be followed: a probe interval and a new connection;
	 * the deadline leaves room for a machine shared with other builds, and the time
	 * measured is printed.
	 */
	private static final Duration DEADLINE = Duration.ofSeconds(30);

	/**
	 * How long the control keeps writing after the name moved: many probe intervals, far
	 * longer than endpoint discovery takes to follow the name.
	 */
	private static final Duration CONTROL_WINDOW = PROBE_INTERVAL.multipliedBy(10);

	private static final int MAXIMUM_POOL_SIZE = 2;

	private static final AtomicLong tokens = new AtomicLong();

	private static Path hostsFile;

	private static ReplicatedMariaDb db;

	private static Node first;

	private static Node second;

	@BeforeAll
	static void startTopology() {
		String hosts = System.getProperty("jdk.net.hosts.file");
		assertThat(hosts).as("jdk.net.hosts.file, set by the pom's surefire execution for tag '" + TAG + "'")
			.isNotBlank();
		hostsFile = Path.of(hosts);
		db = ReplicatedMariaDb.builder().replicas(1).loopbackAddressPerNode().build().start();
		first = db.nodes().get(0);
		second = db.nodes().get(1);
		first.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
				+ ".endpoint_writes (id BIGINT AUTO_INCREMENT PRIMARY KEY, token VARCHAR(64) NOT NULL UNIQUE,"
				+ " written_on INT NOT NULL)");
		db.awaitReplicasCaughtUp(DEADLINE);
		pointNameAt(first);
	}

	@AfterAll
	static void stopTopology() {
		if (db != null) {
			db.close();
		}
	}

	@AfterEach
	void heal() {
		db.heal();
		pointNameAt(first);
	}

	private ApplicationContextRunner contextRunner(String discovery) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
					MySqlPoolReplicationAutoConfiguration.class, MySqlPoolTopologyAutoConfiguration.class,
					DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class))
			.withPropertyValues(
					"mysql-pool.primary.url=jdbc:mysql://" + NAME + ":" + first.port() + "/" + db.database(),
					"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
					"mysql-pool.pool.maximum-pool-size=" + MAXIMUM_POOL_SIZE, "mysql-pool.pool.connection-timeout=2s",
					"mysql-pool.pool.validation-timeout=500ms", "mysql-pool.driver.connect-timeout=1s",
					"mysql-pool.driver.socket-timeout=5s",
					"mysql-pool.replication.probe-interval=" + PROBE_INTERVAL.toMillis() + "ms",
					"mysql-pool.replication.probe-timeout=" + PROBE_TIMEOUT.toMillis() + "ms",
					"mysql-pool.topology.discovery=" + discovery);
	}

	@Test
	void writesFollowTheNameToTheNewPrimaryAndNoneReachesTheDemotedOne() {
		contextRunner("endpoint").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			TopologyMonitor monitor = context.getBean(TopologyMonitor.class);
			Ledger ledger = new Ledger();
			for (int i = 0; i < 5; i++) {
				assertThat(ledger.write(jdbc).server()).isEqualTo(first.serverId());
			}
			db.switchover(second);
			ledger.readOnlyFrom(first);
			// The name still leads to the demoted server: writes are refused, then not
			// sent
			Awaitility.await()
				.atMost(DEADLINE)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> ledger.write(jdbc).failure() instanceof NoPrimaryException);
			assertThat(monitor.getWriter()).isNull();
			long failing = System.nanoTime();
			for (int i = 0; i < 20; i++) {
				assertThat(ledger.write(jdbc).failure()).isInstanceOf(NoPrimaryException.class);
			}
			System.out.printf("Endpoint: a write without a writable server failed in %d us on average%n",
					(System.nanoTime() - failing) / 20 / 1_000);
			pointNameAt(second);
			long moved = System.nanoTime();
			List<Outcome> outcomes = new ArrayList<>();
			Awaitility.await()
				.atMost(DEADLINE)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> outcomes.add(ledger.write(jdbc))
						&& outcomes.get(outcomes.size() - 1).server() == second.serverId());
			System.out.printf("Endpoint: first write on the new primary %d ms after the name moved%n",
					(System.nanoTime() - moved) / 1_000_000);
			// Connections opened while the name led to the demoted server are gone before
			// writes resume: none is refused
			assertThat(outcomes).allSatisfy(
					(outcome) -> assertThat(outcome.failure()).satisfiesAnyOf((failure) -> assertThat(failure).isNull(),
							(failure) -> assertThat(failure).isInstanceOf(NoPrimaryException.class)));
			for (int i = 0; i < 20; i++) {
				assertThat(ledger.write(jdbc).server()).isEqualTo(second.serverId());
			}
			assertThat(monitor.getWriter()).isEqualTo("primary");
			ledger.assertNothingOnlyOnTheDemotedServer();
		});
	}

	@Test
	void aWriteRefusedAsReadOnlyResolvesTheNameAgainWithoutWaitingForTheNextProbe() {
		Duration longInterval = DEADLINE.multipliedBy(4);
		contextRunner("endpoint")
			.withPropertyValues("mysql-pool.replication.probe-interval=" + longInterval.toSeconds() + "s")
			.run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				Ledger ledger = new Ledger();
				assertThat(ledger.write(jdbc).server()).isEqualTo(first.serverId());
				// An orchestrator moves the name right after the promotion, between two
				// probes
				db.switchover(second);
				ledger.readOnlyFrom(first);
				pointNameAt(second);
				long moved = System.nanoTime();
				List<Outcome> outcomes = new ArrayList<>();
				Awaitility.await()
					.atMost(DEADLINE)
					.pollInterval(Duration.ofMillis(20))
					.until(() -> outcomes.add(ledger.write(jdbc))
							&& outcomes.get(outcomes.size() - 1).server() == second.serverId());
				System.out.printf(
						"Endpoint: first write on the new primary %d ms after the name moved, "
								+ "%d refused as read-only, with no probe due for %d s%n",
						(System.nanoTime() - moved) / 1_000_000,
						outcomes.stream()
							.filter((outcome) -> outcome.failure() instanceof SQLException sql
									&& sql.getErrorCode() == 1290)
							.count(),
						longInterval.toSeconds());
				// The refused write evicted its connection and asked for a probe at once;
				// the probe's own connection was older than the move, so it connected
				// again
				assertThat(outcomes.stream()
					.filter((outcome) -> outcome.failure() != null
							&& !(outcome.failure() instanceof NoPrimaryException)))
					.hasSizeLessThanOrEqualTo(MAXIMUM_POOL_SIZE);
				ledger.assertNothingOnlyOnTheDemotedServer();
			});
	}

	@Test
	void writesFollowTheNameAfterAFailover() {
		contextRunner("endpoint").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			Ledger ledger = new Ledger();
			assertThat(ledger.write(jdbc).server()).isEqualTo(first.serverId());
			// Nothing acknowledged is lost to asynchronous replication in this test
			db.awaitReplicasCaughtUp(DEADLINE);
			Node promoted = db.failover();
			assertThat(promoted).isSameAs(second);
			assertThat(ledger.write(jdbc).failure()).isNotNull();
			// While the name leads to a dead server, writes fail at once rather than wait
			Awaitility.await()
				.atMost(DEADLINE)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> ledger.write(jdbc).failure() instanceof NoPrimaryException);
			assertThat(context.getBean(TopologyMonitor.class).getState())
				.contains("the primary endpoint 'primary' is unreachable since");
			pointNameAt(second);
			long moved = System.nanoTime();
			Awaitility.await()
				.atMost(DEADLINE)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> ledger.write(jdbc).server() == second.serverId());
			System.out.printf("Endpoint failover: first write on the new primary %d ms after the name moved%n",
					(System.nanoTime() - moved) / 1_000_000);
			assertThat(context.getBean(TopologyMonitor.class).getWriter()).isEqualTo("primary");
			assertThat(tokens(second)).containsAll(ledger.acknowledged).doesNotContainAnyElementsOf(ledger.failed);
		});
	}

	@Test
	void withoutDiscoveryWritesKeepFailingOnTheOldServerAfterTheNameMoves() {
		contextRunner("none").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			Ledger ledger = new Ledger();
			assertThat(ledger.write(jdbc).server()).isEqualTo(first.serverId());
			db.switchover(second);
			ledger.readOnlyFrom(first);
			pointNameAt(second);
			// The pool keeps its connections to the demoted server: each write is refused
			// (at least one is tried, however late a busy machine gets here)
			long end = System.nanoTime() + CONTROL_WINDOW.toNanos();
			do {
				Outcome outcome = ledger.write(jdbc);
				assertThat(outcome.server()).isNotEqualTo(second.serverId());
				assertThat(outcome.failure()).isNotNull().hasMessageContaining("read-only");
				Thread.sleep(20);
			}
			while (System.nanoTime() < end);
			ledger.assertNothingOnlyOnTheDemotedServer();
		});
	}

	/**
	 * Point {@value #NAME} at a node in the hosts file. The file is replaced as a whole,
	 * and its modification time moved on, so that the JDK reads it again at its next
	 * lookup.
	 */
	private static void pointNameAt(Node node) {
		try {
			Path written = Files.createTempFile(hostsFile.toAbsolutePath().getParent(), "hosts", ".tmp");
			Files.writeString(written, "127.0.0.1 localhost\n" + node.host() + " " + NAME + "\n");
			FileTime previous = Files.exists(hostsFile) ? Files.getLastModifiedTime(hostsFile) : FileTime.fromMillis(0);
			long now = System.currentTimeMillis();
			Files.setLastModifiedTime(written, FileTime.fromMillis(Math.max(now, previous.toMillis() + 1000)));
			Files.move(written, hostsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			assertThat(java.net.InetAddress.getByName(NAME).getHostAddress()).isEqualTo(node.host());
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The token of every row on a node.
	 */
	private static Set<String> tokens(Node node) {
		long count = node.queryForLong("SELECT COUNT(*) FROM " + db.database() + ".endpoint_writes");
		Set<String> tokens = new HashSet<>();
		String all = node.queryForString("SELECT GROUP_CONCAT(token SEPARATOR ',') FROM (SELECT token FROM "
				+ db.database() + ".endpoint_writes) t");
		if (all != null) {
			tokens.addAll(List.of(all.split(",")));
		}
		assertThat(tokens).as("rows on " + node.name()).hasSize((int) count);
		return tokens;
	}

	/**
	 * What each write did: acknowledged by a server, or failed; and from when a server
	 * was read-only.
	 */
	private static final class Ledger {

		private final List<String> acknowledged = new ArrayList<>();

		private final List<String> failed = new ArrayList<>();

		private @Nullable Node readOnly;

		private int acknowledgedByReadOnly;

		Outcome write(JdbcTemplate jdbc) {
			String token = "w-" + tokens.incrementAndGet();
			try {
				long server = jdbc.execute((ConnectionCallback<Long>) (connection) -> {
					try (PreparedStatement insert = connection
						.prepareStatement("INSERT INTO endpoint_writes (token, written_on) VALUES (?, @@server_id)")) {
						insert.setString(1, token);
						insert.executeUpdate();
					}
					try (Statement statement = connection.createStatement();
							ResultSet rows = statement.executeQuery("SELECT @@server_id")) {
						rows.next();
						return rows.getLong(1);
					}
				});
				this.acknowledged.add(token);
				if (this.readOnly != null && server == this.readOnly.serverId()) {
					this.acknowledgedByReadOnly++;
				}
				return new Outcome(server, null);
			}
			catch (DataAccessException ex) {
				this.failed.add(token);
				Throwable cause = ex.getMostSpecificCause();
				return new Outcome(-1, cause);
			}
		}

		void readOnlyFrom(Node node) {
			this.readOnly = node;
		}

		/**
		 * Every acknowledged write is on the new primary once, no failed write is
		 * anywhere, and the demoted server holds nothing the new primary lacks.
		 */
		void assertNothingOnlyOnTheDemotedServer() {
			assertThat(this.acknowledgedByReadOnly).as("writes acknowledged by a read-only server").isZero();
			db.awaitReplicasCaughtUp(DEADLINE);
			Set<String> onFirst = tokens(first);
			Set<String> onSecond = tokens(second);
			Set<String> onlyOnFirst = new HashSet<>(onFirst);
			onlyOnFirst.removeAll(onSecond);
			System.out.printf("Ledger: %d writes acknowledged, %d failed; %d rows on %s, %d on %s, %d only on %s%n",
					this.acknowledged.size(), this.failed.size(), onFirst.size(), first.name(), onSecond.size(),
					second.name(), onlyOnFirst.size(), first.name());
			assertThat(onlyOnFirst).as("rows on the demoted server only").isEmpty();
			assertThat(onSecond).containsAll(this.acknowledged).doesNotContainAnyElementsOf(this.failed);
		}

	}

	private record Outcome(long server, @Nullable Throwable failure) {

	}

}
