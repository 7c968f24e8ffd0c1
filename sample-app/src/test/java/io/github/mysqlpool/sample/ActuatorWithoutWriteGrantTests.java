package io.github.mysqlpool.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.github.mysqlpool.pool.MySqlPools;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without the explicit access grant the endpoint stays read-only: even the ops user
 * cannot resize a pool.
 *
 * @author mysql-pool team
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoint.mysqlpool.access=read-only")
class ActuatorWithoutWriteGrantTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private MySqlPools pools;

	@Test
	void optimizeIsRefusedWithoutTheGrantEvenWithTheRole() throws Exception {
		HttpResponse<String> read = this.http.send(
				HttpRequest.newBuilder(uri("/actuator/mysqlpool/optimize")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(read.statusCode()).isEqualTo(200);
		HttpResponse<String> write = this.http.send(HttpRequest.newBuilder(uri("/actuator/mysqlpool/optimize"))
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString("ops:ops-pass".getBytes(StandardCharsets.UTF_8)))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(write.statusCode()).isIn(404, 405);
		assertThat(this.pools.getPrimary().getHikari().getMaximumPoolSize()).isEqualTo(10);
	}

	@Test
	void testIsRefusedWithoutTheGrantEvenWithTheRole() throws Exception {
		HttpResponse<String> write = post("/actuator/mysqlpool/test", "{\"pool\":\"primary\",\"duration\":\"1s\"}");
		assertThat(write.statusCode()).isIn(404, 405);
		assertThat(write.body()).doesNotContain("operations");
	}

	@Test
	void evictIsRefusedWithoutTheGrantEvenWithTheRole() throws Exception {
		int total = this.pools.getPrimary().getHikari().getHikariPoolMXBean().getTotalConnections();
		HttpResponse<String> write = post("/actuator/mysqlpool/evict", "{\"pool\":\"primary\"}");
		assertThat(write.statusCode()).isIn(404, 405);
		assertThat(write.body()).doesNotContain("evicted");
		assertThat(this.pools.getPrimary().getHikari().getHikariPoolMXBean().getTotalConnections()).isEqualTo(total);
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString("ops:ops-pass".getBytes(StandardCharsets.UTF_8)))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
