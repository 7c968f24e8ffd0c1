package io.github.mysqlpool.consistency;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolConsistencyAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What read-your-writes in gtid mode costs while replicas really lag (their SQL threads
 * stopped): a scope waits for a replica at most once per write, a read-only transaction
 * that runs no statement waits for nothing, and a fenced read asks the replica most
 * likely to have the write.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class ReadYourWritesWaitIntegrationTests {

	private static final String HEADER = "MySql-Pool-Consistency";

	private static final int FLOWS = 10;

	private static final AtomicInteger ids = new AtomicInteger(
			(int) (System.currentTimeMillis() % 1_000_000) * 100 + 70_000_000);

	private static ReplicatedMariaDb db;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

	private ConfigurableApplicationContext context;

	private String base;

	@BeforeAll
	static void createTable(ReplicatedMariaDb topology) {
		db = topology;
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
					+ ".ryw_wait_items (id INT PRIMARY KEY, item_value INT NOT NULL)");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(30));
	}

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
		db.heal();
	}

	@Test
	void pageAfterARedirectWaitsOnceWhileReplicasLag() throws Exception {
		start("gtid", "250ms");
		ReadYourWrites readYourWrites = this.context.getBean(ReadYourWrites.class);
		lagBothReplicas();
		int id = ids.incrementAndGet();
		String token = post(id, 5);
		long waitsBefore = readYourWrites.getReplicaWaits();
		long primaryReadsBefore = readYourWrites.getPrimaryReads();
		HttpResponse<String> page = get("/page/" + id, token);
		assertThat(page.body()).as("both read-only transactions see the write").isEqualTo("5,5");
		assertThat(readYourWrites.getReplicaWaits() - waitsBefore)
			.as("the second transaction reads the primary without waiting again")
			.isEqualTo(1);
		assertThat(readYourWrites.getPrimaryReads() - primaryReadsBefore).as("fenced reads served by the primary")
			.isEqualTo(2);
	}

	@Test
	void readOnlyTransactionThatRunsNoStatementWaitsForNothing() {
		start("gtid", "250ms");
		ReadYourWrites readYourWrites = this.context.getBean(ReadYourWrites.class);
		Items items = this.context.getBean(Items.class);
		lagBothReplicas();
		int id = ids.incrementAndGet();
		items.insert(id, 3);
		long waitsBefore = readYourWrites.getReplicaWaits();
		items.nothing();
		assertThat(readYourWrites.getReplicaWaits() - waitsBefore).as("waits of a transaction that ran nothing")
			.isZero();
		assertThat(items.read(id)).isEqualTo(3);
		assertThat(readYourWrites.getReplicaWaits() - waitsBefore).isEqualTo(1);
	}

	@Test
	void fencedReadAsksTheReplicaThatLagsLeast() {
		// A generous wait, so that the caught-up replica answers in time on a loaded
		// machine; the lagging one never would
		start("gtid", "5s");
		ReadYourWrites readYourWrites = this.context.getBean(ReadYourWrites.class);
		ReplicaMonitor monitor = this.context.getBean(ReplicaMonitor.class);
		Items items = this.context.getBean(Items.class);
		db.replica(0).stopReplicationSqlThread();
		int lagging = ids.incrementAndGet();
		items.insert(lagging, 0);
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (lagSeconds(monitor, "replica-1") < 2 && System.nanoTime() < deadline) {
			sleep(50);
		}
		assertThat(lagSeconds(monitor, "replica-1")).as("replica-1's lag as the monitor measures it")
			.isGreaterThanOrEqualTo(2);
		for (int i = 0; i < FLOWS; i++) {
			int id = ids.incrementAndGet();
			items.insert(id, i);
			assertThat(items.readWithServer(id)).containsExactly(i, db.replica(1).serverId());
		}
		assertThat(readYourWrites.getReplicaWaitTimeouts()).isZero();
	}

	/**
	 * POST + redirect: a write, then a page of two read-only transactions in the next
	 * request carrying the token, against reading the primary directly (primary-window
	 * mode). Prints the figures of the README's cost table.
	 */
	@Test
	void postAndRedirectCostsAtMostOneWaitAboveReadingThePrimary() throws Exception {
		start("primary-window", "250ms");
		lagBothReplicas();
		List<Long> primary = postAndRedirect();
		this.context.close();
		start("gtid", "250ms");
		ReadYourWrites readYourWrites = this.context.getBean(ReadYourWrites.class);
		List<Long> gtid = postAndRedirect();
		print("primary-window", primary);
		print("gtid, wait 250 ms", gtid);
		assertThat(readYourWrites.getReplicaWaits()).as("one wait per POST + redirect").isEqualTo(FLOWS);
	}

	private List<Long> postAndRedirect() throws Exception {
		List<Long> nanos = new ArrayList<>();
		for (int i = 0; i < FLOWS; i++) {
			int id = ids.incrementAndGet();
			long started = System.nanoTime();
			String token = post(id, i);
			HttpResponse<String> page = get("/page/" + id, token);
			nanos.add(System.nanoTime() - started);
			assertThat(page.body()).isEqualTo(i + "," + i);
		}
		return nanos;
	}

	private static void print(String label, List<Long> nanos) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		System.out.printf("POST + redirect [%s], replicas lagging: p50 %.1f ms, max %.1f ms over %d flows%n", label,
				sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() - 1) / 1e6, sorted.size());
	}

	private void start(String mode, String waitTimeout) {
		this.context = new SpringApplicationBuilder(WebApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "mysql-pool.primary.url=" + db.primary().jdbcUrl(),
					"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
					"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
					"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=4",
					// Lagging replicas stay in rotation: only read-your-writes protects
					// the reads
					"mysql-pool.replication.max-lag=60s", "mysql-pool.replication.lag-source=heartbeat",
					"mysql-pool.replication.probe-interval=250ms", "mysql-pool.consistency.read-your-writes=" + mode,
					"mysql-pool.consistency.gtid-wait-timeout=" + waitTimeout,
					"mysql-pool.consistency.token.secret=wait-test-secret")
			.run();
		this.base = "http://127.0.0.1:" + this.context.getEnvironment().getProperty("local.server.port");
	}

	private String post(int id, int value) throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/items/" + id + "?value=" + value))
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(response.statusCode()).isEqualTo(200);
		return response.headers().firstValue(HEADER).orElseThrow();
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).header(HEADER, token));
		assertThat(response.statusCode()).isEqualTo(200);
		return response;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create(this.base + path);
	}

	private static double lagSeconds(ReplicaMonitor monitor, String pool) {
		Double lag = monitor.status(pool).lagSeconds();
		return (lag != null) ? lag : 0;
	}

	private static void lagBothReplicas() {
		for (Node replica : db.replicas()) {
			replica.stopReplicationSqlThread();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ MySqlPoolAutoConfiguration.class, MySqlPoolReplicationAutoConfiguration.class,
			MySqlPoolConsistencyAutoConfiguration.class, DataSourceAutoConfiguration.class,
			DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
			JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class,
			TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
			WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class })
	static class WebApplication {

		@Bean
		Items items(JdbcTemplate jdbcTemplate) {
			return new Items(jdbcTemplate);
		}

		@Bean
		PageController pageController(Items items) {
			return new PageController(items);
		}

	}

	@RestController
	static class PageController {

		private final Items items;

		PageController(Items items) {
			this.items = items;
		}

		@PostMapping("/items/{id}")
		String insert(@PathVariable int id, @RequestParam int value) {
			this.items.insert(id, value);
			return "ok";
		}

		/**
		 * The page the redirect shows: two read-only transactions, as a controller
		 * calling two services does.
		 */
		@GetMapping("/page/{id}")
		String page(@PathVariable int id) {
			return this.items.read(id) + "," + this.items.read(id);
		}

	}

	static class Items {

		private final JdbcTemplate jdbcTemplate;

		Items(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@Transactional
		void insert(int id, int value) {
			this.jdbcTemplate.update("INSERT INTO ryw_wait_items (id, item_value) VALUES (?, ?)", id, value);
		}

		@Transactional(readOnly = true)
		void nothing() {
		}

		/**
		 * The item's value, -1 when the row is not there.
		 */
		@Transactional(readOnly = true)
		long read(int id) {
			return readWithServer(id)[0];
		}

		/**
		 * The item's value (-1 when the row is not there) and the server that answered.
		 */
		@Transactional(readOnly = true)
		long[] readWithServer(int id) {
			return this.jdbcTemplate.query("SELECT (SELECT item_value FROM ryw_wait_items WHERE id = ?), @@server_id",
					(rs) -> {
						rs.next();
						long value = rs.getLong(1);
						return new long[] { rs.wasNull() ? -1 : value, rs.getLong(2) };
					}, id);
		}

	}

}
