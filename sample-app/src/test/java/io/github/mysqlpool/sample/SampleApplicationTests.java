package io.github.mysqlpool.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app on its embedded replicated database, over HTTP.
 *
 * @author mysql-pool team
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void readsAreServedByReplicas() throws Exception {
		Set<String> answers = new HashSet<>();
		for (int i = 0; i < 6; i++) {
			HttpResponse<String> response = get("/api/servers/read");
			assertThat(response.statusCode()).isEqualTo(200);
			answers.add(response.body());
		}
		assertThat(answers).containsExactlyInAnyOrder("{\"pool\":\"replica-1\",\"serverId\":2}",
				"{\"pool\":\"replica-2\",\"serverId\":3}");
	}

	@Test
	void writesAreServedByThePrimary() throws Exception {
		HttpResponse<String> response = get("/api/servers/write");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"pool\":\"primary\",\"serverId\":1}");
	}

	@Test
	void anOrderIsPlacedOnThePrimary() throws Exception {
		HttpResponse<String> products = get("/api/products");
		assertThat(products.statusCode()).isEqualTo(200);
		assertThat(products.body()).contains("Espresso beans 1 kg");
		HttpResponse<String> order = this.http.send(HttpRequest.newBuilder(uri("/api/orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"productId\":2,\"quantity\":3}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(order.statusCode()).isEqualTo(200);
		assertThat(order.body()).contains("\"productId\":2").contains("\"quantity\":3").contains("\"total\":387.00");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
