package io.github.mysqlpool.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.mysqlpool.pool.MySqlPools;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's own default access of the {@code mysqlpool} endpoint: with no
 * {@code access} property at all (the sample's grant is taken out of its
 * {@code application.yml}), the endpoint is read-only, so even the ops user cannot resize
 * a pool.
 *
 * @author mysql-pool team
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = ActuatorWithoutWriteGrantTests.WithoutAccessProperty.class)
class ActuatorWithoutWriteGrantTests {

	private static final String ACCESS = "management.endpoint.mysqlpool.access";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private MySqlPools pools;

	@Autowired
	private Environment environment;

	@Test
	void optimizeIsRefusedByDefaultEvenWithTheRole() throws Exception {
		assertThat(this.environment.containsProperty(ACCESS)).as(ACCESS + " set").isFalse();
		assertThat(this.environment.containsProperty("management.endpoints.access.default")).isFalse();
		HttpResponse<String> read = this.http.send(
				HttpRequest.newBuilder(uri("/actuator/mysqlpool/optimize")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(read.statusCode()).isEqualTo(200);
		int before = this.pools.getPrimary().getHikari().getMaximumPoolSize();
		HttpResponse<String> write = this.http.send(HttpRequest.newBuilder(uri("/actuator/mysqlpool/optimize"))
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString("ops:ops-pass".getBytes(StandardCharsets.UTF_8)))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"pool\":\"primary\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(write.statusCode()).as(write.body()).isIn(404, 405);
		assertThat(this.pools.getPrimary().getHikari().getMaximumPoolSize()).isEqualTo(before);
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

	/**
	 * Takes the endpoint's access property out of every property source loaded so far
	 * (the sample's {@code application.yml} grants unrestricted access).
	 */
	static class WithoutAccessProperty implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			MutablePropertySources sources = context.getEnvironment().getPropertySources();
			for (PropertySource<?> source : sources) {
				if (source instanceof MapPropertySource map && map.containsProperty(ACCESS)) {
					Map<String, Object> without = new LinkedHashMap<>(map.getSource());
					without.remove(ACCESS);
					sources.replace(map.getName(),
							(map instanceof OriginTrackedMapPropertySource)
									? new OriginTrackedMapPropertySource(map.getName(), without)
									: new MapPropertySource(map.getName(), without));
				}
			}
		}

	}

}
