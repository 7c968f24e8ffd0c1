package io.github.mysqlpool.sample;

import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPools;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Holds the embedded topology of this JVM and stops it when the application closes, after
 * the pools, so that no pool sees its server vanish while it shuts down.
 *
 * @author mysql-pool team
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedDatabase {

	private static @Nullable ReplicatedMariaDb running;

	private static int users;

	static synchronized ReplicatedMariaDb start() {
		if (running == null) {
			running = ReplicatedMariaDb.builder().registerShutdownHook(false).build().start();
			Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedDatabase::stopLastResort, "embedded-mariadb-stop"));
		}
		return running;
	}

	/**
	 * Stops the servers at JVM exit when no application context took them over (a
	 * start-up that failed); otherwise the context's own shutdown closes them after its
	 * pools.
	 */
	private static synchronized void stopLastResort() {
		if (running != null && users == 0) {
			running.close();
			running = null;
		}
	}

	static synchronized @Nullable ReplicatedMariaDb running() {
		return running;
	}

	@Bean
	@ConditionalOnBean(MySqlPools.class)
	Closer embeddedDatabaseCloser(ObjectProvider<MySqlPools> pools) {
		synchronized (EmbeddedDatabase.class) {
			users++;
		}
		return new Closer(pools);
	}

	/**
	 * Depends on the pools, so it is destroyed before them: it closes them first, then
	 * the servers.
	 */
	static final class Closer implements DisposableBean {

		private final ObjectProvider<MySqlPools> pools;

		Closer(ObjectProvider<MySqlPools> pools) {
			this.pools = pools;
		}

		@Override
		public void destroy() {
			this.pools.ifAvailable(MySqlPools::destroy);
			ReplicatedMariaDb db = null;
			synchronized (EmbeddedDatabase.class) {
				if (--users == 0) {
					db = running;
					running = null;
				}
			}
			if (db != null) {
				db.close();
			}
		}

	}

}
