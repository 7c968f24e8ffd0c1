package io.github.mysqlpool.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * MySQL Connector/J's own replication connection ({@code jdbc:mysql:replication://}) in
 * one HikariCP pool: {@code setReadOnly(true)} switches a connection to a replica the
 * driver picks at random when it connects, and re-picks only at commit or rollback.
 *
 * @author mysql-pool team
 */
@Configuration(proxyBeanMethods = false)
class ConnectorJReplicationConfiguration {

	@Bean
	HikariDataSource dataSource() {
		ReplicatedMariaDb db = BenchmarkDatabase.get();
		String url = "jdbc:mysql:replication://127.0.0.1:" + db.primary().port() + ",127.0.0.1:" + db.replica(0).port()
				+ ",127.0.0.1:" + db.replica(1).port() + "/" + db.database();
		return Pools.create("cj-replication", url, db, false);
	}

	@Bean
	SpringJdbcConfiguration.ReadTemplate readTemplate(HikariDataSource dataSource) {
		return new SpringJdbcConfiguration.ReadTemplate(new JdbcTemplate(new ReadOnlyConnectionDataSource(dataSource)));
	}

}
