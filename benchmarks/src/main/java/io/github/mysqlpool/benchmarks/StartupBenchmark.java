package io.github.mysqlpool.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.routing.ReadOnly;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Application start-up with full auto-configuration, once with Boot's own HikariCP
 * {@code DataSource} on the primary ({@code spring.datasource.*}) and once with the
 * starter on the primary and two replicas ({@code mysql-pool.*}), the same classpath for
 * both. {@code start} times the context refresh; {@code startAndServe} adds the first
 * write and the first {@code @ReadOnly} read, which open the pools.
 *
 * @author mysql-pool team
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StartupBenchmark {

	/**
	 * {@code boot-hikari}, {@code starter}, or {@code starter-no-wait-check}: the starter
	 * without its start-up check of each server's {@code wait_timeout}.
	 */
	@Param({ "boot-hikari", "starter", "starter-no-wait-check" })
	public String variant = "starter";

	private Map<String, Object> properties = Map.of();

	private @Nullable ConfigurableApplicationContext context;

	@Setup(Level.Trial)
	public void prepare() {
		ReplicatedMariaDb db = BenchmarkDatabase.get();
		Map<String, Object> properties = new LinkedHashMap<>();
		if (this.variant.startsWith("starter")) {
			properties.putAll(StarterOperations.properties(db, 2));
			if (this.variant.equals("starter-no-wait-check")) {
				properties.put("mysql-pool.inspect-servers", "false");
			}
		}
		else {
			properties.put("spring.datasource.url", db.primary().jdbcUrl());
			properties.put("spring.datasource.username", db.username());
			properties.put("spring.datasource.password", db.password());
		}
		this.properties = properties;
	}

	@TearDown(Level.Iteration)
	public void close() {
		if (this.context != null) {
			this.context.close();
			this.context = null;
		}
	}

	@Benchmark
	public Object start() {
		this.context = application();
		return this.context;
	}

	@Benchmark
	public Object startAndServe() {
		this.context = application();
		FirstQueries queries = this.context.getBean(FirstQueries.class);
		queries.write();
		return queries.read();
	}

	private ConfigurableApplicationContext application() {
		return new SpringApplicationBuilder(StartupApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.properties(this.properties)
			.run();
	}

	/**
	 * A minimal application: full auto-configuration and one service.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class StartupApplication {

		@Bean
		FirstQueries firstQueries(JdbcTemplate template) {
			return new FirstQueries(template);
		}

	}

	/**
	 * The first write and read an application serves.
	 */
	public static class FirstQueries {

		private final JdbcTemplate template;

		FirstQueries(JdbcTemplate template) {
			this.template = template;
		}

		public int write() {
			return PointQueries.insert(this.template, "startup", 1);
		}

		@ReadOnly
		public Object read() {
			return PointQueries.select(this.template, 1);
		}

	}

}
