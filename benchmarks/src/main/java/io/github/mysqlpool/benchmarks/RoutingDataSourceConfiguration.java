package io.github.mysqlpool.benchmarks;

import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.routing.ReadOnly;
import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The common tutorial approach: an {@link AbstractRoutingDataSource} over two HikariCP
 * pools (the primary and one replica) keyed on the transaction's read-only flag or a
 * thread-local set by an advisor on {@link ReadOnly}, behind a
 * {@link LazyConnectionDataSourceProxy} so that the key is read after the transaction has
 * published its flag.
 *
 * @author mysql-pool team
 */
@Configuration(proxyBeanMethods = false)
class RoutingDataSourceConfiguration {

	private static final ThreadLocal<Boolean> readScope = new ThreadLocal<>();

	@Bean
	RoutingPools routingPools() {
		ReplicatedMariaDb db = BenchmarkDatabase.get();
		return new RoutingPools(Pools.create("write", db.primary().jdbcUrl(), db, false),
				Pools.create("read", db.replica(0).jdbcUrl(), db, true));
	}

	@Bean
	LazyConnectionDataSourceProxy dataSource(RoutingPools pools) {
		ReadWriteRoutingDataSource routing = new ReadWriteRoutingDataSource();
		routing.setTargetDataSources(Map.of("write", pools.write(), "read", pools.read()));
		routing.setDefaultTargetDataSource(pools.write());
		routing.afterPropertiesSet();
		return new LazyConnectionDataSourceProxy(routing);
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor readScopeAdvisor() {
		MethodInterceptor interceptor = (invocation) -> {
			Boolean previous = readScope.get();
			readScope.set(Boolean.TRUE);
			try {
				return invocation.proceed();
			}
			finally {
				readScope.set(previous);
			}
		};
		return new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(ReadOnly.class), interceptor);
	}

	/**
	 * Routes on the thread-local read scope or the current transaction's read-only flag.
	 */
	static class ReadWriteRoutingDataSource extends AbstractRoutingDataSource {

		@Override
		protected Object determineCurrentLookupKey() {
			boolean read = readScope.get() != null || TransactionSynchronizationManager.isCurrentTransactionReadOnly();
			return read ? "read" : "write";
		}

	}

	/**
	 * The two pools, closed with the context.
	 *
	 * @param write the primary's pool
	 * @param read the replica's pool
	 */
	record RoutingPools(HikariDataSource write, HikariDataSource read) implements DisposableBean {

		@Override
		public void destroy() {
			this.read.close();
			this.write.close();
		}

	}

}
