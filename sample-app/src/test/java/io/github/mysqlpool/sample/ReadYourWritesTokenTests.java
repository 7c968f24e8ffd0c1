package io.github.mysqlpool.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST-redirect-GET of a new product while both replicas lag for real: the GET that
 * carries the token of the POST reads the new row; one without it reads a replica that
 * has not got it.
 *
 * @author mysql-pool team
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mysql-pool.consistency.read-your-writes=gtid", "mysql-pool.replication.max-lag=60s" })
class ReadYourWritesTokenTests {

	private static final String HEADER = "MySql-Pool-Consistency";

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@LocalServerPort
	private int port;

	@AfterEach
	void catchUp() {
		EmbeddedDatabase.running().heal();
	}

	@Test
	void getAfterPostReadsTheNewRowWithTheTokenAndNotWithout() throws Exception {
		ReplicatedMariaDb db = EmbeddedDatabase.running();
		for (Node replica : db.replicas()) {
			replica.stopReplicationSqlThread();
		}
		long id = 1000 + (System.nanoTime() % 1_000_000);
		HttpResponse<String> created = this.http.send(HttpRequest.newBuilder(uri("/api/products"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"id\":" + id + ",\"name\":\"Scale\",\"price\":49.90,\"stock\":10}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).isEqualTo(303);
		String location = created.headers().firstValue("Location").orElseThrow();
		String token = created.headers().firstValue(HEADER).orElseThrow();
		String cookie = created.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(cookie).startsWith("mysql_pool_consistency=" + token).contains("HttpOnly");

		HttpResponse<String> withCookie = get(location, "Cookie", cookie.substring(0, cookie.indexOf(';')));
		assertThat(withCookie.statusCode()).isEqualTo(200);
		assertThat(withCookie.body()).contains("\"name\":\"Scale\"");
		HttpResponse<String> withHeader = get(location, HEADER, token);
		assertThat(withHeader.statusCode()).isEqualTo(200);
		HttpResponse<String> withoutToken = get(location, "X-Nothing", "1");
		assertThat(withoutToken.statusCode()).as("a replica without the row answers without the token").isEqualTo(404);
		HttpResponse<String> forged = get(location, HEADER, token.substring(0, token.lastIndexOf('.')) + ".forged");
		assertThat(forged.statusCode()).as("a forged token is ignored").isEqualTo(404);
	}

	private HttpResponse<String> get(String path, String header, String value) throws Exception {
		return this.http.send(
				HttpRequest.newBuilder(uri(path)).header(header, value).timeout(Duration.ofSeconds(10)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
