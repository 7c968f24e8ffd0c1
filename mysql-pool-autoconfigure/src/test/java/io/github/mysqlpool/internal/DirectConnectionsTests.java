package io.github.mysqlpool.internal;

import java.sql.SQLException;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DirectConnections}.
 *
 * @author mysql-pool team
 */
class DirectConnectionsTests {

	@ParameterizedTest
	@ValueSource(strings = {
			// Where no driver accepts the URL, DriverManager names it; MariaDB
			// Connector/J
			// reports the "port" pass@host of user:pass@host
			"jdbc:mariadb://address=(host=127.0.0.1)(port=1)(user=app)(password=s3cret)/app",
			"jdbc:mariadb://app:s3cret@127.0.0.1:1/app?keyStorePassword=s3cret",
			// Connector/J quotes the part of the URL it cannot parse
			"jdbc:mysql://address=(host=127.0.0.1)(port=1)(password=s3cret" })
	void failureToOpenNeverShowsASecretOfTheUrl(String url) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> DirectConnections.open(pool, Duration.ofSeconds(1)))
			.satisfies((ex) -> System.out.println("[direct] " + ex.getMessage()))
			.withMessageNotContaining("s3cret");
	}

}
