package io.github.mysqlpool.monitor.alert.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.monitor.MonitorTestSupport;
import io.github.mysqlpool.monitor.alert.AlertSeverity;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.pool.MySqlPools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The {@code query-time} and {@code error-rate} alerts on the embedded primary, raised
 * from real statements and delivered to a webhook that fails, then hangs: retried, and
 * never holding up the sampler.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class StatementAlertsIntegrationTests {

	private HttpServer webhook;

	private final List<String> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger requests = new AtomicInteger();

	private final CountDownLatch release = new CountDownLatch(1);

	private volatile boolean hang;

	@BeforeEach
	void startWebhook() throws IOException {
		this.webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.webhook.createContext("/hook", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			int request = this.requests.incrementAndGet();
			if (this.hang) {
				try {
					this.release.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			// The first delivery fails: the alert must be retried
			int status = (request == 1) ? 500 : 200;
			if (status == 200) {
				this.received.add(body);
			}
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		this.webhook.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		this.webhook.start();
	}

	@AfterEach
	void stopWebhook() {
		this.release.countDown();
		this.webhook.stop(0);
	}

	private ApplicationContextRunner runner(ReplicatedMariaDb db) {
		return MonitorTestSupport.runner(db)
			.withPropertyValues("mysql-pool.monitor.sample-interval=100ms",
					"mysql-pool.alerts.query-time.warning=300ms", "mysql-pool.alerts.query-time.critical=1h",
					"mysql-pool.alerts.error-rate.warning=50", "mysql-pool.alerts.error-rate.critical=90",
					"mysql-pool.alerts.webhook.url=http://127.0.0.1:" + this.webhook.getAddress().getPort() + "/hook",
					"mysql-pool.alerts.webhook.retry-delay=50ms", "mysql-pool.alerts.webhook.timeout=60s");
	}

	@Test
	void slowStatementsRaiseQueryTimeAndTheWebhookGetsItAfterARetry(ReplicatedMariaDb db) {
		runner(db).run((context) -> {
			PoolAlerts alerts = context.getBean(PoolAlerts.class);
			JdbcTemplate primary = new JdbcTemplate(context.getBean(MySqlPools.class).getPrimary().getDataSource());
			primary.queryForObject("SELECT SLEEP(0.6)", Integer.class);
			MonitorTestSupport.await(Duration.ofSeconds(30),
					() -> alerts.active()
						.stream()
						.anyMatch((alert) -> alert.rule().equals("query-time") && alert.pool().equals("primary")
								&& alert.severity() == AlertSeverity.WARNING && alert.value() >= 0.3));
			MonitorTestSupport.await(Duration.ofSeconds(30),
					() -> this.received.stream().anyMatch((body) -> body.contains("query-time")));
			assertThat(this.requests.get()).as("the first attempt failed, the retry delivered").isGreaterThan(1);
			assertThat(this.received).anySatisfy((body) -> assertThat(body)
				.startsWith("{\"text\":\"mysql-pool alert raised: WARNING query-time on pool 'primary': ")
				.endsWith("s)\"}"));
			// No statement since: p95 0, resolved after resolve-after samples
			MonitorTestSupport.await(Duration.ofSeconds(30), () -> this.received.stream()
				.anyMatch((body) -> body.contains("resolved: WARNING query-time on pool 'primary'")));
			// Counted once the answer is back, after the server here received the body
			AlertWebhook webhook = context.getBean(AlertWebhook.class);
			MonitorTestSupport.await(Duration.ofSeconds(30), () -> webhook.getDelivered() >= 2);
		});
	}

	@Test
	void failingStatementsRaiseErrorRateWhileTheWebhookHangs(ReplicatedMariaDb db) {
		this.hang = true;
		runner(db).run((context) -> {
			PoolAlerts alerts = context.getBean(PoolAlerts.class);
			PoolHistory history = context.getBean(PoolHistory.class);
			JdbcTemplate primary = new JdbcTemplate(context.getBean(MySqlPools.class).getPrimary().getDataSource());
			primary.queryForObject("SELECT SLEEP(0.6)", Integer.class);
			MonitorTestSupport.await(Duration.ofSeconds(30), () -> this.requests.get() == 1);
			// The webhook now holds its first request: the sampler must go on regardless
			int samples = history.samples("primary").size();
			for (int i = 0; i < 25; i++) {
				assertThatException().isThrownBy(() -> primary.queryForList("SELECT * FROM no_such_table"));
			}
			MonitorTestSupport.await(Duration.ofSeconds(30),
					() -> alerts.active()
						.stream()
						.anyMatch((alert) -> alert.rule().equals("error-rate") && alert.pool().equals("primary")
								&& alert.severity() == AlertSeverity.CRITICAL && alert.value() >= 90));
			assertThat(history.samples("primary").size()).isGreaterThan(samples);
			assertThat(this.requests.get()).isEqualTo(1);
			this.release.countDown();
			MonitorTestSupport.await(Duration.ofSeconds(30),
					() -> this.received.stream().anyMatch((body) -> body.contains("CRITICAL error-rate")));
		});
	}

}
