package io.github.mysqlpool.sample.load;

import io.github.mysqlpool.pool.MySqlPools;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * Runs the load generator at start-up when {@code load-test.duration} is set, for example
 * {@code --load-test.duration=30s --load-test.threads=32 --load-test.read-ratio=0.9}. Its
 * workers are virtual threads when {@code spring.threads.virtual.enabled} is on (Java
 * 21+).
 *
 * @author mysql-pool team
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LoadTestProperties.class)
@ConditionalOnProperty("load-test.duration")
class LoadTestConfiguration {

	@Bean
	LoadGenerator loadGenerator(LoadOperations operations, MySqlPools pools, LoadTestProperties properties,
			Environment environment) {
		if (Threading.VIRTUAL.isActive(environment)) {
			return new LoadGenerator(operations, pools, properties, System.out,
					new VirtualThreadTaskExecutor("load-").getVirtualThreadFactory());
		}
		return new LoadGenerator(operations, pools, properties, System.out);
	}

	@Bean
	ApplicationRunner loadTestRunner(LoadGenerator generator, LoadTestProperties properties,
			ConfigurableApplicationContext context) {
		return (arguments) -> {
			generator.run();
			if (properties.isExit()) {
				System.exit(SpringApplication.exit(context, () -> 0));
			}
		};
	}

}
