package io.github.mysqlpool.autoconfigure;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PoolUrl}: every form of URL that carries a password, split into the
 * URL HikariCP may show and the credentials the driver gets.
 *
 * @author mysql-pool team
 */
class PoolUrlTests {

	static Stream<Arguments> urls() {
		return Stream.of(
				// user info wins over the password property in MySQL Connector/J
				Arguments.of("jdbc:mysql://app:s3cret@db:3306/app", null, "jdbc:mysql://app@db:3306/app", "s3cret",
						Map.of()),
				Arguments.of("jdbc:mysql://app:s3cret@db:3306/app", "other", "jdbc:mysql://app@db:3306/app", "s3cret",
						Map.of()),
				Arguments.of("jdbc:mysql://:s3cret@db/app", null, "jdbc:mysql://db/app", "s3cret", Map.of()),
				Arguments.of("jdbc:mysql://app:p%40ss%3Aw@db/app", null, "jdbc:mysql://app@db/app", "p@ss:w", Map.of()),
				Arguments.of("jdbc:mysql://app:s3c@ret@db/app", null, "jdbc:mysql://app@db/app", "s3c@ret", Map.of()),
				Arguments.of("jdbc:mysql://app:s3cret@[::1]:3306/app", null, "jdbc:mysql://app@[::1]:3306/app",
						"s3cret", Map.of()),
				Arguments.of("jdbc:mysql://app:s3cret@db1:3306,app:s3cret@db2:3306/app", null,
						"jdbc:mysql://app@db1:3306,app@db2:3306/app", "s3cret", Map.of()),
				Arguments.of("jdbc:mysql://app:s3cret@[db1:3306,db2:3306]/app", null,
						"jdbc:mysql://app@[db1:3306,db2:3306]/app", "s3cret", Map.of()),
				Arguments.of("jdbc:mysql://[app:s3cret@db1:3306,app:s3cret@db2]/app", null,
						"jdbc:mysql://[app@db1:3306,app@db2]/app", "s3cret", Map.of()),
				Arguments.of("jdbc:mysql://app:s3cret@[127.0.0.1:3306]/app", null,
						"jdbc:mysql://app@[127.0.0.1:3306]/app", "s3cret", Map.of()),
				// a password in a host's key-value form also wins over the property
				Arguments.of("jdbc:mysql://address=(host=db)(port=3306)(user=app)(password=s3cret)/app", "other",
						"jdbc:mysql://address=(host=db)(port=3306)(user=app)/app", "s3cret", Map.of()),
				Arguments.of("jdbc:mysql://address=(host=db)(PASSWORD = s3cret)(user=app)/app", null,
						"jdbc:mysql://address=(host=db)(user=app)/app", "s3cret", Map.of()),
				Arguments.of("jdbc:mysql://(host=db,port=3306,user=app,password=s3cret)/app", null,
						"jdbc:mysql://(host=db,port=3306,user=app)/app", "s3cret", Map.of()),
				Arguments.of("jdbc:mysql://(password=s3cret,host=db)/app", null, "jdbc:mysql://(host=db)/app", "s3cret",
						Map.of()),
				Arguments.of("jdbc:mysql://[(host=db1,password=s3cret),(host=db2,password=s3cret)]/app", null,
						"jdbc:mysql://[(host=db1),(host=db2)]/app", "s3cret", Map.of()),
				Arguments.of(
						"jdbc:mysql:replication://address=(host=p)(password=s3cret),address=(host=r)(password=s3cret)/app",
						null, "jdbc:mysql:replication://address=(host=p),address=(host=r)/app", "s3cret", Map.of()),
				// a host without a password gets the property's: the same for all hosts
				Arguments.of("jdbc:mysql://address=(host=db1)(password=s3cret),address=(host=db2)/app", "s3cret",
						"jdbc:mysql://address=(host=db1),address=(host=db2)/app", "s3cret", Map.of()),
				// the property wins over the parameter in MySQL Connector/J...
				Arguments.of("jdbc:mysql://db/app?user=app&password=s3cret&sslMode=REQUIRED", null,
						"jdbc:mysql://db/app?user=app&sslMode=REQUIRED", "s3cret", Map.of()),
				Arguments.of("jdbc:mysql://db/app?user=app&password=s3cret&sslMode=REQUIRED", "other",
						"jdbc:mysql://db/app?user=app&sslMode=REQUIRED", "other", Map.of()),
				Arguments.of("jdbc:mysql://db/app?PassWord=s3cret#part", null, "jdbc:mysql://db/app#part", "s3cret",
						Map.of()),
				Arguments.of("jdbc:mysql://db/app?password1=s3cret", null, "jdbc:mysql://db/app", "s3cret", Map.of()),
				Arguments.of("jdbc:mysql://db/app?password1=one&password=s3cret", null, "jdbc:mysql://db/app", "s3cret",
						Map.of()),
				// ...and the parameter over the property in MariaDB Connector/J
				Arguments.of("jdbc:mariadb://db/app?user=app&password=s3cret", "other",
						"jdbc:mariadb://db/app?user=app", "s3cret", Map.of()),
				Arguments.of("jdbc:mariadb://db/app?user=app", "s3cret", "jdbc:mariadb://db/app?user=app", "s3cret",
						Map.of()),
				// other secrets HikariCP would show become driver properties; those it
				// masks stay
				Arguments.of("jdbc:mysql://db/app?password2=s3cret&password3=s3%26cret&mfaSecret=s3cret&useSSL=true",
						null, "jdbc:mysql://db/app?useSSL=true", null,
						Map.of("password2", "s3cret", "password3", "s3&cret", "mfaSecret", "s3cret")),
				Arguments.of("jdbc:mysql://db/app?trustCertificateKeyStorePassword=masked&sslMode=VERIFY_CA", "pw",
						"jdbc:mysql://db/app?trustCertificateKeyStorePassword=masked&sslMode=VERIFY_CA", "pw",
						Map.of()),
				Arguments.of("jdbc:mysql://db:3306/app", "pw", "jdbc:mysql://db:3306/app", "pw", Map.of()),
				Arguments.of("jdbc:mysql:///app", null, "jdbc:mysql:///app", null, Map.of()));
	}

	@ParameterizedTest
	@MethodSource("urls")
	void secretsMoveOutOfTheUrl(String url, String password, String expectedUrl, String expectedPassword,
			Map<String, String> expectedProperties) {
		PoolUrl poolUrl = PoolUrl.of(url, password);
		assertThat(poolUrl.problem()).isNull();
		assertThat(poolUrl.url()).isEqualTo(expectedUrl);
		assertThat(poolUrl.password()).isEqualTo(expectedPassword);
		assertThat(poolUrl.properties()).isEqualTo(expectedProperties);
		assertThat(poolUrl.toString()).doesNotContain("s3c");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null",
			value = { "jdbc:mysql://app:one@db1,app:two@db2/app | null",
					"jdbc:mysql://address=(host=db1)(password=one),address=(host=db2)(password=two)/app | null",
					"jdbc:mysql://address=(host=db1)(password=one),address=(host=db2)/app | null",
					"jdbc:mysql://address=(host=db1)(password=one),address=(host=db2)/app | two",
					"jdbc:mysql://[(host=db1,password=one),app@db2]/app?password=two | null",
					"jdbc:mysql://(host=db,keyPassword=one)/app | null" })
	void secretsThatCannotMoveWithoutChangingAHostsPasswordAreAProblem(String url, String password) {
		PoolUrl poolUrl = PoolUrl.of(url, password);
		assertThat(poolUrl.problem()).isNotNull().doesNotContain("one").doesNotContain("two");
	}

}
