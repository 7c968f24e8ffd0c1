package io.github.mysqlpool.monitor.statement.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.jayway.jsonpath.JsonPath;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.monitor.MonitorTestSupport;
import io.github.mysqlpool.pool.MySqlPools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kill guard on the embedded primary: a statement of the pool running past the limit
 * is killed, logged and counted, its connection stays usable, and the same statement run
 * by another client on the same server, with the same user, is left alone.
 *
 * @author mysql-pool team
 */
@ExtendWith({ EmbeddedMariaDbExtension.class, OutputCaptureExtension.class })
class LongStatementGuardIntegrationTests {

	@Test
	void killsOnlyThePoolsOwnLongStatements(ReplicatedMariaDb db, CapturedOutput output) {
		MonitorTestSupport.runner(db)
			.withPropertyValues("mysql-pool.monitor.kill-guard.enabled=true", "mysql-pool.monitor.kill-guard.limit=1s",
					"mysql-pool.monitor.kill-guard.interval=100ms")
			.run((context) -> {
				LongStatementGuard guard = context.getBean(LongStatementGuard.class);
				try (Connection outsider = DriverManager.getConnection(db.primary().jdbcUrl(), db.username(),
						db.password());
						Connection pooled = context.getBean(MySqlPools.class)
							.getPrimary()
							.getDataSource()
							.getConnection()) {
					// Another client of the same server and user runs the same long
					// statement
					CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> sleep(outsider, 6));
					long started = System.nanoTime();
					int interrupted;
					try {
						// SLEEP alone answers 1 when its statement is killed
						interrupted = sleepOrThrow(pooled, 30);
					}
					catch (SQLException ex) {
						interrupted = 1;
					}
					assertThat(interrupted).isOne();
					assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
					// The statement may end before the guard counts the kill it sent
					long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
					while (guard.getKills("primary") == 0 && System.nanoTime() < deadline) {
						Thread.sleep(20);
					}
					assertThat(guard.getKills("primary")).isEqualTo(1);
					assertThat(sleepOrThrow(pooled, 0)).as("the connection still works").isZero();
					assertThat(other.join()).as("the other client's statement ran to its end").isZero();
				}
				assertThat(output).contains("mysql-pool killed a statement of pool 'primary'");
				assertThat(JsonPath.parse(MonitorTestSupport.toJson(context.getBean(MySqlPoolEndpoint.class).pools()))
					.<Integer>read("$.pools[0].killedStatements")).isEqualTo(1);
			});
	}

	@Test
	void isOffUnlessEnabled(ReplicatedMariaDb db) {
		MonitorTestSupport.runner(db).run((context) -> assertThat(context).doesNotHaveBean(LongStatementGuard.class));
	}

	private static int sleep(Connection connection, int seconds) {
		try {
			return sleepOrThrow(connection, seconds);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int sleepOrThrow(Connection connection, int seconds) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT SLEEP(" + seconds + ")")) {
			result.next();
			return result.getInt(1);
		}
	}

}
