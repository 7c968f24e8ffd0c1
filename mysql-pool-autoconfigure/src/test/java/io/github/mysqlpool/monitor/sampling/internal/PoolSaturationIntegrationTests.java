package io.github.mysqlpool.monitor.sampling.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.monitor.MonitorTestSupport;
import io.github.mysqlpool.monitor.alert.Alert;
import io.github.mysqlpool.monitor.alert.AlertRaisedEvent;
import io.github.mysqlpool.monitor.alert.AlertResolvedEvent;
import io.github.mysqlpool.monitor.alert.AlertSeverity;
import io.github.mysqlpool.monitor.alert.MySqlPoolAlertEvent;
import io.github.mysqlpool.monitor.alert.internal.PoolAlerts;
import io.github.mysqlpool.monitor.history.internal.PoolEvent;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.monitor.optimize.internal.PoolSizeChange;
import io.github.mysqlpool.monitor.optimize.internal.Recommendation;
import io.github.mysqlpool.pool.MySqlPools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.ApplicationListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A really saturated primary pool: threads hold both of its connections while others
 * wait. The utilization and acquire-time alerts are raised and resolved, the optimizer
 * asks for a larger pool, and applying it lets the live pool hand out more connections.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class PoolSaturationIntegrationTests {

	/**
	 * At least how long the callers wait: the acquire-time alert's threshold (2 s) and a
	 * second. The holders let go only when the test has seen what it waits for, however
	 * long a busy machine takes.
	 */
	private static final Duration HOLD = Duration.ofMillis(3000);

	private static final Duration GENEROUS = Duration.ofSeconds(30);

	@Test
	void saturationRaisesAlertsAndOptimizingGrowsTheLivePool(ReplicatedMariaDb db) {
		MonitorTestSupport.runner(db)
			.withBean(AlertEvents.class)
			.withPropertyValues("mysql-pool.monitor.sample-interval=250ms", "mysql-pool.pool.connection-timeout=20s",
					"mysql-pool.alerts.resolve-after=2")
			.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				MySqlPools pools = context.getBean(MySqlPools.class);
				PoolAlerts alerts = context.getBean(PoolAlerts.class);
				MySqlPoolEndpoint endpoint = context.getBean(MySqlPoolEndpoint.class);
				HikariDataSource primary = pools.getPrimary().getHikari();
				new org.springframework.jdbc.core.JdbcTemplate(dataSource).execute("SELECT 1");

				ExecutorService threads = Executors.newFixedThreadPool(5);
				CountDownLatch holding = new CountDownLatch(2);
				CountDownLatch release = new CountDownLatch(1);
				List<Future<?>> work = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					work.add(threads.submit(() -> holdUntil(dataSource, holding, release)));
				}
				assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
				long waitersStarted = System.nanoTime();
				for (int i = 0; i < 3; i++) {
					work.add(threads.submit(() -> hold(dataSource, Duration.ofMillis(300), null)));
				}
				Duration utilizationDetected = MonitorTestSupport.await(GENEROUS,
						() -> hasActive(alerts, "pool-utilization", AlertSeverity.CRITICAL));
				MonitorTestSupport.await(GENEROUS,
						() -> primary.getHikariPoolMXBean().getThreadsAwaitingConnection() == 3);
				Recommendation duringSaturation = recommendation(endpoint);
				assertThat(duringSaturation.action()).isEqualTo(Recommendation.Action.GROW);
				assertThat(duringSaturation.maximumPoolSize()).isGreaterThan(2);
				Thread.sleep(Math.max(0, HOLD.toMillis() - (System.nanoTime() - waitersStarted) / 1_000_000));
				release.countDown();
				for (Future<?> each : work) {
					each.get(30, TimeUnit.SECONDS);
				}
				threads.shutdown();
				Duration acquireDetected = MonitorTestSupport.await(GENEROUS,
						() -> hasActive(alerts, "acquire-time", AlertSeverity.WARNING));
				Alert acquire = alerts.active()
					.stream()
					.filter((alert) -> alert.rule().equals("acquire-time"))
					.findFirst()
					.orElseThrow();
				assertThat(acquire.pool()).isEqualTo("primary");
				assertThat(acquire.value()).isGreaterThanOrEqualTo(2.0);
				Duration resolved = MonitorTestSupport.await(GENEROUS, () -> alerts.active().isEmpty());
				assertThat(alerts.resolved()).extracting(Alert::rule)
					.contains("pool-utilization", "acquire-time")
					.allSatisfy((rule) -> assertThat(rule).isIn("pool-utilization", "acquire-time"));
				AlertEvents events = context.getBean(AlertEvents.class);
				assertThat(events.received).filteredOn(AlertRaisedEvent.class::isInstance)
					.hasSameSizeAs(events.received.stream().filter(AlertResolvedEvent.class::isInstance).toList());
				System.out.println("Saturation: utilization alert after " + utilizationDetected.toMillis()
						+ " ms, acquire-time alert (" + acquire.value() + " s) " + acquireDetected.toMillis()
						+ " ms after release, all resolved " + resolved.toMillis() + " ms later; recommended "
						+ duringSaturation.maximumPoolSize() + ": " + duringSaturation.reasoning());

				Recommendation afterSaturation = recommendation(endpoint);
				assertThat(afterSaturation.maximumPoolSize()).isGreaterThan(2);
				PoolSizeChange change = ((MySqlPoolEndpoint.ChangesDescriptor) endpoint.apply("optimize", "primary",
						null, null))
					.changes()
					.get(0);
				assertThat(change.maximumPoolSizeBefore()).isEqualTo(2);
				assertThat(change.maximumPoolSizeAfter()).isEqualTo(afterSaturation.maximumPoolSize());
				assertThat(primary.getHikariConfigMXBean().getMaximumPoolSize())
					.isEqualTo(change.maximumPoolSizeAfter());
				assertThat(context.getBean(PoolHistory.class).events("primary", null)).extracting(PoolEvent::type)
					.contains("optimize");
				assertThat(distinctConnectionsHeldAtOnce(dataSource, change.maximumPoolSizeAfter()))
					.isEqualTo(change.maximumPoolSizeAfter());
			});
	}

	@Test
	void autoOptimizationGrowsASaturatedPoolWhileCallersWait(ReplicatedMariaDb db) {
		MonitorTestSupport.runner(db)
			.withPropertyValues("mysql-pool.monitor.sample-interval=100ms", "mysql-pool.pool.connection-timeout=20s",
					"mysql-pool.optimize.auto=true", "mysql-pool.optimize.auto-interval=300ms")
			.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				HikariDataSource primary = context.getBean(MySqlPools.class).getPrimary().getHikari();
				new org.springframework.jdbc.core.JdbcTemplate(dataSource).execute("SELECT 1");
				ExecutorService threads = Executors.newFixedThreadPool(4);
				CountDownLatch holding = new CountDownLatch(2);
				CountDownLatch release = new CountDownLatch(1);
				List<Future<Long>> holders = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					holders.add(threads.submit(() -> holdUntil(dataSource, holding, release)));
				}
				assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
				List<Future<Long>> waiters = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					waiters.add(threads.submit(() -> timeOfConnection(dataSource)));
				}
				for (Future<Long> waiter : waiters) {
					// Served by connections the optimizer added: the holders let go only
					// afterwards, and the waiters would fail after connection-timeout
					waiter.get(30, TimeUnit.SECONDS);
				}
				int grown = primary.getHikariConfigMXBean().getMaximumPoolSize();
				assertThat(grown).isGreaterThan(2);
				assertThat(context.getBean(PoolHistory.class).events("primary", null)).extracting(PoolEvent::type)
					.contains("optimize");
				// Once nobody waits at the new size, later rounds leave it alone
				Thread.sleep(1500);
				assertThat(primary.getHikariConfigMXBean().getMaximumPoolSize()).isEqualTo(grown);
				assertThat(context.getBean(PoolHistory.class).events("primary", null)).hasSize(1);
				release.countDown();
				for (Future<Long> holder : holders) {
					holder.get(30, TimeUnit.SECONDS);
				}
				threads.shutdown();
			});
	}

	private static long timeOfConnection(DataSource dataSource) throws Exception {
		try (Connection connection = dataSource.getConnection()) {
			return System.nanoTime();
		}
	}

	/**
	 * Hold a connection until released.
	 * @return when it was about to be given back
	 */
	private static long holdUntil(DataSource dataSource, CountDownLatch holding, CountDownLatch release)
			throws Exception {
		try (Connection connection = dataSource.getConnection()) {
			holding.countDown();
			assertThat(release.await(120, TimeUnit.SECONDS)).as("released").isTrue();
			return System.nanoTime();
		}
	}

	private static Recommendation recommendation(MySqlPoolEndpoint endpoint) {
		return ((MySqlPoolEndpoint.RecommendationsDescriptor) endpoint.section("optimize", "primary", null))
			.recommendations()
			.get(0);
	}

	private static boolean hasActive(PoolAlerts alerts, String rule, AlertSeverity severity) {
		return alerts.active()
			.stream()
			.anyMatch((alert) -> alert.rule().equals(rule) && alert.severity() == severity
					&& alert.pool().equals("primary"));
	}

	private static Void hold(DataSource dataSource, Duration duration, CountDownLatch holding) throws Exception {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			if (holding != null) {
				holding.countDown();
			}
			statement.execute("SELECT SLEEP(" + duration.toMillis() / 1000.0 + ")");
		}
		return null;
	}

	private static int distinctConnectionsHeldAtOnce(DataSource dataSource, int count) throws Exception {
		List<Connection> held = new ArrayList<>();
		Set<Long> ids = new HashSet<>();
		try {
			for (int i = 0; i < count; i++) {
				Connection connection = dataSource.getConnection();
				held.add(connection);
				try (Statement statement = connection.createStatement();
						ResultSet resultSet = statement.executeQuery("SELECT CONNECTION_ID()")) {
					resultSet.next();
					ids.add(resultSet.getLong(1));
				}
			}
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
		}
		return ids.size();
	}

	static class AlertEvents implements ApplicationListener<MySqlPoolAlertEvent> {

		final List<MySqlPoolAlertEvent> received = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(MySqlPoolAlertEvent event) {
			this.received.add(event);
		}

	}

}
