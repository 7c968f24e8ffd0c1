package io.github.mysqlpool.sample;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile requests to the {@code mysqlpool} Actuator endpoint over real
 * HTTP: unknown pool names, huge or negative {@code since}, non-numeric values, very long
 * strings, bad bodies for the write operation, with and without the {@code OPS} role.
 * Each one gets the 4xx it deserves, never a 500; the application keeps serving; no
 * response and no log line holds a password.
 *
 * @author mysql-pool team
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ActuatorHostileInputTests {

	private static final String LONG = "x".repeat(5000);

	private static final String OPS = "ops:ops-pass";

	private static final String VIEWER = "viewer:viewer-pass";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	static Stream<Arguments> hostileRequests() {
		return Stream.of(get("unknown pool in history", "/actuator/mysqlpool/history?pool=nope", 400),
				get("empty pool name", "/actuator/mysqlpool/history?pool=", 400),
				get("very long pool name", "/actuator/mysqlpool/history?pool=" + LONG, 400),
				get("SQL in the pool name", "/actuator/mysqlpool/history?pool=" + encode("primary' OR '1'='1"), 400),
				get("markup in the pool name", "/actuator/mysqlpool/history?pool=" + encode("<script>x</script>"), 400),
				get("pool given twice", "/actuator/mysqlpool/history?pool=primary&pool=replica-1", 400),
				get("unknown pool in optimize", "/actuator/mysqlpool/optimize?pool=nope", 400),
				get("unknown pool in alerts", "/actuator/mysqlpool/alerts?pool=nope", 400),
				get("non-numeric since", "/actuator/mysqlpool/history?since=abc", 400),
				get("negative since", "/actuator/mysqlpool/history?since=-5m", 400),
				get("negative since in seconds", "/actuator/mysqlpool/history?since=-1", 400),
				get("huge since in days", "/actuator/mysqlpool/history?since=99999999999999d", 400),
				get("huge since in seconds", "/actuator/mysqlpool/history?since=99999999999999999s", 400),
				get("since overflowing a long", "/actuator/mysqlpool/history?since=999999999999999999999999m", 400),
				get("since with an exponent", "/actuator/mysqlpool/history?since=1e9999", 400),
				get("very long since", "/actuator/mysqlpool/history?since=" + LONG, 400),
				get("instant far in the future", "/actuator/mysqlpool/history?since=%2B999999999-12-31T23:59:59Z", 400),
				get("control character in since", "/actuator/mysqlpool/history?since=%00", 400),
				get("unknown section", "/actuator/mysqlpool/nothing", 400),
				get("very long section", "/actuator/mysqlpool/" + LONG, 400),
				get("path below a section", "/actuator/mysqlpool/history/primary", 404),
				get("unknown health component", "/actuator/health/mysqlpool/nope", 404),
				post("write without credentials", "/actuator/mysqlpool/optimize", "{\"pool\":\"primary\"}", null, 401),
				post("write with a wrong password", "/actuator/mysqlpool/optimize", "{\"pool\":\"primary\"}",
						"ops:wrong", 401),
				post("write with a garbled Authorization header", "/actuator/mysqlpool/optimize",
						"{\"pool\":\"primary\"}", "!!!", 401),
				post("write without the OPS role", "/actuator/mysqlpool/optimize", "{\"pool\":\"primary\"}", VIEWER,
						403),
				post("write without the OPS role, bad body", "/actuator/mysqlpool/optimize", "not json", VIEWER, 403),
				post("body that is not JSON", "/actuator/mysqlpool/optimize", "not json", OPS, 400),
				post("truncated JSON", "/actuator/mysqlpool/optimize", "{\"pool\":", OPS, 400),
				post("unknown pool in the body", "/actuator/mysqlpool/optimize", "{\"pool\":\"nope\"}", OPS, 400),
				post("number as the pool", "/actuator/mysqlpool/optimize", "{\"pool\":123}", OPS, 400),
				post("array as the pool", "/actuator/mysqlpool/optimize", "{\"pool\":[\"primary\"]}", OPS, 400),
				post("object as the pool", "/actuator/mysqlpool/optimize", "{\"pool\":{\"a\":1}}", OPS, 400),
				post("very long pool in the body", "/actuator/mysqlpool/optimize", "{\"pool\":\"" + LONG + "\"}", OPS,
						400),
				post("test without credentials", "/actuator/mysqlpool/test", "{\"duration\":\"1s\"}", null, 401),
				post("test without the OPS role", "/actuator/mysqlpool/test", "{\"duration\":\"1s\"}", VIEWER, 403),
				post("test with a body that is not JSON", "/actuator/mysqlpool/test", "not json", OPS, 400),
				post("test with truncated JSON", "/actuator/mysqlpool/test", "{\"duration\":", OPS, 400),
				post("test of an unknown pool", "/actuator/mysqlpool/test", "{\"pool\":\"nope\"}", OPS, 400),
				post("test with a negative duration", "/actuator/mysqlpool/test", "{\"duration\":\"-5s\"}", OPS, 400),
				post("test with a huge duration", "/actuator/mysqlpool/test", "{\"duration\":\"99999999999999d\"}", OPS,
						400),
				post("test longer than the limit", "/actuator/mysqlpool/test", "{\"duration\":\"61s\"}", OPS, 400),
				post("test with a duration that is no duration", "/actuator/mysqlpool/test", "{\"duration\":\"soon\"}",
						OPS, 400),
				post("test with no threads", "/actuator/mysqlpool/test", "{\"concurrency\":0}", OPS, 400),
				post("test with too many threads", "/actuator/mysqlpool/test", "{\"concurrency\":1000}", OPS, 400),
				post("test with threads that are no number", "/actuator/mysqlpool/test", "{\"concurrency\":\"many\"}",
						OPS, 400),
				post("evict without credentials", "/actuator/mysqlpool/evict", "{\"pool\":\"primary\"}", null, 401),
				post("evict without the OPS role", "/actuator/mysqlpool/evict", "{\"pool\":\"primary\"}", VIEWER, 403),
				post("evict with a body that is not JSON", "/actuator/mysqlpool/evict", "{\"pool\":", OPS, 400),
				post("evict of an unknown pool", "/actuator/mysqlpool/evict", "{\"pool\":\"nope\"}", OPS, 400),
				post("evict without a pool", "/actuator/mysqlpool/evict", "{}", OPS, 400),
				post("evict with a duration", "/actuator/mysqlpool/evict", "{\"pool\":\"primary\",\"duration\":\"5s\"}",
						OPS, 400),
				post("write to a read-only section", "/actuator/mysqlpool/history", "{}", OPS, 400),
				post("write to an unknown section", "/actuator/mysqlpool/" + LONG, "{}", OPS, 400));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileRequests")
	void hostileRequestGetsAClientErrorAndLeaksNothing(String name, String method, String path, @Nullable String body,
			@Nullable String credentials, int expectedStatus, CapturedOutput output) throws Exception {
		HttpResponse<String> response = send(method, path, body, credentials);
		assertThat(response.statusCode()).as("%s %s", method, name).isEqualTo(expectedStatus);
		assertThat(response.body()).doesNotContain("<script>").doesNotContain("Exception");
		if (!path.startsWith("/actuator/mysqlpool/" + LONG)) {
			// Boot's error body names the request's path, but no other input comes back
			assertThat(response.body()).doesNotContain(LONG);
		}
		HttpResponse<String> health = send("GET", "/actuator/health", null, null);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(send("GET", "/api/servers/read", null, null).statusCode()).isEqualTo(200);
		for (String secret : secrets()) {
			assertThat(response.body()).doesNotContain(secret);
			assertThat(output.getAll()).doesNotContain(secret);
		}
		assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("\tat ");
	}

	private static List<String> secrets() {
		ReplicatedMariaDb db = EmbeddedDatabase.running();
		assertThat(db).isNotNull();
		return List.of(db.password(), db.rootPassword(), "ops-pass", "viewer-pass");
	}

	private HttpResponse<String> send(String method, String path, @Nullable String body, @Nullable String credentials)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (body != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		if (credentials != null) {
			request.header("Authorization",
					credentials.contains(":")
							? "Basic "
									+ Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))
							: credentials);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static Arguments get(String name, String path, int expectedStatus) {
		return Arguments.of(name, "GET", path, null, null, expectedStatus);
	}

	private static Arguments post(String name, String path, String body, @Nullable String credentials,
			int expectedStatus) {
		return Arguments.of(name, "POST", path, body, credentials, expectedStatus);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
