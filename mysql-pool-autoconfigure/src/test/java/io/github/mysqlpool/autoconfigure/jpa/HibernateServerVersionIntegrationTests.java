package io.github.mysqlpool.autoconfigure.jpa;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolExistingPrimaryAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.internal.ServerFlavor;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.MariaDBDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hibernate is told the real product and version of a MariaDB primary reached through
 * MySQL Connector/J (which reports every MariaDB server as MySQL) when the application
 * keeps Boot's own {@code spring.datasource.*} and configures no replicas.
 *
 * @author mysql-pool team
 */
@ExtendWith({ EmbeddedMariaDbExtension.class, OutputCaptureExtension.class })
class HibernateServerVersionIntegrationTests {

	@Test
	void hibernateGetsTheRealProductAndVersionWithoutReplicas(ReplicatedMariaDb db, CapturedOutput output) {
		ServerFlavor server = ServerFlavor.parse(db.primary().queryForString("SELECT VERSION()"));
		assertThat(server.mariaDb()).isTrue();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					HibernateJpaAutoConfiguration.class, MySqlPoolAutoConfiguration.class,
					MySqlPoolExistingPrimaryAutoConfiguration.class, MySqlPoolJpaAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + db.primary().jdbcUrl(),
					"spring.datasource.username=" + db.username(), "spring.datasource.password=" + db.password())
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(MySqlPools.class);
				Dialect dialect = context.getBean(EntityManagerFactory.class)
					.unwrap(SessionFactoryImplementor.class)
					.getJdbcServices()
					.getDialect();
				assertThat(dialect).isInstanceOf(MariaDBDialect.class);
				DatabaseVersion version = dialect.getVersion();
				assertThat(version.getDatabaseMajorVersion()).isEqualTo(server.major());
				assertThat(version.getDatabaseMinorVersion()).isEqualTo(server.minor());
			});
		assertThat(output).doesNotContain("HHH000511").doesNotContain("no longer supported");
	}

}
