package io.github.mysqlpool.autoconfigure;

import java.sql.Connection;
import java.time.Duration;

import io.github.mysqlpool.consistency.ReadYourWrites;
import io.github.mysqlpool.consistency.ReadYourWritesMode;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes in gtid mode against a real MariaDB primary whose binary log is off,
 * so that its transactions get no GTID and its position stays empty.
 *
 * @author mysql-pool team
 */
class ReadYourWritesGtidCheckTests {

	private static ReplicatedMariaDb noBinlog;

	private static ApplicationContextRunner contextRunner;

	@BeforeAll
	static void startPrimaryWithoutBinaryLog() {
		noBinlog = ReplicatedMariaDb.builder().replicas(0).serverArguments("--skip-log-bin").build().start();
		contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
					MySqlPoolConsistencyAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withPropertyValues("mysql-pool.primary.url=" + noBinlog.primary().jdbcUrl(),
					"mysql-pool.primary.username=" + noBinlog.username(),
					"mysql-pool.primary.password=" + noBinlog.password(),
					"mysql-pool.replicas[0].url=" + noBinlog.primary().jdbcUrl(),
					"mysql-pool.replicas[0].username=" + noBinlog.username(),
					"mysql-pool.replicas[0].password=" + noBinlog.password(), "mysql-pool.pool.maximum-pool-size=2");
	}

	@AfterAll
	static void stop() {
		if (noBinlog != null) {
			noBinlog.close();
		}
	}

	@Test
	void gtidModeFailsStartUpNamingThePropertyAndTheFixWhenThePrimaryHasNoGtids() {
		assertThat(noBinlog.primary().queryForString("SELECT @@GLOBAL.log_bin")).isEqualTo("0");
		contextRunner.withPropertyValues("mysql-pool.consistency.read-your-writes=gtid").run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			FailureAnalysis analysis = new InvalidMySqlPoolPropertyFailureAnalyzer().analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("mysql-pool.consistency.read-your-writes")
				.contains("binary log is off");
			assertThat(analysis.getAction()).contains("log-bin")
				.contains("mysql-pool.consistency.read-your-writes=primary-window");
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(noBinlog.password());
		});
	}

	@Test
	void primaryWindowModeStartsWithoutGtids() {
		contextRunner.withPropertyValues("mysql-pool.consistency.read-your-writes=primary-window")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ReadYourWrites.class));
	}

	@Test
	void anEmptyPositionSendsAFencedReadToThePrimary() {
		contextRunner.withPropertyValues("mysql-pool.inspect-servers=false").run((context) -> {
			MySqlPools pools = context.getBean(MySqlPools.class);
			// Built directly: start-up would refuse this primary in gtid mode
			ReadYourWrites readYourWrites = new ReadYourWrites(ReadYourWritesMode.GTID, Duration.ofSeconds(10),
					Duration.ofMillis(100), pools.getPrimary());
			readYourWrites.recordWrite();
			try (Connection replica = pools.getReplicas().get(0).getDataSource().getConnection()) {
				assertThat(readYourWrites.awaitWrites(replica)).as("an empty position is never applied").isFalse();
			}
			finally {
				readYourWrites.clear();
			}
			assertThat(readYourWrites.getPrimaryReads()).isEqualTo(1);
		});
	}

}
