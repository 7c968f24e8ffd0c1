package io.github.mysqlpool.actuate.endpoint;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.monitor.MonitorTestSupport;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.pool.MySqlPools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code POST /actuator/mysqlpool/evict} on the embedded topology: a pool's idle
 * connections are replaced at once, a connection in use keeps working and is replaced
 * when returned, other pools are untouched, and bad input changes nothing.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class EvictOperationIntegrationTests {

	@Test
	void evictReplacesEveryConnectionOfOnePoolOnly(ReplicatedMariaDb db) {
		MonitorTestSupport.runner(db).run((context) -> {
			MySqlPools pools = context.getBean(MySqlPools.class);
			DataSource replica = pools.get("replica-1").getDataSource();
			DataSource other = pools.get("replica-2").getDataSource();
			Set<Long> before = sessions(replica);
			Set<Long> otherBefore = sessions(other);
			MySqlPoolEndpoint endpoint = context.getBean(MySqlPoolEndpoint.class);
			try (Connection held = replica.getConnection()) {
				long heldId = sessionId(held);
				DocumentContext json = JsonPath
					.parse(MonitorTestSupport.toJson(endpoint.apply("evict", "replica-1", null, null)));
				assertThat(json.<String>read("$.pool")).isEqualTo("replica-1");
				assertThat(json.<Boolean>read("$.evicted")).isTrue();
				assertThat(json.<Integer>read("$.activeOnReturn")).isEqualTo(1);
				assertThat(json.<Integer>read("$.idleClosed")).isEqualTo(1);
				// In use when evicted: still works until it is returned
				assertThat(sessionId(held)).isEqualTo(heldId);
			}
			Set<Long> after = sessions(replica);
			assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
			assertThat(sessions(other)).isEqualTo(otherBefore);
			assertThat(context.getBean(PoolHistory.class).events("replica-1", null))
				.anySatisfy((event) -> assertThat(event.type()).isEqualTo("evict"));
		});
	}

	@Test
	void badInputIsRefusedAndEvictsNothing(ReplicatedMariaDb db) {
		MonitorTestSupport.runner(db).run((context) -> {
			MySqlPools pools = context.getBean(MySqlPools.class);
			Set<Long> before = sessions(pools.get("replica-1").getDataSource());
			Set<Long> primaryBefore = sessions(pools.getPrimary().getDataSource());
			MySqlPoolEndpoint endpoint = context.getBean(MySqlPoolEndpoint.class);
			for (String pool : new String[] { null, "", "no-such-pool" }) {
				assertThatExceptionOfType(InvalidEndpointRequestException.class).as("pool=%s", pool)
					.isThrownBy(() -> endpoint.apply("evict", pool, null, null));
			}
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.apply("evict", "replica-1", "5s", null));
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.apply("evict", "replica-1", null, 2));
			assertThat(sessions(pools.get("replica-1").getDataSource())).isEqualTo(before);
			assertThat(sessions(pools.getPrimary().getDataSource())).isEqualTo(primaryBefore);
		});
	}

	/**
	 * The server sessions of both connections of a pool of 2, borrowed together.
	 */
	private static Set<Long> sessions(DataSource pool) throws SQLException {
		try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
			return new HashSet<>(List.of(sessionId(first), sessionId(second)));
		}
	}

	private static long sessionId(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT CONNECTION_ID()")) {
			result.next();
			return result.getLong(1);
		}
	}

}
