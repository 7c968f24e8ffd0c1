package io.github.mysqlpool.routing.internal;

import java.sql.SQLTransactionRollbackException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolRetryAutoConfiguration;
import io.github.mysqlpool.routing.ReadOnly;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which {@link ReadOnly} applies to a method, as the routing and the retry see it through
 * the proxies of a real context: on the method, on the class, on an interface, inherited,
 * and per bean when beans share an inherited method. No server is involved: each method
 * reports the routing state it runs in.
 *
 * @author mysql-pool team
 */
class ReadOnlyAttributeSourceTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class,
				MySqlPoolRetryAutoConfiguration.class, AopAutoConfiguration.class))
		.withPropertyValues("mysql-pool.primary.url=jdbc:mysql://localhost:3306/test")
		.withUserConfiguration(BeansConfiguration.class);

	@Test
	void twoBeansInheritingOneMethodGetTheirOwnClassLevelBound() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(FastCatalog.class).bound()).isEqualTo(100);
			assertThat(context.getBean(SlowCatalog.class).bound()).isEqualTo(2000);
			assertThat(context.getBean(FastCatalog.class).bound()).isEqualTo(100);
		});
	}

	@Test
	void methodLevelAnnotationAppliesToItsMethodOnly() {
		this.contextRunner.run((context) -> {
			MethodLevel bean = context.getBean(MethodLevel.class);
			assertThat(bean.bound()).isEqualTo(300);
			assertThat(bean.readOnly()).isFalse();
		});
	}

	@Test
	void methodAnnotationBeatsClassAnnotation() {
		this.contextRunner.run((context) -> assertThat(context.getBean(SlowCatalog.class).fresh()).isEqualTo(50));
	}

	@Test
	void interfaceLevelAnnotationAppliesToTheImplementation() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(InterfaceLevelImpl.class).bound()).isEqualTo(400));
	}

	@Test
	void interfaceMethodAnnotationAppliesToTheImplementation() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(InterfaceMethodImpl.class).bound()).isEqualTo(500));
	}

	@Test
	void overridingMethodInheritsItsAnnotation() {
		this.contextRunner.run((context) -> assertThat(context.getBean(Overriding.class).bound()).isEqualTo(600));
	}

	@Test
	void unannotatedBeanIsNotProxied() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(Unannotated.class).readOnly()).isFalse();
			assertThat(context.getBean(Unannotated.class).getClass()).isEqualTo(Unannotated.class);
		});
	}

	@Test
	void repositoryProxyOfAnnotatedInterfaceIsRoutedAndRetriedAsARead() {
		this.contextRunner.run((context) -> {
			Repository repository = context.getBean(Repository.class);
			assertThat(repository.bound()).isEqualTo(700);
			// A write that began no transaction is not retried: a read is
			assertThat(repository.failOnceThenCount()).isEqualTo(2);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class BeansConfiguration {

		@Bean
		FastCatalog fastCatalog() {
			return new FastCatalog();
		}

		@Bean
		SlowCatalog slowCatalog() {
			return new SlowCatalog();
		}

		@Bean
		MethodLevel methodLevel() {
			return new MethodLevel();
		}

		@Bean
		InterfaceLevelImpl interfaceLevel() {
			return new InterfaceLevelImpl();
		}

		@Bean
		InterfaceMethodImpl interfaceMethod() {
			return new InterfaceMethodImpl();
		}

		@Bean
		Overriding overriding() {
			return new Overriding();
		}

		@Bean
		Unannotated unannotated() {
			return new Unannotated();
		}

		/**
		 * Built the way Spring Data builds a repository: a JDK proxy of the interface
		 * whose target does not implement it.
		 */
		@Bean
		Repository repository() {
			AtomicInteger calls = new AtomicInteger();
			ProxyFactory factory = new ProxyFactory(new RepositoryTarget());
			factory.addInterface(Repository.class);
			factory.addAdvice((MethodInterceptor) (invocation) -> {
				if (invocation.getMethod().getName().equals("bound")) {
					return RoutingContext.maxLagMillis();
				}
				if (calls.incrementAndGet() == 1) {
					throw new SQLTransactionRollbackException("Deadlock found", "40001", 1213);
				}
				return calls.get();
			});
			return (Repository) factory.getProxy();
		}

	}

	static class Catalog {

		long bound() {
			return RoutingContext.isReadOnlyScope() ? RoutingContext.maxLagMillis() : -1;
		}

		boolean readOnly() {
			return RoutingContext.isReadOnlyScope();
		}

	}

	@ReadOnly(maxLag = "100ms")
	static class FastCatalog extends Catalog {

	}

	@ReadOnly(maxLag = "2s")
	static class SlowCatalog extends Catalog {

		@ReadOnly(maxLag = "50ms")
		long fresh() {
			return RoutingContext.maxLagMillis();
		}

	}

	static class MethodLevel extends Catalog {

		@Override
		@ReadOnly(maxLag = "300ms")
		long bound() {
			return super.bound();
		}

	}

	@ReadOnly(maxLag = "400ms")
	interface InterfaceLevel {

		long bound();

	}

	static class InterfaceLevelImpl implements InterfaceLevel {

		@Override
		public long bound() {
			return RoutingContext.isReadOnlyScope() ? RoutingContext.maxLagMillis() : -1;
		}

	}

	interface InterfaceMethod {

		@ReadOnly(maxLag = "500ms")
		long bound();

	}

	static class InterfaceMethodImpl implements InterfaceMethod {

		@Override
		public long bound() {
			return RoutingContext.isReadOnlyScope() ? RoutingContext.maxLagMillis() : -1;
		}

	}

	static class AnnotatedBase {

		@ReadOnly(maxLag = "600ms")
		long bound() {
			return -1;
		}

	}

	static class Overriding extends AnnotatedBase {

		@Override
		long bound() {
			return RoutingContext.isReadOnlyScope() ? RoutingContext.maxLagMillis() : -1;
		}

	}

	static class Unannotated extends Catalog {

	}

	@ReadOnly(maxLag = "700ms")
	public interface Repository {

		long bound();

		int failOnceThenCount();

	}

	static class RepositoryTarget {

	}

}
