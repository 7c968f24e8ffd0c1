package io.github.mysqlpool.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The AWS Advanced JDBC Wrapper over Connector/J in one HikariCP pool, with one of its
 * read/write splitting plugins: {@code setReadOnly(true)} switches a connection to a
 * reader.
 *
 * @author mysql-pool team
 */
abstract class AwsWrapperConfiguration {

	static HikariDataSource pool(String name, String url) {
		HikariDataSource pool = Pools.create(name, url, BenchmarkDatabase.get(), false);
		pool.setDriverClassName("software.amazon.jdbc.Driver");
		return pool;
	}

	static SpringJdbcConfiguration.ReadTemplate readOnlyTemplate(HikariDataSource dataSource) {
		return new SpringJdbcConfiguration.ReadTemplate(new JdbcTemplate(new ReadOnlyConnectionDataSource(dataSource)));
	}

	/**
	 * The simple read/write splitting plugin ({@code srw}), the one that works outside
	 * Aurora: writes to {@code srwWriteEndpoint}, reads to {@code srwReadEndpoint}. That
	 * endpoint is meant to be a load balancer over the readers; with none here it is the
	 * first replica.
	 */
	@Configuration(proxyBeanMethods = false)
	static class SimpleReadWriteSplitting {

		@Bean
		HikariDataSource dataSource() {
			ReplicatedMariaDb db = BenchmarkDatabase.get();
			String primary = "127.0.0.1:" + db.primary().port();
			String url = "jdbc:aws-wrapper:mysql://" + primary + "/" + db.database()
					+ "?wrapperPlugins=srw&srwWriteEndpoint=" + primary + "&srwReadEndpoint=127.0.0.1:"
					+ db.replica(0).port();
			return pool("aws-wrapper", url);
		}

		@Bean
		SpringJdbcConfiguration.ReadTemplate readTemplate(HikariDataSource dataSource) {
			return readOnlyTemplate(dataSource);
		}

	}

	/**
	 * The read/write splitting plugin ({@code readWriteSplitting}) with the replicas as
	 * readers in the URL. Outside Aurora it cannot select a reader ("does not support the
	 * requested host selection strategy") and falls back to the writer: audited, not
	 * benchmarked.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ReadWriteSplitting {

		@Bean
		HikariDataSource dataSource() {
			ReplicatedMariaDb db = BenchmarkDatabase.get();
			String url = "jdbc:aws-wrapper:mysql://127.0.0.1:" + db.primary().port() + ",127.0.0.1:"
					+ db.replica(0).port() + ",127.0.0.1:" + db.replica(1).port() + "/" + db.database()
					+ "?wrapperPlugins=readWriteSplitting&readerHostSelectorStrategy=roundRobin";
			return pool("aws-wrapper-rws", url);
		}

		@Bean
		SpringJdbcConfiguration.ReadTemplate readTemplate(HikariDataSource dataSource) {
			return readOnlyTemplate(dataSource);
		}

	}

}
