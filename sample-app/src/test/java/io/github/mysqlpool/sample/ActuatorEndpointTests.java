package io.github.mysqlpool.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's Actuator over HTTP: every {@code mysqlpool} path, Prometheus, and the
 * write operation behind its role. No password appears in any response or in the log.
 *
 * @author mysql-pool team
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "mysql-pool.monitor.sample-interval=200ms")
@ExtendWith(OutputCaptureExtension.class)
class ActuatorEndpointTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	private MySqlPools pools;

	@LocalServerPort
	private int port;

	@Test
	void everyPathAnswersJsonAndTheWriteOperationNeedsTheOpsRole(CapturedOutput output) throws Exception {
		get("/api/servers/read");
		get("/api/servers/write");
		awaitSampleOf("replica-1");
		HttpResponse<String> status = get("/actuator/mysqlpool");
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(status.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).contains("json"));
		assertThat(status.body()).contains("\"name\":\"primary\"", "\"name\":\"replica-1\"", "\"name\":\"replica-2\"",
				"\"role\":\"REPLICA\"", "\"flavor\":\"MariaDB\"", "\"maxConnections\"", "\"threadsConnected\"",
				"\"slowQueries\"", "\"acquireTime\"", "\"routedBorrows\"");
		HttpResponse<String> history = get("/actuator/mysqlpool/history?pool=replica-1&since=10m");
		assertThat(history.statusCode()).isEqualTo(200);
		assertThat(history.body()).contains("\"replica-1\":[{\"time\"").doesNotContain("\"primary\":[");
		HttpResponse<String> optimize = get("/actuator/mysqlpool/optimize");
		assertThat(optimize.statusCode()).isEqualTo(200);
		assertThat(optimize.body()).contains("\"recommendations\"", "\"reasoning\"", "\"serverMaxConnections\"");
		HttpResponse<String> alerts = get("/actuator/mysqlpool/alerts");
		assertThat(alerts.statusCode()).isEqualTo(200);
		assertThat(alerts.body()).isEqualTo("{\"active\":[],\"resolved\":[]}");
		assertThat(get("/actuator/mysqlpool/nothing").statusCode()).isEqualTo(400);

		HttpResponse<String> anonymous = post("/actuator/mysqlpool/optimize", null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		HttpResponse<String> viewer = post("/actuator/mysqlpool/optimize", "viewer:viewer-pass");
		assertThat(viewer.statusCode()).isEqualTo(403);
		HikariDataSource primary = this.pools.getPrimary().getHikari();
		int maximumBefore = primary.getMaximumPoolSize();
		int minimumIdleBefore = primary.getMinimumIdle();
		HttpResponse<String> ops = post("/actuator/mysqlpool/optimize", "ops:ops-pass");
		assertThat(ops.statusCode()).isEqualTo(200);
		assertThat(ops.body()).contains("\"pool\":\"primary\"").doesNotContain("replica-1");
		// The live pool has the sizes the answer reports, before and after
		DocumentContext change = JsonPath.parse(ops.body());
		assertThat(change.<Integer>read("$.changes[0].maximumPoolSizeBefore")).isEqualTo(maximumBefore);
		assertThat(change.<Integer>read("$.changes[0].minimumIdleBefore")).isEqualTo(minimumIdleBefore);
		assertThat(primary.getMaximumPoolSize()).isEqualTo(change.<Integer>read("$.changes[0].maximumPoolSizeAfter"));
		assertThat(primary.getMinimumIdle()).isEqualTo(change.<Integer>read("$.changes[0].minimumIdleAfter"));
		assertThat(change.<Boolean>read("$.changes[0].applied"))
			.isEqualTo(primary.getMaximumPoolSize() != maximumBefore || primary.getMinimumIdle() != minimumIdleBefore);
		// Back to the configured sizes for the other tests of this context
		primary.getHikariConfigMXBean().setMaximumPoolSize(Math.max(maximumBefore, primary.getMaximumPoolSize()));
		primary.getHikariConfigMXBean().setMinimumIdle(minimumIdleBefore);
		primary.getHikariConfigMXBean().setMaximumPoolSize(maximumBefore);

		String all = String.join("\n", status.body(), history.body(), optimize.body(), alerts.body(), anonymous.body(),
				viewer.body(), ops.body(), get("/actuator/prometheus").body());
		ReplicatedMariaDb db = EmbeddedDatabase.running();
		assertThat(db).isNotNull();
		for (String secret : List.of(db.password(), db.rootPassword(), "ops-pass", "viewer-pass")) {
			assertThat(all).doesNotContain(secret);
			assertThat(output.getAll()).doesNotContain(secret);
		}
	}

	@Test
	void prometheusHasEveryPoolsHikariSeriesAndTheStartersMeters() throws Exception {
		get("/api/servers/read");
		get("/api/servers/read");
		HttpResponse<String> response = get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		String body = response.body();
		for (String pool : List.of("primary", "replica-1", "replica-2")) {
			assertThat(body).containsPattern("hikaricp_connections_max\\{[^}]*pool=\"" + pool + "\"[^}]*} 10");
			assertThat(body).containsPattern("hikaricp_connections_active\\{[^}]*pool=\"" + pool + "\"");
			assertThat(body).containsPattern("hikaricp_connections_acquire_seconds_count\\{[^}]*pool=\"" + pool + "\"");
			assertThat(body).containsPattern("mysqlpool_routing_borrows_total\\{[^}]*pool=\"" + pool + "\"");
			assertThat(body).containsPattern("mysqlpool_slow_queries_total\\{[^}]*pool=\"" + pool + "\"");
			assertThat(body).containsPattern("mysqlpool_statements_seconds_bucket\\{(?=[^}]*kind=\"select\")"
					+ "(?=[^}]*outcome=\"success\")(?=[^}]*pool=\"" + pool + "\")[^}]*le=\"");
		}
		for (String replica : List.of("replica-1", "replica-2")) {
			assertThat(body).containsPattern("mysqlpool_replica_lag_seconds\\{[^}]*pool=\"" + replica + "\"");
			assertThat(body).containsPattern("mysqlpool_replica_fit\\{[^}]*pool=\"" + replica + "\"[^}]*} 1");
		}
		assertThat(body).contains("mysqlpool_routing_fallbacks_total").contains("mysqlpool_retry_attempts_total");
		assertThat(body).containsPattern("mysqlpool_alerts_active\\{[^}]*severity=\"critical\"[^}]*} 0");
		assertThat(body).containsPattern("mysqlpool_alerts_active\\{[^}]*severity=\"warning\"");
	}

	/**
	 * Wait until the monitor has taken a sample of the pool, however slow the machine.
	 */
	private void awaitSampleOf(String pool) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!get("/actuator/mysqlpool/history?pool=" + pool + "&since=10m").body()
			.contains("\"" + pool + "\":[{\"time\"")) {
			assertThat(System.nanoTime()).as("no sample of %s", pool).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	@Test
	void testOperationChecksAPoolOverHttp() throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/actuator/mysqlpool/test"))
			.header("Content-Type", "application/json")
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString("ops:ops-pass".getBytes(StandardCharsets.UTF_8)))
			.POST(HttpRequest.BodyPublishers.ofString("{\"pool\":\"replica-1\",\"duration\":\"1s\",\"concurrency\":2}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		ReplicatedMariaDb db = EmbeddedDatabase.running();
		assertThat(db).isNotNull();
		assertThat(response.body())
			.contains("\"pool\":\"replica-1\"", "\"concurrency\":2", "\"errors\":0", ":" + db.replica(0).port() + "\":")
			.doesNotContain("\"pool\":\"primary\"");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String credentials) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"pool\":\"primary\"}"));
		if (credentials != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
