package io.github.mysqlpool.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;

import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * TLS handshakes with an embedded MariaDB 11.4 serving certificates generated here (a CA,
 * a server and a client certificate, by {@code openssl}): REQUIRED, VERIFY_CA, and client
 * certificate authentication for a user created {@code REQUIRE X509}, with the
 * certificates given as a PEM SSL bundle and as a PKCS12 key store bundle. Each session
 * is checked to be encrypted ({@code Ssl_cipher}), with MySQL Connector/J and with
 * MariaDB Connector/J, and HikariCP's DEBUG configuration dump is checked to hold no key
 * store password.
 *
 * @author mysql-pool team
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsIntegrationTests {

	private static final String X509_USER = "x509user";

	private static final String X509_PASSWORD = "x509-pw";

	@TempDir
	static Path certificates;

	private static ReplicatedMariaDb db;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MySqlPoolAutoConfiguration.class))
		.withPropertyValues("mysql-pool.pool.maximum-pool-size=1");

	@BeforeAll
	static void startServerWithCertificates() throws Exception {
		assumeThat(openssl("version")).as("openssl on the PATH").isZero();
		generateCertificates();
		db = ReplicatedMariaDb.builder()
			.replicas(0)
			.serverArguments("--ssl-ca=" + file("ca.pem"), "--ssl-cert=" + file("server-cert.pem"),
					"--ssl-key=" + file("server-key.pem"))
			.build()
			.start();
		db.primary()
			.executeAsRoot("CREATE USER '" + X509_USER + "'@'%' IDENTIFIED BY '" + X509_PASSWORD + "' REQUIRE X509");
		db.primary().executeAsRoot("GRANT ALL ON `" + db.database() + "`.* TO '" + X509_USER + "'@'%'");
	}

	@AfterAll
	static void stopServer() {
		if (db != null) {
			db.close();
		}
	}

	@Test
	void requiredEncryptsTheSession() {
		this.contextRunner.withPropertyValues(primary(db.username(), db.password()))
			.withPropertyValues("mysql-pool.driver.ssl-mode=required")
			.run((context) -> assertThat(cipher(context.getBean(MySqlPools.class))).isNotBlank());
	}

	@Test
	void verifyCaWithAPemBundleAuthenticatesWithTheClientCertificate() {
		this.contextRunner.withPropertyValues(primary(X509_USER, X509_PASSWORD))
			.withPropertyValues("mysql-pool.driver.ssl-mode=verify-ca", "mysql-pool.driver.ssl-bundle=mysql",
					"spring.ssl.bundle.pem.mysql.truststore.certificate=" + file("ca.pem"),
					"spring.ssl.bundle.pem.mysql.keystore.certificate=" + file("client-cert.pem"),
					"spring.ssl.bundle.pem.mysql.keystore.private-key=" + file("client-key.pem"))
			.run((context) -> assertThat(cipher(context.getBean(MySqlPools.class))).isNotBlank());
	}

	@Test
	void verifyCaWithAKeyStoreBundleAuthenticatesWithTheClientCertificate() {
		this.contextRunner.withPropertyValues(primary(X509_USER, X509_PASSWORD))
			.withPropertyValues("mysql-pool.driver.ssl-mode=verify-ca", "mysql-pool.driver.ssl-bundle=mysql")
			.withPropertyValues(keyStoreBundle())
			.run((context) -> assertThat(cipher(context.getBean(MySqlPools.class))).isNotBlank());
	}

	@Test
	void verifyCaWithTheMariaDbDriverAuthenticatesWithTheClientCertificate() {
		this.contextRunner.withPropertyValues(primary(X509_USER, X509_PASSWORD))
			.withPropertyValues(
					"mysql-pool.primary.url=" + db.primary().jdbcUrl().replace("jdbc:mysql:", "jdbc:mariadb:"),
					"mysql-pool.driver.ssl-mode=verify-ca", "mysql-pool.driver.ssl-bundle=mysql")
			.withPropertyValues(keyStoreBundle())
			.run((context) -> assertThat(cipher(context.getBean(MySqlPools.class))).isNotBlank());
	}

	@Test
	void hikariDebugDumpHoldsNoKeyStorePassword(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		String logger = HikariConfig.class.getName();
		logging.setLogLevel(logger, LogLevel.DEBUG);
		try {
			this.contextRunner.withPropertyValues(primary(X509_USER, X509_PASSWORD))
				.withPropertyValues("mysql-pool.driver.ssl-mode=verify-ca", "mysql-pool.driver.ssl-bundle=mysql")
				.withPropertyValues(keyStoreBundle())
				.run((context) -> {
					MySqlPools pools = context.getBean(MySqlPools.class);
					assertThat(cipher(pools)).isNotBlank();
					assertThat(output).as("HikariCP's configuration dump").contains("clientCertificateKeyStoreUrl");
					Properties driver = pools.getPrimary().getHikari().getDataSourceProperties();
					for (String name : driver.stringPropertyNames()) {
						if (name.toLowerCase().contains("password")) {
							assertThat(output).as(name).doesNotContain(driver.getProperty(name));
						}
					}
					// Protected by the file system instead
					Path keyStore = Path.of(URI.create(driver.getProperty("clientCertificateKeyStoreUrl")));
					assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyStore)))
						.isEqualTo("rw-------");
					assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyStore.getParent())))
						.isEqualTo("rwx------");
					assertThat(output).doesNotContain("StorePassword")
						.doesNotContain("key-pw")
						.doesNotContain("trust-pw");
				});
		}
		finally {
			logging.setLogLevel(logger, null);
		}
	}

	@Test
	void trustStoreGivenByLocationAndPasswordVerifiesTheServerWithNoPasswordInTheDump(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		String logger = HikariConfig.class.getName();
		logging.setLogLevel(logger, LogLevel.DEBUG);
		try {
			this.contextRunner.withPropertyValues(primary(db.username(), db.password()))
				.withPropertyValues("mysql-pool.driver.ssl-mode=verify-ca",
						"mysql-pool.driver.trust-store=file:" + file("truststore.p12"),
						"mysql-pool.driver.trust-store-password=trust-pw", "mysql-pool.driver.trust-store-type=PKCS12")
				.run((context) -> {
					MySqlPools pools = context.getBean(MySqlPools.class);
					assertThat(cipher(pools)).isNotBlank();
					assertThat(output).as("HikariCP's configuration dump").contains("trustCertificateKeyStoreUrl");
					Properties driver = pools.getPrimary().getHikari().getDataSourceProperties();
					assertThat(driver.stringPropertyNames()).noneMatch((name) -> name.contains("Password"));
					assertThat(output).doesNotContain("trust-pw");
				});
		}
		finally {
			logging.setLogLevel(logger, null);
		}
	}

	@Test
	void trustStoreWithTheWrongPasswordFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues(primary(db.username(), db.password()))
			.withPropertyValues("mysql-pool.driver.ssl-mode=verify-ca",
					"mysql-pool.driver.trust-store=file:" + file("truststore.p12"),
					"mysql-pool.driver.trust-store-password=not-the-password",
					"mysql-pool.driver.trust-store-type=PKCS12")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidMySqlPoolPropertyException.class)
					.hasMessageContaining("mysql-pool.driver.trust-store")
					.hasMessageNotContaining("not-the-password");
			});
	}

	@Test
	void x509UserWithoutClientCertificateIsRefused() {
		this.contextRunner.withPropertyValues(primary(X509_USER, X509_PASSWORD))
			.withPropertyValues("mysql-pool.driver.ssl-mode=verify-ca", "mysql-pool.driver.ssl-bundle=mysql",
					"spring.ssl.bundle.pem.mysql.truststore.certificate=" + file("ca.pem"))
			.run((context) -> assertThat(context.getBean(MySqlPools.class).getPrimary().getDataSource())
				.satisfies((dataSource) -> assertThat(
						org.assertj.core.api.Assertions.catchThrowable(() -> dataSource.getConnection().close()))
					.isInstanceOf(SQLException.class)));
	}

	@Test
	void verifyCaRefusesAServerCertificateFromAnotherAuthority() {
		this.contextRunner.withPropertyValues(primary(db.username(), db.password()))
			.withPropertyValues("mysql-pool.driver.ssl-mode=verify-ca", "mysql-pool.driver.ssl-bundle=mysql",
					"spring.ssl.bundle.pem.mysql.truststore.certificate=" + file("other-ca.pem"))
			.run((context) -> assertThat(org.assertj.core.api.Assertions.catchThrowable(
					() -> context.getBean(MySqlPools.class).getPrimary().getDataSource().getConnection().close()))
				.isInstanceOf(SQLException.class));
	}

	@Test
	void verifyCaWithABundleAppliesToAPrimaryAdoptedFromSpringDatasource() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, DataSourceAutoConfiguration.class,
					MySqlPoolExistingPrimaryAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + db.primary().jdbcUrl(),
					"spring.datasource.username=" + X509_USER, "spring.datasource.password=" + X509_PASSWORD,
					"spring.datasource.hikari.maximum-pool-size=1", "mysql-pool.pool.maximum-pool-size=1",
					"mysql-pool.replicas[0].url=" + db.primary().jdbcUrl(), "mysql-pool.driver.ssl-mode=verify-ca",
					"mysql-pool.driver.ssl-bundle=mysql",
					"spring.ssl.bundle.pem.mysql.truststore.certificate=" + file("ca.pem"),
					"spring.ssl.bundle.pem.mysql.keystore.certificate=" + file("client-cert.pem"),
					"spring.ssl.bundle.pem.mysql.keystore.private-key=" + file("client-key.pem"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(MySqlPools.class).ownsPrimary()).isFalse();
				assertThat(cipher(context.getBean(MySqlPools.class))).isNotBlank();
			});
	}

	@Test
	void unknownBundleFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues(primary(db.username(), db.password()))
			.withPropertyValues("mysql-pool.driver.ssl-bundle=nope")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("mysql-pool.driver.ssl-bundle"));
	}

	private static String cipher(MySqlPools pools) throws SQLException {
		try (Connection connection = pools.getPrimary().getDataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
			assertThat(resultSet.next()).isTrue();
			return resultSet.getString(2);
		}
	}

	private static String[] primary(String username, String password) {
		return new String[] { "mysql-pool.primary.url=" + db.primary().jdbcUrl(),
				"mysql-pool.primary.username=" + username, "mysql-pool.primary.password=" + password };
	}

	/**
	 * The SSL bundle {@code mysql} from PKCS12 key stores: the servers' CA and the client
	 * certificate with its key, each store with a password.
	 */
	private static String[] keyStoreBundle() {
		return new String[] { "spring.ssl.bundle.jks.mysql.truststore.location=" + file("truststore.p12"),
				"spring.ssl.bundle.jks.mysql.truststore.password=trust-pw",
				"spring.ssl.bundle.jks.mysql.truststore.type=PKCS12",
				"spring.ssl.bundle.jks.mysql.keystore.location=" + file("client.p12"),
				"spring.ssl.bundle.jks.mysql.keystore.password=key-pw",
				"spring.ssl.bundle.jks.mysql.keystore.type=PKCS12" };
	}

	private static String file(String name) {
		return certificates.resolve(name).toString();
	}

	private static void generateCertificates() throws IOException, InterruptedException {
		for (String ca : new String[] { "ca", "other-ca" }) {
			check(openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + ca,
					"-keyout", file(ca + "-key.pem"), "-out", file(ca + ".pem")));
		}
		for (String party : new String[] { "server", "client" }) {
			// Version 3 certificates: TLS libraries refuse a version 1 client certificate
			Files.writeString(certificates.resolve(party + ".ext"),
					"basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage="
							+ (party.equals("server") ? "serverAuth" : "clientAuth") + "\n");
			check(openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=mysql-pool-" + party, "-keyout",
					file(party + "-key.pem"), "-out", file(party + ".csr")));
			check(openssl("x509", "-req", "-in", file(party + ".csr"), "-CA", file("ca.pem"), "-CAkey",
					file("ca-key.pem"), "-CAcreateserial", "-days", "2", "-extfile", file(party + ".ext"), "-out",
					file(party + "-cert.pem")));
		}
		check(openssl("pkcs12", "-export", "-in", file("client-cert.pem"), "-inkey", file("client-key.pem"), "-name",
				"client", "-passout", "pass:key-pw", "-out", file("client.p12")));
		String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		check(run(keytool, "-importcert", "-noprompt", "-alias", "ca", "-file", file("ca.pem"), "-keystore",
				file("truststore.p12"), "-storetype", "PKCS12", "-storepass", "trust-pw"));
	}

	private static void check(int exitCode) {
		assertThat(exitCode).isZero();
	}

	private static int openssl(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add("openssl");
		command.addAll(List.of(arguments));
		return run(command.toArray(String[]::new));
	}

	private static int run(String... command) throws IOException, InterruptedException {
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			return -1;
		}
		return process.waitFor(2, TimeUnit.MINUTES) ? process.exitValue() : -1;
	}

}
