package io.github.mysqlpool.replica.lag.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.replica.lag.LagSource;
import io.github.mysqlpool.replica.lag.MissingReplicationPrivilegeException;
import io.github.mysqlpool.replica.lag.internal.ReplicaProbe.ProbeResult;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mysql.MySQLContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The probe against a real MySQL 8.4 where Docker is available: flavor detection, the
 * MySQL status statement and privilege, and the heartbeat in MySQL's dialect. The
 * replication faults themselves are covered on MariaDB by
 * {@link ReplicaMonitorIntegrationTests}.
 *
 * @author mysql-pool team
 */
@Testcontainers(disabledWithoutDocker = true)
class MySqlFlavorProbeTests {

	@Container
	static final MySQLContainer mysql = new MySQLContainer("mysql:8.4");

	private static final MonitorSettings REPLICA_STATUS = settings(LagSource.REPLICA_STATUS);

	@Test
	void serverThatDoesNotReplicateIsDetectedAsMySqlWithLagUnknown() throws Exception {
		grant("GRANT REPLICATION CLIENT ON *.* TO '" + mysql.getUsername() + "'@'%'");
		try (HikariDataSource pool = pool(mysql.getUsername())) {
			ReplicaProbe probe = new ReplicaProbe("replica-1", pool, REPLICA_STATUS,
					new HeartbeatTable("mysql_pool_heartbeat"), () -> false);
			ProbeResult result = probe.probe();
			assertThat(probe.detectedFlavor().mariaDb()).isFalse();
			assertThat(probe.detectedFlavor().major()).isEqualTo(8);
			assertThat(result.reached()).isTrue();
			assertThat(result.lag()).isNull();
			assertThat(result.error()).contains("does not replicate");
			probe.close();
		}
	}

	@Test
	void missingReplicationClientIsReportedWithTheGrant() throws Exception {
		grant("CREATE USER IF NOT EXISTS 'nomonitor'@'%' IDENTIFIED BY '" + mysql.getPassword() + "'");
		grant("GRANT ALL ON " + mysql.getDatabaseName() + ".* TO 'nomonitor'@'%'");
		try (HikariDataSource pool = pool("nomonitor")) {
			ReplicaProbe probe = new ReplicaProbe("replica-1", pool, REPLICA_STATUS,
					new HeartbeatTable("mysql_pool_heartbeat"), () -> false);
			assertThatExceptionOfType(MissingReplicationPrivilegeException.class).isThrownBy(probe::probe)
				.satisfies((ex) -> assertThat(ex.getGrant())
					.isEqualTo("GRANT REPLICATION CLIENT ON *.* TO 'nomonitor'@'%';"));
			probe.close();
		}
	}

	@Test
	void heartbeatIsWrittenAndReadInMySqlsDialect() {
		MonitorSettings settings = settings(LagSource.HEARTBEAT);
		HeartbeatTable table = new HeartbeatTable("mysql_pool_heartbeat");
		try (HikariDataSource pool = pool(mysql.getUsername())) {
			PrimaryProbe primary = new PrimaryProbe(pool, settings, table);
			assertThat(primary.probe().up()).isTrue();
			assertThat(primary.writesHeartbeat()).isTrue();
			ReplicaProbe probe = new ReplicaProbe("replica-1", pool, settings, table, () -> true);
			ProbeResult result = probe.probe();
			assertThat(result.fromHeartbeat()).isTrue();
			assertThat(result.lag()).isLessThan(Duration.ofSeconds(1));
			probe.close();
			primary.close();
		}
	}

	private static void grant(String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection(mysql.getJdbcUrl(), "root", mysql.getPassword());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static HikariDataSource pool(String username) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(mysql.getJdbcUrl());
		pool.setUsername(username);
		pool.setPassword(mysql.getPassword());
		return pool;
	}

	private static MonitorSettings settings(LagSource source) {
		return new MonitorSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), source, "mysql_pool_heartbeat",
				Duration.ofMillis(250), true, new FitnessPolicy(Duration.ofSeconds(5), Duration.ofSeconds(2), 3));
	}

}
