package io.github.mysqlpool.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running sample follows a switchover done on its embedded servers from outside, as
 * the README's "Trying a switchover" does by hand, and follows the switch back: writes,
 * the endpoint's topology and orders all move with the primary. The context is closed
 * afterwards, since its pools have taken other roles meanwhile.
 *
 * @author mysql-pool team
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SwitchoverTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@AfterEach
	void heal() {
		ReplicatedMariaDb db = EmbeddedDatabase.running();
		if (db != null) {
			db.heal();
		}
	}

	@Test
	void writesFollowASwitchoverAndTheSwitchBack() throws Exception {
		ReplicatedMariaDb db = EmbeddedDatabase.running();
		assertThat(db).isNotNull();
		Node first = db.primary();
		Node promoted = db.replica(0);
		assertThat(get("/api/servers/write")).isEqualTo("{\"pool\":\"primary\",\"serverId\":" + first.serverId() + "}");
		db.switchover(promoted);
		Awaitility.await()
			.atMost(DEADLINE)
			.pollInterval(Duration.ofMillis(50))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(get("/api/servers/write"))
				.isEqualTo("{\"pool\":\"replica-1-writes\",\"serverId\":" + promoted.serverId() + "}"));
		assertThat(get("/actuator/mysqlpool")).contains("\"primary\":\"replica-1\"");
		assertThat(post("/api/orders", "{\"productId\":1,\"quantity\":1}")).contains("\"productId\":1");
		db.heal();
		Awaitility.await()
			.atMost(DEADLINE)
			.pollInterval(Duration.ofMillis(50))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(get("/api/servers/write"))
				.isEqualTo("{\"pool\":\"primary\",\"serverId\":" + first.serverId() + "}"));
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	private String post(String path, String json) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
