package io.github.mysqlpool.consistency;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolConsistencyAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.autoconfigure.jpa.MySqlPoolJpaAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes in gtid mode with JPA (Hibernate) and an entity manager open for the
 * whole request, as open-in-view keeps it, against really lagging replicas: a read-only
 * transaction that runs no SQL waits for nothing, and the reads that follow wait once.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class ReadYourWritesJpaIntegrationTests {

	private static final AtomicInteger ids = new AtomicInteger(
			(int) (System.currentTimeMillis() % 1_000_000) * 100 + 90_000_000);

	@AfterEach
	void heal(ReplicatedMariaDb db) {
		db.heal();
	}

	@Test
	void openInViewTransactionThatRunsNoSqlWaitsForNothing(ReplicatedMariaDb db) {
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
					+ ".ryw_jpa_items (id INT PRIMARY KEY, item_value INT NOT NULL)");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(30));
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MySqlPoolAutoConfiguration.class, MySqlPoolReplicationAutoConfiguration.class,
							MySqlPoolConsistencyAutoConfiguration.class, MySqlPoolJpaAutoConfiguration.class,
							DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
							TransactionAutoConfiguration.class, AopAutoConfiguration.class))
			.withUserConfiguration(ItemsConfiguration.class)
			.withPropertyValues("mysql-pool.primary.url=" + db.primary().jdbcUrl(),
					"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
					"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
					"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=3",
					"mysql-pool.replication.max-lag=60s", "mysql-pool.replication.lag-source=heartbeat",
					"mysql-pool.replication.probe-interval=250ms", "mysql-pool.consistency.read-your-writes=gtid",
					"mysql-pool.consistency.gtid-wait-timeout=250ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ReadYourWrites readYourWrites = context.getBean(ReadYourWrites.class);
				Items items = context.getBean(Items.class);
				EntityManagerFactory factory = context.getBean(EntityManagerFactory.class);
				for (Node replica : db.replicas()) {
					replica.stopReplicationSqlThread();
				}
				// What OpenEntityManagerInViewInterceptor does for a request
				EntityManager request = factory.createEntityManager();
				TransactionSynchronizationManager.bindResource(factory, new EntityManagerHolder(request));
				try {
					int id = ids.incrementAndGet();
					items.insert(id, 8);
					long waitsBefore = readYourWrites.getReplicaWaits();
					items.nothing();
					assertThat(readYourWrites.getReplicaWaits() - waitsBefore)
						.as("waits of a read-only transaction that ran no SQL")
						.isZero();
					assertThat(items.read(id)).isEqualTo(8);
					assertThat(items.read(id)).isEqualTo(8);
					assertThat(readYourWrites.getReplicaWaits() - waitsBefore).as("waits of two reads after a write")
						.isEqualTo(1);
				}
				finally {
					TransactionSynchronizationManager.unbindResource(factory);
					request.close();
				}
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class ItemsConfiguration {

		@Bean
		Items items(EntityManagerFactory entityManagerFactory) {
			return new Items(SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory));
		}

	}

	static class Items {

		private final EntityManager entityManager;

		Items(EntityManager entityManager) {
			this.entityManager = entityManager;
		}

		@Transactional
		void insert(int id, int value) {
			this.entityManager.createNativeQuery("INSERT INTO ryw_jpa_items (id, item_value) VALUES (?1, ?2)")
				.setParameter(1, id)
				.setParameter(2, value)
				.executeUpdate();
		}

		@Transactional(readOnly = true)
		void nothing() {
		}

		@Transactional(readOnly = true)
		int read(int id) {
			Object value = this.entityManager
				.createNativeQuery("SELECT COALESCE((SELECT item_value FROM ryw_jpa_items WHERE id = ?1), -1)")
				.setParameter(1, id)
				.getSingleResult();
			return ((Number) value).intValue();
		}

	}

}
