package io.github.mysqlpool.embedded;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for a {@link ReplicatedMariaDb} whose nodes listen on loopback addresses of their
 * own and share one port, so that a host name can be moved between them.
 *
 * @author mysql-pool team
 */
class ReplicatedMariaDbLoopbackAddressTests {

	private static final Duration CATCH_UP = Duration.ofSeconds(30);

	private static ReplicatedMariaDb db;

	@BeforeAll
	static void start() {
		db = ReplicatedMariaDb.builder().replicas(1).loopbackAddressPerNode().build().start();
		db.primary().executeAsRoot("CREATE TABLE app.items (id BIGINT PRIMARY KEY)");
		db.awaitReplicasCaughtUp(CATCH_UP);
	}

	@AfterAll
	static void close() {
		db.close();
	}

	@Test
	void eachNodeListensOnAnAddressOfItsOwnOnOneSharedPort() {
		Node primary = db.nodes().get(0);
		Node replica = db.nodes().get(1);
		assertThat(primary.host()).isEqualTo("127.0.0.2");
		assertThat(replica.host()).isEqualTo("127.0.0.3");
		assertThat(replica.port()).isEqualTo(primary.port());
		assertThat(primary.jdbcUrl()).startsWith("jdbc:mysql://127.0.0.2:" + primary.port() + "/");
		assertThat(primary.queryForString("SELECT @@bind_address")).isEqualTo("127.0.0.2");
		assertThat(replica.queryForString("SELECT @@bind_address")).isEqualTo("127.0.0.3");
		assertThat(replica.replicaStatus()).containsEntry("Master_Host", "127.0.0.2");
	}

	@Test
	void rolesChangeAndHealAsOnOneAddress() {
		Node first = db.nodes().get(0);
		Node second = db.nodes().get(1);
		first.executeAsRoot("INSERT INTO app.items VALUES (1)");
		db.switchover(second);
		assertThat(first.replicaStatus()).containsEntry("Master_Host", "127.0.0.3");
		second.executeAsRoot("INSERT INTO app.items VALUES (2)");
		db.awaitReplicasCaughtUp(CATCH_UP);
		assertThat(first.queryForLong("SELECT COUNT(*) FROM app.items")).isEqualTo(2);
		db.heal();
		assertThat(db.primary()).isSameAs(first);
		assertThat(second.replicaStatus()).containsEntry("Master_Host", "127.0.0.2");
		first.executeAsRoot("INSERT INTO app.items VALUES (3)");
		db.awaitReplicasCaughtUp(CATCH_UP);
		assertThat(second.queryForLong("SELECT COUNT(*) FROM app.items")).isEqualTo(3);
	}

}
