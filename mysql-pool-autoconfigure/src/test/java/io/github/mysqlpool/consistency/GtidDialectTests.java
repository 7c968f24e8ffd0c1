package io.github.mysqlpool.consistency;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GtidDialect}: the MariaDB statements run on a real primary and a real
 * replica, whose replication is stopped to leave a position unreached; MySQL's answers as
 * its manual gives them (its statements run on real MySQL in the container tests).
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class GtidDialectTests {

	private static final GtidDialect MARIADB = GtidDialect.of(true);

	@BeforeAll
	static void createTable(ReplicatedMariaDb db) {
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
					+ ".gtid_dialect (id BIGINT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(32))");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(30));
	}

	@AfterEach
	void heal(ReplicatedMariaDb db) {
		db.heal();
	}

	@Test
	void mariaDbPrimaryGivesGtidsAndAReplicaWaitsUntilItHasAppliedThePosition(ReplicatedMariaDb db)
			throws SQLException {
		assertThat(MARIADB).isEqualTo(GtidDialect.MARIADB);
		try (Connection primary = connect(db, db.primary()); Connection replica = connect(db, db.replica(0))) {
			assertThat(MARIADB.enabled(queryForString(primary, MARIADB.enabledQuery()))).isTrue();
			write(primary);
			String position = queryForString(primary, MARIADB.positionQuery());
			assertThat(position).matches("\\d+-\\d+-\\d+(,\\d+-\\d+-\\d+)*");
			assertThat(MARIADB.reached(waitFor(replica, position, Duration.ofSeconds(30)))).isTrue();
		}
	}

	@Test
	void mariaDbWaitAnswersNotReachedWhileTheReplicaHasNotAppliedThePosition(ReplicatedMariaDb db) throws SQLException {
		try (Connection primary = connect(db, db.primary()); Connection replica = connect(db, db.replica(0))) {
			db.replica(0).stopReplicationSqlThread();
			write(primary);
			String position = queryForString(primary, MARIADB.positionQuery());
			assertThat(MARIADB.reached(waitFor(replica, position, Duration.ofMillis(200)))).isFalse();
			db.replica(0).startReplicationSqlThread();
			assertThat(MARIADB.reached(waitFor(replica, position, Duration.ofSeconds(30)))).isTrue();
		}
	}

	@Test
	void mySqlWaitAnswersZeroWhenReachedAndOneOnTimeout() {
		// MySQL 8.4 manual, "Functions Used with Global Transaction Identifiers":
		// WAIT_FOR_EXECUTED_GTID_SET returns 0 on success, 1 on timeout
		assertThat(GtidDialect.of(false)).isEqualTo(GtidDialect.MYSQL);
		assertThat(GtidDialect.MYSQL.reached(0L)).isTrue();
		assertThat(GtidDialect.MYSQL.reached(1L)).isFalse();
		assertThat(GtidDialect.MYSQL.reached(null)).isFalse();
	}

	@Test
	void mySqlHasGtidsOnlyWithGtidModeOn() {
		assertThat(GtidDialect.MYSQL.enabled("ON")).isTrue();
		for (String answer : new String[] { "OFF", "OFF_PERMISSIVE", "ON_PERMISSIVE", "1", null }) {
			assertThat(GtidDialect.MYSQL.enabled(answer)).as(String.valueOf(answer)).isFalse();
		}
		assertThat(GtidDialect.MYSQL.disabledAction()).contains("gtid_mode=ON")
			.contains("mysql-pool.consistency.read-your-writes=primary-window");
	}

	@Test
	void mariaDbHasGtidsOnlyWhenItLogsBinary() {
		assertThat(GtidDialect.MARIADB.enabled("0")).isFalse();
		assertThat(GtidDialect.MARIADB.enabled("OFF")).isFalse();
		assertThat(GtidDialect.MARIADB.enabled(null)).isFalse();
		assertThat(GtidDialect.MARIADB.disabledAction()).contains("log-bin")
			.contains("mysql-pool.consistency.read-your-writes=primary-window");
	}

	private static Connection connect(ReplicatedMariaDb db, Node node) throws SQLException {
		return DriverManager.getConnection(node.jdbcUrl(), db.username(), db.password());
	}

	private static void write(Connection primary) throws SQLException {
		try (PreparedStatement insert = primary.prepareStatement("INSERT INTO gtid_dialect (note) VALUES ('w')")) {
			insert.executeUpdate();
		}
	}

	private static @Nullable String queryForString(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet result = statement.executeQuery()) {
			assertThat(result.next()).as(sql).isTrue();
			return result.getString(1);
		}
	}

	private static @Nullable Number waitFor(Connection replica, String position, Duration timeout) throws SQLException {
		try (PreparedStatement wait = replica.prepareStatement(MARIADB.waitQuery())) {
			wait.setString(1, position);
			wait.setBigDecimal(2, BigDecimal.valueOf(timeout.toMillis(), 3));
			try (ResultSet result = wait.executeQuery()) {
				assertThat(result.next()).isTrue();
				Object answer = result.getObject(1);
				return (answer != null) ? (Number) answer : null;
			}
		}
	}

}
