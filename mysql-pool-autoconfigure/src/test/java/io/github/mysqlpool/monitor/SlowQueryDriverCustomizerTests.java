package io.github.mysqlpool.monitor;

import java.time.Clock;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SlowQueryDriverCustomizer}.
 *
 * @author mysql-pool team
 */
class SlowQueryDriverCustomizerTests {

	private final SlowQueryDriverCustomizer customizer = new SlowQueryDriverCustomizer(
			new SlowQueryLog(Duration.ofMillis(250), 20, Clock.systemUTC()));

	@Test
	void connectorJPoolReportsStatementsOfAtLeastTheThreshold() {
		HikariDataSource hikari = new HikariDataSource();
		hikari.setJdbcUrl("jdbc:mysql://db.example.com:3306/app");
		this.customizer.customize("primary", hikari);
		assertThat(hikari.getDataSourceProperties()).containsEntry("logSlowQueries", "true")
			.containsEntry("autoSlowLog", "false")
			.containsEntry("slowQueryThresholdMillis", "249")
			.containsEntry("profilerEventHandler", SlowQueryEventHandler.class.getName())
			.hasEntrySatisfying(SlowQueryEventHandler.RECEIVER_PROPERTY,
					(receiver) -> assertThat(receiver.toString()).startsWith("primary#"));
	}

	@Test
	void poolWithItsOwnProfilerEventHandlerIsLeftAlone() {
		HikariDataSource hikari = new HikariDataSource();
		hikari.setJdbcUrl("jdbc:mysql://db.example.com:3306/app");
		hikari.addDataSourceProperty("profilerEventHandler", "com.example.AuditHandler");
		this.customizer.customize("primary", hikari);
		assertThat(hikari.getDataSourceProperties()).containsOnlyKeys("profilerEventHandler");
	}

	@Test
	void poolOnAnotherDriverIsLeftAlone() {
		HikariDataSource hikari = new HikariDataSource();
		hikari.setJdbcUrl("jdbc:mariadb://db.example.com:3306/app");
		this.customizer.customize("primary", hikari);
		assertThat(hikari.getDataSourceProperties()).isEmpty();
	}

}
