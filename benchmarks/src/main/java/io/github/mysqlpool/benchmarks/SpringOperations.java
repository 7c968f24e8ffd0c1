package io.github.mysqlpool.benchmarks;

import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A variant run in a real Spring application context: calls go through the context's
 * {@link PointService} proxy.
 *
 * @author mysql-pool team
 */
final class SpringOperations implements PointOperations {

	private final ConfigurableApplicationContext context;

	private final PointService service;

	private SpringOperations(ConfigurableApplicationContext context) {
		this.context = context;
		this.service = context.getBean(PointService.class);
	}

	/**
	 * Start a context from the variant's configuration.
	 * @param configuration the variant's configuration class
	 * @param properties extra environment properties
	 * @return the running variant
	 */
	static SpringOperations start(Class<?> configuration, Map<String, Object> properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(configuration,
				SpringJdbcConfiguration.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.properties(properties)
			.run();
		SpringOperations operations = new SpringOperations(context);
		// As in most applications, the first transaction writes. Spring's transaction
		// manager takes the read-only default of all later connections from its first one
		operations.service.insertInTransaction("first", 0);
		return operations;
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public PointQueries.Item read(long id) {
		return this.service.find(id);
	}

	@Override
	public PointQueries.Item readInTransaction(long id) {
		return this.service.findInTransaction(id);
	}

	@Override
	public int write(String name, int qty) {
		return this.service.insert(name, qty);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
