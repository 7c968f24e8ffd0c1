package io.github.mysqlpool.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JdbcUrls}.
 *
 * @author mysql-pool team
 */
class JdbcUrlsTests {

	@Test
	void redactRemovesUserInfoAndPasswordParameters() {
		assertThat(JdbcUrls.redact("jdbc:mysql://app:s3cret@db:3306/app?password=s3cret&sslMode=REQUIRED"))
			.isEqualTo("jdbc:mysql://******@db:3306/app?password=******&sslMode=REQUIRED");
		assertThat(JdbcUrls.redact("jdbc:mysql://db/app?trustCertificateKeyStorePassword=x")).doesNotContain("=x");
	}

	/**
	 * Every form of URL MySQL Connector/J and MariaDB Connector/J accept that can carry a
	 * secret, each holding the secret {@code s3cret}.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "jdbc:mysql://app:s3cret@db:3306/app",
			"jdbc:mysql://app:s3cret@db1:3306,app:s3cret@db2:3306/app",
			"jdbc:mysql://app:s3cret@[db1:3306,db2:3306]/app", "jdbc:mysql://[app:s3cret@db1:3306,db2]/app",
			"jdbc:mysql://app:s3c@ret@db/app", "jdbc:mysql://app:s3cret@[::1]:3306/app",
			"jdbc:mysql://address=(host=127.0.0.1)(port=33062)(user=app)(password=s3cret)/app",
			"jdbc:mysql://address=(host=db1)(port=3306)(password=s3cret),address=(host=db2)(password=s3cret)/app",
			"jdbc:mysql://address=(host=db)(PASSWORD = s3cret)(user=app)/app",
			"jdbc:mysql://(host=db,port=3306,user=app,password=s3cret)/app",
			"jdbc:mysql://[(host=db1,password=s3cret),(host=db2,password=s3cret)]/app",
			"jdbc:mysql:replication://app:s3cret@primary:3306,replica:3306/app",
			"jdbc:mysql:replication://address=(host=primary)(type=source)(password=s3cret),address=(host=replica)"
					+ "(type=replica)(password=s3cret)/app",
			"jdbc:mysql:loadbalance://[(host=db1,password=s3cret),app:s3cret@db2]/app?password=s3cret",
			"jdbc:mysql+srv://app:s3cret@_mysql._tcp.example.com/app",
			"mysqlx://app:s3cret@[(address=db1:33060,priority=100),(address=db2:33060,priority=90)]/app",
			"mysqlx://db:33060/app?user=app&password=s3cret",
			"mysqlx://db:33060/app?xdevapi.ssl-truststore-password=s3cret&xdevapi.ssl-truststore=file:/t.jks",
			"jdbc:mysql://db/app?password=s3cret", "jdbc:mysql://db/app?user=app&PassWord=s3cret",
			"jdbc:mysql://db/app?password1=s3cret&password2=s3cret&password3=s3cret",
			"jdbc:mysql://db/app?trustCertificateKeyStorePassword=s3cret&sslMode=VERIFY_CA",
			"jdbc:mysql://db/app?clientCertificateKeyStorePassword=s3cret", "jdbc:mysql://db/app;password=s3cret",
			"jdbc:mysql://db/app?password=s3cret#fragment", "jdbc:mysql://db/app?password=s3,cret&user=app",
			"jdbc:mariadb://app:s3cret@db:3306/app", "jdbc:mariadb://db:3306/app?user=app&password=s3cret",
			"jdbc:mariadb://db/app?trustStorePassword=s3cret&keyStorePassword=s3cret&keyPassword=s3cret",
			"jdbc:mariadb://address=(host=db)(port=3306)(type=primary)(password=s3cret)/app",
			"jdbc:mariadb:replication://primary,replica/app?password=s3cret",
			"jdbc:mariadb:loadbalance://address=(host=db1)(password=s3cret),address=(host=db2)/app",
			"jdbc:mariadb:sequential://db1,db2/app?sslKeyPassword=s3cret" })
	void redactRemovesTheSecretFromEveryForm(String url) {
		String redacted = JdbcUrls.redact(url);
		assertThat(redacted).doesNotContain("s3cret").doesNotContain("s3c").doesNotContain("cret").contains("******");
		assertThat(JdbcUrls.hostAndPort(url)).doesNotContain("s3c").doesNotContain("cret");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"jdbc:mysql://db:3306/app?user=app&sslMode=REQUIRED|jdbc:mysql://db:3306/app?user=app&sslMode=REQUIRED",
			"jdbc:mysql://address=(host=127.0.0.1)(port=3306)(user=app)(password=x)/app"
					+ "|jdbc:mysql://address=(host=127.0.0.1)(port=3306)(user=app)(password=******)/app",
			"jdbc:mysql://(host=db,password=x,port=3306)/app|jdbc:mysql://(host=db,password=******,port=3306)/app",
			"jdbc:mariadb://db/app?keyPassword=x&sslMode=verify-full"
					+ "|jdbc:mariadb://db/app?keyPassword=******&sslMode=verify-full" })
	void redactKeepsWhatIsNotSecret(String url, String expected) {
		assertThat(JdbcUrls.redact(url)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "jdbc:mysql://db-host/app|db-host:3306",
			"jdbc:mysql://u:p@127.0.0.1:33061/app?x=1|127.0.0.1:33061", "jdbc:mariadb://db:3307,db2:3307/app|db:3307",
			"jdbc:mysql://[db1:3307,db2]/app|db1:3307", "jdbc:mysql://u:p@[db1,db2]/app|db1:3306",
			"jdbc:mysql://[::1]:3307/app|[::1]:3307",
			"jdbc:mysql://address=(host=127.0.0.1)(port=33062)(user=app)(password=x)/app|127.0.0.1:33062",
			"jdbc:mysql://(host=db,password=x)/app|db:3306",
			"jdbc:mysql://[(host=db1,port=3310,password=x),(host=db2)]/app|db1:3310",
			"mysqlx://u:p@[(address=db1:33060,priority=100),(address=db2:33060)]/app|db1:33060",
			"jdbc:mariadb:replication://address=(host=db)(port=3308)(type=primary),address=(host=r)/app|db:3308" })
	void hostAndPortReadsTheFirstHostOfEveryForm(String url, String expected) {
		assertThat(JdbcUrls.hostAndPort(url)).isEqualTo(expected);
	}

	@Test
	void hasParameterIgnoresCase() {
		assertThat(JdbcUrls.hasParameter("jdbc:mysql://db/app?SocketTimeout=5", "socketTimeout")).isTrue();
		assertThat(JdbcUrls.hasParameter("jdbc:mysql://db/app", "socketTimeout")).isFalse();
	}

}
