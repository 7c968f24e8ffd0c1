package io.github.mysqlpool.autoconfigure;

import java.util.List;

import io.github.mysqlpool.retry.DefaultMySqlErrorClassifier;
import io.github.mysqlpool.retry.FailureCategory;
import io.github.mysqlpool.retry.FailureReason;
import io.github.mysqlpool.retry.MySqlErrorClassifier;
import io.github.mysqlpool.retry.MySqlFailure;
import io.github.mysqlpool.retry.RetryableTransaction;
import io.github.mysqlpool.retry.internal.AttemptTrackingPostProcessor;
import io.github.mysqlpool.retry.internal.MicrometerRetryMetrics;
import io.github.mysqlpool.retry.internal.PrimaryCircuit;
import io.github.mysqlpool.retry.internal.Resilience4jPrimaryCircuit;
import io.github.mysqlpool.retry.internal.RetryAdvisor;
import io.github.mysqlpool.retry.internal.RetrySettings;
import io.github.mysqlpool.routing.ReadOnly;
import io.github.mysqlpool.routing.internal.ReadOnlyAdvisor;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.interceptor.BeanFactoryTransactionAttributeSourceAdvisor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MySqlPoolRetryAutoConfiguration}.
 *
 * @author mysql-pool team
 */
class MySqlPoolRetryAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
				MySqlPoolRetryAutoConfiguration.class, DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class))
		.withPropertyValues("mysql-pool.inspect-servers=false",
				"mysql-pool.primary.url=jdbc:mysql://db-primary:3306/app",
				"mysql-pool.replicas[0].url=jdbc:mysql://db-replica:3306/app");

	@Test
	void runWithPoolsShouldCreateRetryBeans() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RetryAdvisor.class)
				.hasSingleBean(DefaultMySqlErrorClassifier.class)
				.hasSingleBean(Resilience4jPrimaryCircuit.class)
				.hasSingleBean(AttemptTrackingPostProcessor.class)
				.doesNotHaveBean(MicrometerRetryMetrics.class);
			assertThat(context.getBean(RetrySettings.class).maxAttempts()).isEqualTo(3);
			assertThat(context.getBean(DataSourceTransactionManager.class).getTransactionExecutionListeners())
				.anyMatch((listener) -> listener.getClass()
					.getName()
					.equals("io.github.mysqlpool.retry.internal.AttemptTrackingListener"));
		});
	}

	@Test
	void runWithoutPoolsShouldNotCreateRetryBeans() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MySqlPoolRetryAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RetryAdvisor.class));
	}

	@Test
	void runWhenDisabledShouldNotCreateRetryBeans() {
		this.contextRunner.withPropertyValues("mysql-pool.retry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RetryAdvisor.class)
				.doesNotHaveBean(MySqlErrorClassifier.class)
				.doesNotHaveBean(PrimaryCircuit.class));
	}

	@Test
	void runWithoutResilience4jShouldRetryWithoutCircuitBreaker() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(CircuitBreaker.class))
			.run((context) -> assertThat(context).hasSingleBean(RetryAdvisor.class)
				.doesNotHaveBean(PrimaryCircuit.class));
	}

	@Test
	void runWithCircuitBreakerDisabledShouldNotCreateIt() {
		this.contextRunner.withPropertyValues("mysql-pool.retry.circuit-breaker.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(RetryAdvisor.class)
				.doesNotHaveBean(PrimaryCircuit.class));
	}

	@Test
	void runWithMeterRegistryShouldCountAttempts() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(MicrometerRetryMetrics.class));
	}

	@Test
	void userDefinedClassifierReplacesTheDefault() {
		this.contextRunner.withUserConfiguration(UserClassifierConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(MySqlErrorClassifier.class)
				.doesNotHaveBean(DefaultMySqlErrorClassifier.class));
	}

	@Test
	void retryAdvisorRunsOutsideTheReadOnlyAdvisorAndTheTransactionAdvisor() {
		this.contextRunner.withUserConfiguration(ServiceConfiguration.class).run((context) -> {
			List<Class<?>> chain = advisorTypes(context.getBean(Service.class));
			int retry = chain.indexOf(RetryAdvisor.class);
			int readOnly = chain.indexOf(ReadOnlyAdvisor.class);
			int transaction = chain.indexOf(BeanFactoryTransactionAttributeSourceAdvisor.class);
			assertThat(retry).isNotNegative();
			assertThat(retry).isLessThan(readOnly).isLessThan(transaction);
		});
	}

	@Test
	void invalidRetryPropertyFailsStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("mysql-pool.retry.max-attempts=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidMySqlPoolPropertyException.class)
				.hasMessageContaining("mysql-pool.retry.max-attempts"));
		this.contextRunner.withPropertyValues("mysql-pool.retry.max-delay=10ms", "mysql-pool.retry.delay=50ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("mysql-pool.retry.max-delay"));
		this.contextRunner.withPropertyValues("mysql-pool.retry.circuit-breaker.failure-window=1500ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("mysql-pool.retry.circuit-breaker.failure-window"));
	}

	@Test
	void retryOrderInsideTheTransactionFailsStartUp() {
		this.contextRunner.withPropertyValues("mysql-pool.retry.order=2147483647")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidMySqlPoolPropertyException.class)
				.hasMessageContaining("mysql-pool.retry.order"));
	}

	private static List<Class<?>> advisorTypes(Object bean) {
		return List.of(((Advised) bean).getAdvisors())
			.stream()
			.map(Advisor::getClass)
			.<Class<?>>map((type) -> type)
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserClassifierConfiguration {

		@Bean
		MySqlErrorClassifier userClassifier() {
			return (failure, phase) -> new MySqlFailure(FailureCategory.PERMANENT, FailureReason.OTHER, 0, null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		@Bean
		Service service() {
			return new Service();
		}

	}

	static class Service {

		@ReadOnly
		@RetryableTransaction(readOnly = true)
		void read() {
		}

	}

}
