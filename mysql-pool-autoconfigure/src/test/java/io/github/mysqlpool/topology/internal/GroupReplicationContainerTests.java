package io.github.mysqlpool.topology.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.topology.ServerRole;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mysql.MySQLContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Group Replication role source against a real group of one MySQL 8.4 member,
 * bootstrapped in single-primary mode, where Docker is available: the member is the
 * writable primary while the group runs, and no longer once it left the group. A group of
 * several members and a change of primary were not run: they need several containers
 * networked together, which the machine this project is built on does not have.
 *
 * @author mysql-pool team
 */
@Testcontainers(disabledWithoutDocker = true)
class GroupReplicationContainerTests {

	@Container
	static final MySQLContainer mysql = new MySQLContainer("mysql:8.4").withCommand("--server-id=1", "--gtid-mode=ON",
			"--enforce-gtid-consistency=ON", "--plugin-load-add=group_replication.so",
			"--group-replication-group-name=8a94f357-aab4-11df-86ab-c80aa9429562",
			"--group-replication-start-on-boot=OFF", "--group-replication-local-address=127.0.0.1:33061",
			"--group-replication-group-seeds=127.0.0.1:33061", "--group-replication-single-primary-mode=ON");

	@Test
	void theOnlinePrimaryOfTheGroupIsWritableAndNotOnceItLeft() throws Exception {
		asRoot("GRANT SELECT ON performance_schema.* TO '" + mysql.getUsername() + "'@'%'");
		asRoot("SET GLOBAL group_replication_bootstrap_group = ON");
		asRoot("START GROUP_REPLICATION");
		asRoot("SET GLOBAL group_replication_bootstrap_group = OFF");
		try (HikariDataSource pool = pool()) {
			RoleProbe probe = new RoleProbe("primary", pool, new GroupReplicationRoleSource(), Duration.ofSeconds(5),
					false);
			ServerRole role = probe.probe();
			assertThat(role.reachable()).isTrue();
			assertThat(role.writable()).isTrue();
			asRoot("STOP GROUP_REPLICATION");
			ServerRole stopped = probe.probe();
			assertThat(stopped.isWritable()).isFalse();
			probe.close();
		}
	}

	private static void asRoot(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(mysql.getJdbcUrl(), "root", mysql.getPassword());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static HikariDataSource pool() {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(mysql.getJdbcUrl());
		pool.setUsername(mysql.getUsername());
		pool.setPassword(mysql.getPassword());
		return pool;
	}

}
