package io.github.mysqlpool.autoconfigure;

import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPoolCustomizer;
import io.github.mysqlpool.pool.MySqlPools;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Applies every {@link MySqlPoolCustomizer}, in order, to each pool as soon as
 * {@link MySqlPools} exists, before anything can borrow from (and so start) a pool:
 * HikariCP seals a pool's configuration when it starts. The one place where the pools'
 * settings change after they are built.
 *
 * @author mysql-pool team
 */
class PoolCustomizersPostProcessor implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(PoolCustomizersPostProcessor.class);

	private final ObjectProvider<MySqlPoolCustomizer> customizers;

	PoolCustomizersPostProcessor(ObjectProvider<MySqlPoolCustomizer> customizers) {
		this.customizers = customizers;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof MySqlPools pools) {
			customize(pools);
		}
		return bean;
	}

	private void customize(MySqlPools pools) {
		List<MySqlPoolCustomizer> ordered = this.customizers.orderedStream().toList();
		for (MySqlPool pool : pools.getEveryPool()) {
			HikariDataSource hikari = pool.getHikari();
			if (hikari == null) {
				continue;
			}
			if (hikari.isRunning() || hikari.isClosed()) {
				logger.debug("Pool '" + pool.getName() + "' already started: not customized");
				continue;
			}
			for (MySqlPoolCustomizer customizer : ordered) {
				customizer.customize(pool, hikari);
			}
		}
	}

}
