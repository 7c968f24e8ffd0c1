package io.github.mysqlpool.pool;

import org.junit.jupiter.api.Test;

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

	@Test
	void hostAndPortDefaultsToTheMySqlPort() {
		assertThat(JdbcUrls.hostAndPort("jdbc:mysql://db-host/app")).isEqualTo("db-host:3306");
		assertThat(JdbcUrls.hostAndPort("jdbc:mysql://u:p@127.0.0.1:33061/app?x=1")).isEqualTo("127.0.0.1:33061");
		assertThat(JdbcUrls.hostAndPort("jdbc:mariadb://db:3307,db2:3307/app")).isEqualTo("db:3307");
	}

	@Test
	void hasParameterIgnoresCase() {
		assertThat(JdbcUrls.hasParameter("jdbc:mysql://db/app?SocketTimeout=5", "socketTimeout")).isTrue();
		assertThat(JdbcUrls.hasParameter("jdbc:mysql://db/app", "socketTimeout")).isFalse();
	}

}
