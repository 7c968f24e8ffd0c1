package io.github.mysqlpool.replica.lag.internal;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPoolCustomizer;
import io.github.mysqlpool.pool.PoolRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectionErrorOverride} and the customizer that installs it.
 *
 * @author mysql-pool team
 */
class ConnectionErrorOverrideTests {

	private final MySqlPoolCustomizer installer = ReplicaMonitor.connectionErrorProbes();

	@Test
	void installedOnReadPoolsOnly() {
		HikariDataSource replica = new HikariDataSource();
		HikariDataSource primary = new HikariDataSource();
		this.installer.customize(new MySqlPool("replica-1", PoolRole.REPLICA, replica, 1), replica);
		this.installer.customize(new MySqlPool("primary", PoolRole.PRIMARY, primary, 1), primary);
		assertThat(replica.getExceptionOverride()).isInstanceOf(ConnectionErrorOverride.class);
		assertThat(primary.getExceptionOverride()).isNull();
	}

	@Test
	void overrideOfTheApplicationIsKept() {
		HikariDataSource replica = new HikariDataSource();
		SQLExceptionOverride own = new SQLExceptionOverride() {
		};
		replica.setExceptionOverride(own);
		this.installer.customize(new MySqlPool("replica-1", PoolRole.REPLICA, replica, 1), replica);
		assertThat(replica.getExceptionOverride()).isSameAs(own);
	}

	@Test
	void connectionFailureRunsTheBoundProbeAndLeavesEvictionToHikari() {
		ConnectionErrorOverride override = new ConnectionErrorOverride();
		AtomicInteger probes = new AtomicInteger();
		// Before the monitor binds, a failure asks nothing of anyone
		assertThat(override.adjudicate(new SQLException("Communications link failure", "08S01")))
			.isEqualTo(SQLExceptionOverride.Override.CONTINUE_EVICT);
		override.bind(probes::incrementAndGet);
		override.adjudicate(new SQLException("Communications link failure", "08S01"));
		override.adjudicate(new SQLException("Duplicate entry", "23000", 1062));
		assertThat(probes).hasValue(1);
	}

}
