package io.github.mysqlpool.monitor.internal;

import java.time.Clock;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.monitor.statement.internal.SlowQueryInterceptor;
import io.github.mysqlpool.monitor.statement.internal.SlowQueryLog;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.PoolRole;
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
	void connectorJPoolGetsTheInterceptorOfItsLog() {
		HikariDataSource hikari = new HikariDataSource();
		hikari.setJdbcUrl("jdbc:mysql://db.example.com:3306/app");
		this.customizer.customize(new MySqlPool("primary", PoolRole.PRIMARY, hikari, 1), hikari);
		assertThat(hikari.getDataSourceProperties())
			.containsEntry("queryInterceptors", SlowQueryInterceptor.class.getName())
			.hasEntrySatisfying(SlowQueryInterceptor.RECEIVER_PROPERTY,
					(receiver) -> assertThat(receiver.toString()).startsWith("primary#"));
	}

	@Test
	void interceptorsOfThePoolAreKeptAndRunFirst() {
		HikariDataSource hikari = new HikariDataSource();
		hikari.setJdbcUrl("jdbc:mysql://db.example.com:3306/app");
		hikari.addDataSourceProperty("queryInterceptors", "com.example.AuditInterceptor ");
		this.customizer.customize(new MySqlPool("primary", PoolRole.PRIMARY, hikari, 1), hikari);
		assertThat(hikari.getDataSourceProperties()).containsEntry("queryInterceptors",
				"com.example.AuditInterceptor," + SlowQueryInterceptor.class.getName());
	}

	@Test
	void poolOnAnotherDriverIsLeftAlone() {
		HikariDataSource hikari = new HikariDataSource();
		hikari.setJdbcUrl("jdbc:mariadb://db.example.com:3306/app");
		this.customizer.customize(new MySqlPool("primary", PoolRole.PRIMARY, hikari, 1), hikari);
		assertThat(hikari.getDataSourceProperties()).isEmpty();
	}

}
