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

	@Test
	void mySqlHasGtidsOnlyWithGtidModeOn() {
		assertThat(GtidDialect.MYSQL.enabledQuery()).isEqualTo("SELECT @@GLOBAL.gtid_mode");
		assertThat(GtidDialect.MYSQL.enabled("ON")).isTrue();
		for (String answer : new String[] { "OFF", "OFF_PERMISSIVE", "ON_PERMISSIVE", "1", null }) {
			assertThat(GtidDialect.MYSQL.enabled(answer)).as(String.valueOf(answer)).isFalse();
		}
		assertThat(GtidDialect.MYSQL.disabledAction()).contains("gtid_mode=ON")
			.contains("mysql-pool.consistency.read-your-writes=primary-window");
	}

	@Test
	void mariaDbHasGtidsWhenItLogsBinary() {
		assertThat(GtidDialect.MARIADB.enabledQuery()).isEqualTo("SELECT @@GLOBAL.log_bin");
		assertThat(GtidDialect.MARIADB.enabled("1")).isTrue();
		assertThat(GtidDialect.MARIADB.enabled("ON")).isTrue();
		assertThat(GtidDialect.MARIADB.enabled("0")).isFalse();
		assertThat(GtidDialect.MARIADB.enabled("OFF")).isFalse();
		assertThat(GtidDialect.MARIADB.enabled(null)).isFalse();
	}

}
