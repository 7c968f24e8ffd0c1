package io.github.mysqlpool.monitor;

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
import io.github.mysqlpool.monitor.alert.Alert;
import io.github.mysqlpool.monitor.alert.AlertRaisedEvent;
import io.github.mysqlpool.monitor.alert.AlertResolvedEvent;
import io.github.mysqlpool.monitor.alert.AlertSeverity;
import io.github.mysqlpool.monitor.alert.MySqlPoolAlertEvent;
import io.github.mysqlpool.monitor.alert.PoolAlerts;
import io.github.mysqlpool.monitor.optimize.PoolSizeChange;
import io.github.mysqlpool.monitor.optimize.Recommendation;
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

	private static final Duration HOLD = Duration.ofMillis(3000);

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
				List<Future<?>> work = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					work.add(threads.submit(() -> hold(dataSource, HOLD, holding)));
				}
				holding.await(10, TimeUnit.SECONDS);
				for (int i = 0; i < 3; i++) {
					work.add(threads.submit(() -> hold(dataSource, Duration.ofMillis(300), null)));
				}
				Duration utilizationDetected = MonitorTestSupport.await(Duration.ofSeconds(5),
						() -> hasActive(alerts, "pool-utilization", AlertSeverity.CRITICAL));
				MonitorTestSupport.await(Duration.ofSeconds(2),
						() -> primary.getHikariPoolMXBean().getThreadsAwaitingConnection() == 3);
				Recommendation duringSaturation = recommendation(endpoint);
				assertThat(duringSaturation.action()).isEqualTo(Recommendation.Action.GROW);
				assertThat(duringSaturation.maximumPoolSize()).isGreaterThan(2);
				for (Future<?> each : work) {
					each.get(30, TimeUnit.SECONDS);
				}
				threads.shutdown();
				Duration acquireDetected = MonitorTestSupport.await(Duration.ofSeconds(5),
						() -> hasActive(alerts, "acquire-time", AlertSeverity.WARNING));
				Alert acquire = alerts.active()
					.stream()
					.filter((alert) -> alert.rule().equals("acquire-time"))
					.findFirst()
					.orElseThrow();
				assertThat(acquire.pool()).isEqualTo("primary");
				assertThat(acquire.value()).isGreaterThanOrEqualTo(2.0);
				Duration resolved = MonitorTestSupport.await(Duration.ofSeconds(10), () -> alerts.active().isEmpty());
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
				List<Future<?>> holders = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					holders.add(threads.submit(() -> hold(dataSource, Duration.ofSeconds(6), holding)));
				}
				holding.await(10, TimeUnit.SECONDS);
				List<Future<Long>> waiters = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					waiters.add(threads.submit(() -> timeToConnection(dataSource)));
				}
				for (Future<Long> waiter : waiters) {
					// Served by connections the optimizer added, long before the holders
					// let go
					assertThat(waiter.get(30, TimeUnit.SECONDS)).isLessThan(4000L);
				}
				int grown = primary.getHikariConfigMXBean().getMaximumPoolSize();
				assertThat(grown).isGreaterThan(2);
				assertThat(context.getBean(PoolHistory.class).events("primary", null)).extracting(PoolEvent::type)
					.contains("optimize");
				// Once nobody waits at the new size, later rounds leave it alone
				Thread.sleep(1500);
				assertThat(primary.getHikariConfigMXBean().getMaximumPoolSize()).isEqualTo(grown);
				assertThat(context.getBean(PoolHistory.class).events("primary", null)).hasSize(1);
				for (Future<?> holder : holders) {
					holder.get(30, TimeUnit.SECONDS);
				}
				threads.shutdown();
			});
	}

	private static long timeToConnection(DataSource dataSource) throws Exception {
		long start = System.nanoTime();
		try (Connection connection = dataSource.getConnection()) {
			return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
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
