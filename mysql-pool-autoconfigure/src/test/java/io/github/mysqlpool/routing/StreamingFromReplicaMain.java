package io.github.mysqlpool.routing;

import java.util.concurrent.atomic.AtomicLong;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Streams a million rows from a replica through the starter, as the README's recipe says,
 * in a JVM of its own whose heap is far smaller than the result: it ends normally only
 * when the rows are not held in memory. Arguments: primary URL, replica URL, username,
 * password, fetch size.
 *
 * @author mysql-pool team
 */
public final class StreamingFromReplicaMain {

	static final long ROWS = 1_000_000;

	/** 300 bytes a row: 300 MB in all. */
	static final String QUERY = "SELECT seq, REPEAT('x', 300) FROM seq_1_to_" + ROWS;

	private StreamingFromReplicaMain() {
	}

	public static void main(String[] args) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class))
			.withPropertyValues("mysql-pool.primary.url=" + args[0], "mysql-pool.replicas[0].url=" + args[1],
					"mysql-pool.primary.username=" + args[2], "mysql-pool.primary.password=" + args[3],
					"mysql-pool.pool.maximum-pool-size=1", "mysql-pool.inspect-servers=false")
			.run((context) -> {
				JdbcTemplate streaming = new JdbcTemplate(context.getBean(JdbcTemplate.class).getDataSource());
				streaming.setFetchSize(Integer.parseInt(args[4]));
				TransactionTemplate readOnly = new TransactionTemplate(
						context.getBean(PlatformTransactionManager.class));
				readOnly.setReadOnly(true);
				AtomicLong rows = new AtomicLong();
				AtomicLong bytes = new AtomicLong();
				long serverId = readOnly.execute((status) -> {
					long id = streaming.queryForObject("SELECT @@server_id", Long.class);
					streaming.query(QUERY, (resultSet) -> {
						rows.incrementAndGet();
						bytes.addAndGet(resultSet.getString(2).length());
					});
					return id;
				});
				System.out.println("rows=" + rows + " bytes=" + bytes + " server=" + serverId + " maxHeap="
						+ Runtime.getRuntime().maxMemory());
				if (context.getStartupFailure() != null) {
					throw new IllegalStateException(context.getStartupFailure());
				}
			});
	}

}
