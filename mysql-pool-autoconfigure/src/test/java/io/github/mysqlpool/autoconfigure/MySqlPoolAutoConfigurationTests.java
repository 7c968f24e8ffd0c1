package io.github.mysqlpool.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.PoolRole;
import io.github.mysqlpool.pool.internal.ServerInspector;
import io.github.mysqlpool.routing.ReplicaSelector;
import io.github.mysqlpool.routing.internal.MySqlRoutingDataSource;
import io.github.mysqlpool.routing.internal.ReadOnlyAdvisor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.mock;

/**
 * Tests for {@link MySqlPoolAutoConfiguration} and
 * {@link MySqlPoolExistingPrimaryAutoConfiguration}.
 *
 * @author mysql-pool team
 */
class MySqlPoolAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(MySqlPoolAutoConfiguration.class, MySqlPoolExistingPrimaryAutoConfiguration.class,
						DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
						TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class))
		.withPropertyValues("mysql-pool.inspect-servers=false");

	private final ApplicationContextRunner primaryRunner = this.contextRunner.withPropertyValues(
			"mysql-pool.primary.url=jdbc:mysql://db-primary:3306/app", "mysql-pool.primary.username=app",
			"mysql-pool.primary.password=s3cret");

	@Test
	void runWithoutPropertiesShouldNotConfigurePools() {
		this.contextRunner.withPropertyValues("spring.datasource.url=jdbc:mysql://localhost/app")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(MySqlPools.class)
				.doesNotHaveBean(MySqlRoutingDataSource.class));
	}

	@Test
	void runWithPrimaryUrlShouldCreateRoutingDataSourceAndBootShouldBackOff() {
		this.primaryRunner.run((context) -> {
			assertThat(context).hasSingleBean(DataSource.class).hasSingleBean(MySqlRoutingDataSource.class);
			assertThat(context).hasSingleBean(JdbcTemplate.class).hasSingleBean(ReadOnlyAdvisor.class);
			assertThat(context).getBean("dataSource").isInstanceOf(MySqlRoutingDataSource.class);
			HikariDataSource primary = context.getBean(MySqlPools.class).getPrimary().getHikari();
			assertThat(primary.getPoolName()).isEqualTo("primary");
			assertThat(primary.getJdbcUrl()).isEqualTo("jdbc:mysql://db-primary:3306/app");
			assertThat(primary.getUsername()).isEqualTo("app");
			assertThat(primary.isReadOnly()).isFalse();
			assertThat(primary.isRunning()).isFalse();
		});
	}

	@Test
	void poolsShouldHaveMySqlDriverDefaults() {
		this.primaryRunner.run((context) -> {
			HikariDataSource primary = context.getBean(MySqlPools.class).getPrimary().getHikari();
			assertThat(primary.getDataSourceProperties()).containsEntry("cachePrepStmts", "true")
				.containsEntry("prepStmtCacheSize", "250")
				.containsEntry("prepStmtCacheSqlLimit", "2048")
				.containsEntry("useServerPrepStmts", "true")
				.containsEntry("useLocalSessionState", "true")
				.containsEntry("rewriteBatchedStatements", "true")
				.containsEntry("cacheResultSetMetadata", "true")
				.containsEntry("cacheServerConfiguration", "true")
				.containsEntry("elideSetAutoCommits", "true")
				.containsEntry("maintainTimeStats", "false")
				.containsEntry("connectTimeout", "5000")
				.containsEntry("socketTimeout", "60000")
				.containsEntry("characterEncoding", "UTF-8")
				.doesNotContainKey("sslMode");
		});
	}

	@Test
	void driverDefaultsCanBeOverriddenByPropertiesAndUrl() {
		this.contextRunner
			.withPropertyValues("mysql-pool.primary.url=jdbc:mysql://db:3306/app?socketTimeout=1234&useSSL=false",
					"mysql-pool.driver.properties.prepStmtCacheSize=500", "mysql-pool.driver.connect-timeout=2s",
					"mysql-pool.driver.ssl-mode=verify-ca", "mysql-pool.driver.trust-store=file:/etc/trust.p12")
			.run((context) -> {
				HikariDataSource primary = context.getBean(MySqlPools.class).getPrimary().getHikari();
				assertThat(primary.getDataSourceProperties()).containsEntry("prepStmtCacheSize", "500")
					.containsEntry("connectTimeout", "2000")
					.containsEntry("sslMode", "VERIFY_CA")
					.containsEntry("trustCertificateKeyStoreUrl", "file:/etc/trust.p12")
					.doesNotContainKey("trustCertificateKeyStorePassword")
					.doesNotContainKey("socketTimeout");
			});
	}

	@Test
	void tunedDefaultsCanBeSwitchedOffButTimeoutsStay() {
		this.primaryRunner.withPropertyValues("mysql-pool.driver.tuned=false").run((context) -> {
			HikariDataSource primary = context.getBean(MySqlPools.class).getPrimary().getHikari();
			assertThat(primary.getDataSourceProperties()).doesNotContainKey("cachePrepStmts")
				.containsKeys("connectTimeout", "socketTimeout");
		});
	}

	@Test
	void replicasInheritPrimaryCredentialsAndGetDefaultNames() {
		this.primaryRunner
			.withPropertyValues("mysql-pool.replicas[0].url=jdbc:mysql://db-r1:3306/app",
					"mysql-pool.replicas[1].url=jdbc:mysql://db-r2:3306/app", "mysql-pool.replicas[1].username=reader",
					"mysql-pool.replicas[1].password=other", "mysql-pool.replicas[2].url=jdbc:mysql://db-r3:3306/app",
					"mysql-pool.replicas[2].name=analytics", "mysql-pool.replicas[2].weight=3")
			.run((context) -> {
				MySqlPools pools = context.getBean(MySqlPools.class);
				assertThat(pools.getReplicas()).extracting(MySqlPool::getName)
					.containsExactly("replica-1", "replica-2", "analytics");
				HikariDataSource first = pools.get("replica-1").getHikari();
				assertThat(first.getUsername()).isEqualTo("app");
				assertThat(first.getPassword()).isEqualTo("s3cret");
				HikariDataSource second = pools.get("replica-2").getHikari();
				assertThat(second.getUsername()).isEqualTo("reader");
				assertThat(second.getPassword()).isEqualTo("other");
				assertThat(pools.get("analytics").getWeight()).isEqualTo(3);
				assertThat(pools.get("analytics").getRole()).isEqualTo(PoolRole.REPLICA);
			});
	}

	@Test
	void replicaPoolsAreReadOnlyOnTheServerSide() {
		this.primaryRunner.withPropertyValues("mysql-pool.replicas[0].url=jdbc:mysql://db-r1:3306/app")
			.run((context) -> {
				HikariDataSource replica = context.getBean(MySqlPools.class).get("replica-1").getHikari();
				assertThat(replica.isReadOnly()).isTrue();
				assertThat(replica.getConnectionInitSql()).isEqualTo("SET SESSION TRANSACTION READ ONLY");
				assertThat(replica.getInitializationFailTimeout()).isEqualTo(-1);
			});
	}

	@Test
	void sharedPoolSettingsApplyToEveryPoolAndEachPoolCanOverrideThem() {
		this.primaryRunner
			.withPropertyValues("mysql-pool.replicas[0].url=jdbc:mysql://db-r1:3306/app",
					"mysql-pool.pool.maximum-pool-size=12", "mysql-pool.pool.connection-timeout=3s",
					"mysql-pool.pool.idle-timeout=2m", "mysql-pool.pool.max-lifetime=20m",
					"mysql-pool.pool.keepalive-time=1m", "mysql-pool.pool.validation-timeout=2s",
					"mysql-pool.pool.leak-detection-threshold=10s", "mysql-pool.primary.pool.maximum-pool-size=30",
					"mysql-pool.primary.pool.minimum-idle=5", "mysql-pool.replicas[0].pool.connection-timeout=4s")
			.run((context) -> {
				MySqlPools pools = context.getBean(MySqlPools.class);
				HikariDataSource primary = pools.getPrimary().getHikari();
				assertThat(primary.getMaximumPoolSize()).isEqualTo(30);
				assertThat(primary.getMinimumIdle()).isEqualTo(5);
				assertThat(primary.getConnectionTimeout()).isEqualTo(3000);
				assertThat(primary.getIdleTimeout()).isEqualTo(120_000);
				assertThat(primary.getMaxLifetime()).isEqualTo(1_200_000);
				assertThat(primary.getKeepaliveTime()).isEqualTo(60_000);
				assertThat(primary.getValidationTimeout()).isEqualTo(2000);
				assertThat(primary.getLeakDetectionThreshold()).isEqualTo(10_000);
				HikariDataSource replica = pools.get("replica-1").getHikari();
				assertThat(replica.getMaximumPoolSize()).isEqualTo(12);
				assertThat(replica.getMinimumIdle()).isEqualTo(12);
				assertThat(replica.getConnectionTimeout()).isEqualTo(4000);
			});
	}

	@Test
	void replicasAddedToBootDataSourceAdoptItAsThePrimary() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:mysql://db-primary:3306/app",
					"spring.datasource.username=boot", "spring.datasource.password=boot-secret",
					"mysql-pool.replicas[0].url=jdbc:mysql://db-r1:3306/app")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(MySqlRoutingDataSource.class);
				DataSource boot = context.getBean("dataSource", DataSource.class);
				assertThat(boot).isInstanceOf(HikariDataSource.class);
				MySqlPools pools = context.getBean(MySqlPools.class);
				assertThat(pools.getPrimary().getDataSource()).isSameAs(boot);
				assertThat(context.getBean(DataSource.class)).isInstanceOf(MySqlRoutingDataSource.class);
				assertThat(context.getBean(JdbcTemplate.class).getDataSource())
					.isInstanceOf(MySqlRoutingDataSource.class);
				HikariDataSource replica = pools.get("replica-1").getHikari();
				assertThat(replica.getUsername()).isEqualTo("boot");
				assertThat(replica.getPassword()).isEqualTo("boot-secret");
			});
	}

	@Test
	void replicaNamedLikeTheAdoptedPrimaryFailsStartUpNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:mysql://db-primary:3306/app",
					"spring.datasource.hikari.pool-name=replica-1", "mysql-pool.inspect-servers=false",
					"mysql-pool.replicas[0].url=jdbc:mysql://db-r1:3306/app")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidMySqlPoolPropertyException.class)
				.hasMessageContaining("mysql-pool.replicas[0].name"));
	}

	/**
	 * Checked when the properties are bound, which knows that the primary is adopted from
	 * {@code spring.datasource.*}.
	 */
	@Test
	void discoveryAmongServersWithAnAdoptedPrimaryFailsStartUpWithTheFix() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:mysql://db-primary:3306/app",
					"mysql-pool.replicas[0].url=jdbc:mysql://db-r1:3306/app", "mysql-pool.topology.discovery=read-only")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidMySqlPoolPropertyException.class, (ex) -> {
					assertThat(ex.getProperty()).isEqualTo("mysql-pool.topology.discovery");
					assertThat(ex.getAction())
						.contains("Move the primary's URL and credentials to mysql-pool.primary.*");
				}));
	}

	@Test
	void applicationThatExcludesBootDataSourceStillStartsWithReplicasConfigured() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
					MySqlPoolExistingPrimaryAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:mysql://db-primary:3306/app",
					"mysql-pool.replicas[0].url=jdbc:mysql://db-r1:3306/app")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(DataSource.class)
				.doesNotHaveBean(MySqlPools.class));
	}

	@Test
	void runWhenUserDefinesDataSourceShouldBackOff() {
		this.primaryRunner.withUserConfiguration(UserDataSourceConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(DataSource.class)
				.doesNotHaveBean(MySqlRoutingDataSource.class)
				.getBean(DataSource.class)
				.isInstanceOf(SimpleDriverDataSource.class));
	}

	@Test
	void runWhenUserDefinesReplicaSelectorShouldUseIt() {
		this.primaryRunner.withBean("customSelector", ReplicaSelector.class, () -> (snapshot, maxLag) -> null)
			.run((context) -> assertThat(context).getBean(ReplicaSelector.class)
				.isSameAs(context.getBean("customSelector")));
	}

	@Test
	void anUnreachableServerDoesNotFailStartUp() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class))
			.withPropertyValues("mysql-pool.primary.url=jdbc:mysql://127.0.0.1:1/app")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ServerInspector.class)
					.inspected(context.getBean(MySqlPools.class).getPrimary())).isNull();
			});
	}

	@Test
	void userTransactionManagerGetsTheRoutingListener() {
		this.primaryRunner.withUserConfiguration(UserTransactionManagerConfiguration.class).run((context) -> {
			DataSourceTransactionManager manager = context.getBean(DataSourceTransactionManager.class);
			assertThat(manager.getTransactionExecutionListeners()).filteredOn((listener) -> isRoutingListener(listener))
				.hasSize(1);
		});
	}

	@Test
	void bootTransactionManagerGetsTheRoutingListenerOnce() {
		this.primaryRunner.run((context) -> assertThat(
				context.getBean(DataSourceTransactionManager.class).getTransactionExecutionListeners())
			.filteredOn((listener) -> isRoutingListener(listener))
			.hasSize(1));
	}

	@Test
	void runWithoutHikariShouldBackOff() {
		this.primaryRunner.withClassLoader(new FilteredClassLoader(HikariDataSource.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MySqlPools.class));
	}

	@Test
	void closingTheContextClosesTheStarterPoolsButNotAnAdoptedOne() {
		this.primaryRunner.run((context) -> {
			MySqlPools pools = context.getBean(MySqlPools.class);
			context.close();
			assertThat(pools.getPrimary().getHikari().isClosed()).isTrue();
		});
	}

	@Test
	void propertiesToStringNeverShowsThePassword() {
		this.primaryRunner
			.run((context) -> assertThat(context.getBean(MySqlPoolProperties.class).getPrimary().toString())
				.doesNotContain("s3cret")
				.contains("******"));
	}

	private static boolean isRoutingListener(Object listener) {
		return listener.getClass().getName().equals("io.github.mysqlpool.routing.internal.TransactionRoutingListener");
	}

	@Configuration(proxyBeanMethods = false)
	static class UserDataSourceConfiguration {

		@Bean
		DataSource userDataSource() {
			return new SimpleDriverDataSource(mock(java.sql.Driver.class), "jdbc:mysql://user/app");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTransactionManagerConfiguration {

		@Bean
		DataSourceTransactionManager userTransactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

	}

}
