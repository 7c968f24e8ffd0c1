package io.github.mysqlpool.autoconfigure;

import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.retry.DefaultMySqlErrorClassifier;
import io.github.mysqlpool.retry.MySqlErrorClassifier;
import io.github.mysqlpool.retry.internal.AttemptTrackingPostProcessor;
import io.github.mysqlpool.retry.internal.MicrometerRetryMetrics;
import io.github.mysqlpool.retry.internal.PrimaryCircuit;
import io.github.mysqlpool.retry.internal.Resilience4jPrimaryCircuit;
import io.github.mysqlpool.retry.internal.RetryAdvisor;
import io.github.mysqlpool.retry.internal.RetryInterceptor;
import io.github.mysqlpool.retry.internal.RetryMetrics;
import io.github.mysqlpool.retry.internal.RetrySettings;
import io.github.mysqlpool.retry.internal.RetryStatistics;
import io.github.mysqlpool.routing.internal.ReadOnlyAttributeSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the retry of transient MySQL failures: the retry advisor around
 * {@code ReadOnly} and {@code RetryableTransaction} methods, the error classifier, the
 * primary's circuit breaker (with Resilience4j on the classpath) and the attempt counter
 * (with a Micrometer registry).
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@AutoConfiguration(after = { MySqlPoolAutoConfiguration.class, MySqlPoolExistingPrimaryAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnBean(MySqlPools.class)
@ConditionalOnBooleanProperty(name = "mysql-pool.retry.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MySqlPoolRetryProperties.class)
public final class MySqlPoolRetryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RetrySettings mySqlPoolRetrySettings(MySqlPoolRetryProperties properties) {
		return properties.toSettings();
	}

	@Bean
	@ConditionalOnMissingBean(MySqlErrorClassifier.class)
	DefaultMySqlErrorClassifier mySqlErrorClassifier() {
		return new DefaultMySqlErrorClassifier();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static RetryAdvisor mySqlPoolRetryAdvisor(Environment environment, ReadOnlyAttributeSource readOnlySource,
			ObjectProvider<RetrySettings> settings, ObjectProvider<MySqlErrorClassifier> classifier,
			ObjectProvider<PrimaryCircuit> circuit, ObjectProvider<RetryMetrics> metrics,
			ObjectProvider<RetryStatistics> statistics) {
		// Read from the environment: the advisor is created before properties are bound
		// (and checked when they are)
		int order = Binder.get(environment)
			.bind("mysql-pool.retry.order", Integer.class)
			.orElse(MySqlPoolRetryProperties.DEFAULT_ORDER);
		return new RetryAdvisor(readOnlySource, () -> new RetryInterceptor(settings.getObject(), classifier.getObject(),
				circuit.getIfAvailable(() -> PrimaryCircuit.ALWAYS_CLOSED),
				counted(metrics.getIfAvailable(() -> RetryMetrics.NONE), statistics.getIfAvailable()), readOnlySource),
				order);
	}

	private static RetryMetrics counted(RetryMetrics metrics, @Nullable RetryStatistics statistics) {
		return (statistics != null) ? statistics.counting(metrics) : metrics;
	}

	@Bean
	@ConditionalOnMissingBean
	RetryStatistics mySqlPoolRetryStatistics() {
		return new RetryStatistics();
	}

	@Bean
	@ConditionalOnMissingBean
	static AttemptTrackingPostProcessor mySqlPoolAttemptTrackingPostProcessor() {
		return new AttemptTrackingPostProcessor();
	}

	/**
	 * The primary's circuit breaker, on Resilience4j.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(CircuitBreaker.class)
	@ConditionalOnBooleanProperty(name = "mysql-pool.retry.circuit-breaker.enabled", matchIfMissing = true)
	static class CircuitBreakerConfiguration {

		@Bean
		@ConditionalOnMissingBean(PrimaryCircuit.class)
		Resilience4jPrimaryCircuit mySqlPoolPrimaryCircuit(MySqlPoolRetryProperties properties) {
			MySqlPoolRetryProperties.CircuitBreaker circuitBreaker = properties.getCircuitBreaker();
			return new Resilience4jPrimaryCircuit(circuitBreaker.getFailureWindow(), circuitBreaker.getMinimumCalls(),
					circuitBreaker.getOpenDuration(), circuitBreaker.getHalfOpenCalls());
		}

	}

	/**
	 * The attempt counter, on Micrometer.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(RetryMetrics.class)
		MicrometerRetryMetrics mySqlPoolRetryMetrics(MeterRegistry registry) {
			return new MicrometerRetryMetrics(registry);
		}

	}

}
