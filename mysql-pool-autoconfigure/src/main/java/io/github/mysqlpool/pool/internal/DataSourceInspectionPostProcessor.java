package io.github.mysqlpool.pool.internal;

import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.PoolRole;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Inspects the server of the application's own MySQL or MariaDB HikariCP pool (Boot's
 * {@code spring.datasource} pool, when the starter builds no pools) as soon as the pool
 * bean exists, before anything starts it: Boot's JPA configuration opens a first
 * connection before Hibernate's settings are customized, and the driver settings the
 * server needs can only be added before the pool starts. See {@link ServerInspector}.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class DataSourceInspectionPostProcessor implements BeanPostProcessor {

	private final Duration timeout;

	private volatile @Nullable InspectedServer server;

	/**
	 * Create the post-processor.
	 * @param timeout connect and socket timeout of the inspection's own connection
	 */
	public DataSourceInspectionPostProcessor(Duration timeout) {
		this.timeout = timeout;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource hikari && this.server == null && !hikari.isRunning()
				&& isMySql(hikari.getJdbcUrl())) {
			String name = (hikari.getPoolName() != null) ? hikari.getPoolName() : beanName;
			MySqlPool pool = new MySqlPool(name, PoolRole.PRIMARY, hikari, 1);
			this.server = new ServerInspector(this.timeout).inspect(pool);
		}
		return bean;
	}

	private static boolean isMySql(@Nullable String url) {
		return url != null && (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:"));
	}

	/**
	 * What the data source's server said about itself.
	 * @return the server's details, or {@code null} when there is no MySQL or MariaDB
	 * HikariCP pool or its server could not be reached
	 */
	public @Nullable InspectedServer getServer() {
		return this.server;
	}

}
