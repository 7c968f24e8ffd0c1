package io.github.mysqlpool.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.mysqlpool.embedded.ReplicatedMariaDb;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts an embedded primary and two replicas of MariaDB when no
 * {@code mysql-pool.primary.url} is configured (and {@code sample.embedded-database} is
 * not {@code false}), and points the starter at them.
 *
 * @author mysql-pool team
 */
class EmbeddedDatabaseEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "embeddedReplicatedMariaDb";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.containsProperty("mysql-pool.primary.url")
				|| !environment.getProperty("sample.embedded-database", Boolean.class, true)
				|| environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		ReplicatedMariaDb db = EmbeddedDatabase.start();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("mysql-pool.primary.url", db.primary().jdbcUrl());
		properties.put("mysql-pool.primary.username", db.username());
		properties.put("mysql-pool.primary.password", db.password());
		for (int i = 0; i < db.replicas().size(); i++) {
			properties.put("mysql-pool.replicas[" + i + "].url", db.replica(i).jdbcUrl());
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
	}

	@Override
	public int getOrder() {
		// After the application's own configuration files have been read
		return Ordered.LOWEST_PRECEDENCE;
	}

}
