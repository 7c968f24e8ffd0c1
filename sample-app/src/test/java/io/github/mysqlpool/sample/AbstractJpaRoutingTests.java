package io.github.mysqlpool.sample;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.mysqlpool.sample.shop.ProductRepository;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.dialect.MariaDBDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data JPA on the starter, with open-in-view on or off (set by the subclasses):
 * reads on replicas, writes on the primary, in one request too.
 *
 * @author mysql-pool team
 */
abstract class AbstractJpaRoutingTests {

	private static final int READS = 20;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private ProductRepository products;

	@Autowired
	private EntityManagerFactory entityManagerFactory;

	@Test
	void requestThatReadsThroughReadOnlyRepositoryMethodThenUpdatesWritesOnThePrimary() throws Exception {
		BigDecimal price = new BigDecimal("15.75").add(BigDecimal.valueOf(System.nanoTime() % 1000, 2));
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/api/products/3/price"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"price\":" + price + "}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		String onPrimary = EmbeddedDatabase.running()
			.primary()
			.queryForString("SELECT price FROM app.product WHERE id = 3");
		assertThat(new BigDecimal(onPrimary)).isEqualByComparingTo(price);
	}

	@Test
	void readsOfGetRequestsLandOnReplicas() throws Exception {
		ServerCounters before = ServerCounters.read();
		for (int i = 0; i < READS; i++) {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/api/products")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
		}
		ServerCounters after = ServerCounters.read();
		assertThat(after.replicasSince(before)).isGreaterThanOrEqualTo(READS);
		assertThat(after.primarySince(before)).isLessThan(READS / 2);
	}

	@Test
	void derivedQueryMarkedReadOnlyOnTheRepositoryInterfaceIsServedByAReplica() {
		ServerCounters before = ServerCounters.read();
		for (int i = 0; i < READS; i++) {
			assertThat(this.products.findByNameContainingIgnoreCaseOrderById("e")).isNotEmpty();
		}
		ServerCounters after = ServerCounters.read();
		assertThat(after.replicasSince(before)).isGreaterThanOrEqualTo(READS);
		assertThat(after.primarySince(before)).isLessThan(READS / 2);
	}

	@Test
	void derivedQueryWithoutReadOnlyIsServedByThePrimary() {
		ServerCounters before = ServerCounters.read();
		for (int i = 0; i < READS; i++) {
			assertThat(this.products.findByPriceLessThanOrderById(new BigDecimal("1000"))).isNotEmpty();
		}
		ServerCounters after = ServerCounters.read();
		assertThat(after.primarySince(before)).isGreaterThanOrEqualTo(READS);
		assertThat(after.replicasSince(before)).isLessThan(READS / 2);
	}

	@Test
	void hibernateUsesTheMariaDbDialectWithTheServersRealVersion() {
		var dialect = this.entityManagerFactory.unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect();
		assertThat(dialect).isInstanceOf(MariaDBDialect.class);
		assertThat(dialect.getVersion().getMajor()).isEqualTo(11);
		assertThat(dialect.getVersion().getMinor()).isEqualTo(4);
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
