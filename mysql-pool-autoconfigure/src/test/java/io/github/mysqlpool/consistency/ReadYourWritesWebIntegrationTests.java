package io.github.mysqlpool.consistency;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolConsistencyAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.routing.ReadOnly;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
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
 * The read-your-writes filter in a real web server against real lagging replicas (their
 * SQL threads stopped): the token a response carries, and requests whose work runs on
 * another thread.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class ReadYourWritesWebIntegrationTests {

	private static final String HEADER = "MySql-Pool-Consistency";

	private static final AtomicInteger ids = new AtomicInteger(
			(int) (System.currentTimeMillis() % 1_000_000) * 100 + 50_000_000);

	private static ConfigurableApplicationContext context;

	private static ReplicatedMariaDb db;

	private static String base;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

	@BeforeAll
	static void startApplication(ReplicatedMariaDb topology) {
		db = topology;
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
					+ ".ryw_web_items (id INT PRIMARY KEY, item_value INT NOT NULL)");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(30));
		context = new SpringApplicationBuilder(WebApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "mysql-pool.primary.url=" + db.primary().jdbcUrl(),
					"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
					"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
					"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=4",
					// Lagging replicas stay in rotation: only read-your-writes protects
					// the reads
					"mysql-pool.replication.max-lag=60s", "mysql-pool.replication.lag-source=heartbeat",
					"mysql-pool.replication.probe-interval=250ms",
					"mysql-pool.consistency.read-your-writes=primary-window",
					"mysql-pool.consistency.token.secret=web-test-secret")
			.run();
		base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
	}

	@AfterAll
	static void stopApplication() {
		if (context != null) {
			context.close();
		}
	}

	@AfterEach
	void heal() {
		db.heal();
	}

	@Test
	void requestWithManyWritesHandsOutOneTokenOfTheLatest() throws Exception {
		int from = ids.getAndAdd(100);
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/items/many?from=" + from + "&count=100"))
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> ours = response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith("mysql_pool_consistency="))
			.toList();
		assertThat(ours).hasSize(1);
		assertThat(response.headers().allValues(HEADER)).hasSize(1);
		String token = response.headers().firstValue(HEADER).orElseThrow();
		assertThat(ours.get(0)).startsWith("mysql_pool_consistency=" + token + ";");
		assertThat(token).startsWith("1." + response.body() + ".");
		assertThat(response.headers().allValues("Set-Cookie")).contains("app=kept; Path=/");
	}

	@Test
	void callableReadsInItsRequestsScope() throws Exception {
		lagBothReplicas();
		int id = ids.incrementAndGet();
		HttpResponse<String> write = send(
				HttpRequest.newBuilder(uri("/items/" + id + "?value=4")).POST(HttpRequest.BodyPublishers.noBody()));
		String token = write.headers().firstValue(HEADER).orElseThrow();
		HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/items/async/" + id)).header(HEADER, token));
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.body()).as("the Callable's read sees the write").isEqualTo("4");
	}

	@Test
	void callableWriteHandsOutATokenThatTheNextRequestReadsWith() throws Exception {
		lagBothReplicas();
		int id = ids.incrementAndGet();
		HttpResponse<String> write = send(HttpRequest.newBuilder(uri("/items/async/" + id + "?value=6"))
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(write.statusCode()).isEqualTo(200);
		String token = write.headers().firstValue(HEADER).orElse(null);
		assertThat(token).as("token of the Callable's write").isNotNull();
		HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/items/" + id)).header(HEADER, token));
		assertThat(read.body()).isEqualTo("6");
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(String path) {
		return URI.create(base + path);
	}

	private static void lagBothReplicas() {
		for (Node replica : db.replicas()) {
			replica.stopReplicationSqlThread();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ MySqlPoolAutoConfiguration.class, MySqlPoolReplicationAutoConfiguration.class,
			MySqlPoolConsistencyAutoConfiguration.class, DataSourceAutoConfiguration.class,
			DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
			JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
			TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
			WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class })
	static class WebApplication {

		@Bean
		Items items(JdbcTemplate jdbcTemplate) {
			return new Items(jdbcTemplate);
		}

		@Bean
		ItemsController itemsController(Items items, ReadYourWrites readYourWrites) {
			return new ItemsController(items, readYourWrites);
		}

	}

	@RestController
	static class ItemsController {

		private final Items items;

		private final ReadYourWrites readYourWrites;

		ItemsController(Items items, ReadYourWrites readYourWrites) {
			this.items = items;
			this.readYourWrites = readYourWrites;
		}

		@PostMapping("/items/many")
		String insertMany(@RequestParam int from, @RequestParam int count,
				jakarta.servlet.http.HttpServletResponse response) {
			response.addHeader("Set-Cookie", "app=kept; Path=/");
			for (int i = 0; i < count; i++) {
				this.items.insert(from + i, i);
			}
			return Long.toString(this.readYourWrites.lastWrite());
		}

		@PostMapping("/items/{id}")
		String insert(@PathVariable int id, @RequestParam int value) {
			this.items.insert(id, value);
			return "ok";
		}

		@GetMapping("/items/{id}")
		String read(@PathVariable int id) {
			return Long.toString(this.items.read(id));
		}

		@GetMapping("/items/async/{id}")
		Callable<String> readLater(@PathVariable int id) {
			return () -> Long.toString(this.items.read(id));
		}

		@PostMapping("/items/async/{id}")
		Callable<String> insertLater(@PathVariable int id, @RequestParam int value) {
			return () -> {
				this.items.insert(id, value);
				return "ok";
			};
		}

	}

	static class Items {

		private final JdbcTemplate jdbcTemplate;

		Items(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@Transactional
		void insert(int id, int value) {
			this.jdbcTemplate.update("INSERT INTO ryw_web_items (id, item_value) VALUES (?, ?)", id, value);
		}

		/**
		 * The item's value, -1 when the row is not there.
		 */
		@ReadOnly
		long read(int id) {
			return this.jdbcTemplate.query("SELECT (SELECT item_value FROM ryw_web_items WHERE id = ?)", (rs) -> {
				rs.next();
				long value = rs.getLong(1);
				return rs.wasNull() ? -1 : value;
			}, id);
		}

	}

}
