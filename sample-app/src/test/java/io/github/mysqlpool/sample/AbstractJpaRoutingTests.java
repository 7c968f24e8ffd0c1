package io.github.mysqlpool.sample;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Predicate;

import io.github.mysqlpool.sample.StatementServers.Statement;
import io.github.mysqlpool.sample.shop.ProductRepository;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.dialect.MariaDBDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data JPA on the starter, with open-in-view on or off (set by the subclasses):
 * reads on replicas, writes on the primary, in one request too. The server of every
 * statement is recorded inside the driver ({@link StatementServers}), so that a single
 * read on the wrong server fails.
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

	@BeforeEach
	void forgetEarlierStatements() {
		StatementServers.clear();
	}

	@Test
	void requestThatReadsThroughReadOnlyRepositoryMethodThenUpdatesWritesOnThePrimary() throws Exception {
		BigDecimal price = new BigDecimal("15.75").add(BigDecimal.valueOf(System.nanoTime() % 1000, 2));
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/api/products/3/price"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"price\":" + price + "}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<Statement> statements = StatementServers.drain("product");
		// The read-only findById, on a replica; then the write transaction, whose own
		// statements (Hibernate's merge may read again) are all on the primary
		assertThat(statements).as("statements of the request").hasSizeGreaterThanOrEqualTo(2);
		assertThat(statements.get(0)).as("the read before the write")
			.matches(Statement::isRead, "is a read")
			.matches(Statement::onReplica, "ran on a replica");
		List<Statement> transaction = statements.subList(1, statements.size());
		assertThat(transaction).as("the write transaction")
			.allMatch(Statement::onPrimary, "ran on the primary")
			.anyMatch((statement) -> statement.sql().regionMatches(true, 0, "update", 0, 6));
		String onPrimary = EmbeddedDatabase.running()
			.primary()
			.queryForString("SELECT price FROM app.product WHERE id = 3");
		assertThat(new BigDecimal(onPrimary)).isEqualByComparingTo(price);
	}

	@Test
	void readsOfGetRequestsLandOnReplicas() throws Exception {
		for (int i = 0; i < READS; i++) {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/api/products")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertEachReadOn(StatementServers.drain("product"), Statement::onReplica, "a replica");
		}
	}

	@Test
	void derivedQueryMarkedReadOnlyOnTheRepositoryInterfaceIsServedByAReplica() {
		for (int i = 0; i < READS; i++) {
			assertThat(this.products.findByNameContainingIgnoreCaseOrderById("e")).isNotEmpty();
			assertEachReadOn(StatementServers.drain("product"), Statement::onReplica, "a replica");
		}
	}

	@Test
	void derivedQueryWithoutReadOnlyIsServedByThePrimary() {
		for (int i = 0; i < READS; i++) {
			assertThat(this.products.findByPriceLessThanOrderById(new BigDecimal("1000"))).isNotEmpty();
			assertEachReadOn(StatementServers.drain("product"), Statement::onPrimary, "the primary");
		}
	}

	@Test
	void hibernateUsesTheMariaDbDialectWithTheServersRealVersion() {
		var dialect = this.entityManagerFactory.unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect();
		assertThat(dialect).isInstanceOf(MariaDBDialect.class);
		assertThat(dialect.getVersion().getMajor()).isEqualTo(11);
		assertThat(dialect.getVersion().getMinor()).isEqualTo(4);
	}

	/**
	 * Each call above runs exactly one read: it must have been seen, and on the server
	 * expected.
	 */
	private static void assertEachReadOn(List<Statement> statements, Predicate<Statement> server, String expected) {
		assertThat(statements).as("statements of one call")
			.hasSize(1)
			.allMatch(Statement::isRead, "is a read")
			.allMatch(server, "ran on " + expected);
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
