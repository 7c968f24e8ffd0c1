package io.github.mysqlpool.pool.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServerFlavor}.
 *
 * @author mysql-pool team
 */
class ServerFlavorTests {

	@Test
	void mariaDb114UsesReplicaStatusAndSlaveMonitor() {
		ServerFlavor flavor = ServerFlavor.parse("11.4.5-MariaDB-log");
		assertThat(flavor.mariaDb()).isTrue();
		assertThat(flavor.displayName()).isEqualTo("MariaDB 11.4.5");
		assertThat(flavor.replicaStatusStatement()).isEqualTo("SHOW REPLICA STATUS");
		assertThat(flavor.monitorPrivilege()).isEqualTo("SLAVE MONITOR");
	}

	@Test
	void oldMariaDbWithCompatibilityPrefixUsesSlaveStatus() {
		ServerFlavor flavor = ServerFlavor.parse("5.5.5-10.4.32-MariaDB");
		assertThat(flavor.displayName()).isEqualTo("MariaDB 10.4.32");
		assertThat(flavor.replicaStatusStatement()).isEqualTo("SHOW SLAVE STATUS");
		assertThat(flavor.monitorPrivilege()).isEqualTo("REPLICATION CLIENT");
	}

	@Test
	void mySql84UsesReplicaStatusAndReplicationClient() {
		ServerFlavor flavor = ServerFlavor.parse("8.4.2");
		assertThat(flavor.mariaDb()).isFalse();
		assertThat(flavor.replicaStatusStatement()).isEqualTo("SHOW REPLICA STATUS");
		assertThat(flavor.monitorPrivilege()).isEqualTo("REPLICATION CLIENT");
	}

	@Test
	void mySqlBefore8022UsesSlaveStatus() {
		assertThat(ServerFlavor.parse("8.0.21-log").replicaStatusStatement()).isEqualTo("SHOW SLAVE STATUS");
		assertThat(ServerFlavor.parse("5.7.44").replicaStatusStatement()).isEqualTo("SHOW SLAVE STATUS");
		assertThat(ServerFlavor.parse("8.0.22").replicaStatusStatement()).isEqualTo("SHOW REPLICA STATUS");
	}

	@Test
	void distributionComesFromTheVersionAndItsComment() {
		assertThat(ServerFlavor.parse("11.4.5-MariaDB-log", "MariaDB Server").distribution()).isEqualTo("MariaDB");
		assertThat(
				ServerFlavor.parse("8.0.36-28", "Percona Server (GPL), Release 28, Revision 47601f19").distribution())
			.isEqualTo("Percona Server");
		assertThat(ServerFlavor.parse("8.4.2", "MySQL Community Server - GPL").distribution()).isEqualTo("MySQL");
		ServerFlavor byComment = ServerFlavor.parse("10.11.6", "mariadb.org binary distribution");
		assertThat(byComment.mariaDb()).isTrue();
		assertThat(byComment.productName()).isEqualTo("MariaDB");
	}

}
