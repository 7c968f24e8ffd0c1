package io.github.mysqlpool.consistency;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GtidDialect}: both flavors' statements and answers.
 *
 * @author mysql-pool team
 */
class GtidDialectTests {

	@Test
	void mariaDbReadsTheBinlogPositionAndWaitsWithMasterGtidWait() {
		assertThat(GtidDialect.of(true)).isEqualTo(GtidDialect.MARIADB);
		assertThat(GtidDialect.MARIADB.positionQuery()).isEqualTo("SELECT @@GLOBAL.gtid_binlog_pos");
		assertThat(GtidDialect.MARIADB.waitQuery()).isEqualTo("SELECT MASTER_GTID_WAIT(?, ?)");
		assertThat(GtidDialect.MARIADB.reached(0)).isTrue();
		assertThat(GtidDialect.MARIADB.reached(-1)).isFalse();
		assertThat(GtidDialect.MARIADB.reached(null)).isFalse();
	}

	@Test
	void mySqlReadsTheExecutedSetAndWaitsWithWaitForExecutedGtidSet() {
		assertThat(GtidDialect.of(false)).isEqualTo(GtidDialect.MYSQL);
		assertThat(GtidDialect.MYSQL.positionQuery()).isEqualTo("SELECT @@GLOBAL.gtid_executed");
		assertThat(GtidDialect.MYSQL.waitQuery()).isEqualTo("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)");
		assertThat(GtidDialect.MYSQL.reached(0L)).isTrue();
		assertThat(GtidDialect.MYSQL.reached(1L)).isFalse();
	}

}
