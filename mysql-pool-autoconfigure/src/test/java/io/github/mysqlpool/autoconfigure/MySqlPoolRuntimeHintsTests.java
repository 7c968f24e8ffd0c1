package io.github.mysqlpool.autoconfigure;

import java.sql.Connection;

import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint;
import io.github.mysqlpool.monitor.statement.internal.SlowQueryInterceptor;
import io.github.mysqlpool.rescue.internal.ConnectionTrackingInterceptor;
import io.github.mysqlpool.retry.RetryableTransaction;
import io.github.mysqlpool.routing.ReadOnly;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.jdbc.datasource.ConnectionProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MySqlPoolRuntimeHints} and
 * {@link MySqlPoolBeanRegistrationAotProcessor}.
 *
 * @author mysql-pool team
 */
class MySqlPoolRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void registrarsAreLoadedFromAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(MySqlPoolRuntimeHints.class);
		assertThat(AotServices.factories().load(BeanRegistrationAotProcessor.class))
			.hasAtLeastOneElementOfType(MySqlPoolBeanRegistrationAotProcessor.class);
	}

	@Test
	void driverInterceptorsNamedInDriverPropertiesCanBeConstructedByName() {
		new MySqlPoolRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(ConnectionTrackingInterceptor.class)
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(SlowQueryInterceptor.class)
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)).accepts(this.hints);
	}

	@Test
	void everyClassNamedInDriverPropertiesIsCovered() {
		// The names the starter writes into queryInterceptors are the ones hinted
		assertThat(MySqlPoolRuntimeHints.DRIVER_INTERCEPTORS).contains(ConnectionTrackingInterceptor.class.getName(),
				SlowQueryInterceptor.class.getName());
	}

	@Test
	void annotationAttributesCanBeRead() throws Exception {
		new MySqlPoolRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ReadOnly.class.getMethod("maxLag")))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(RetryableTransaction.class)
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).accepts(this.hints);
	}

	@Test
	void readYourWritesConnectionProxyIsHinted() {
		new MySqlPoolRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(ConnectionProxy.class)).accepts(this.hints);
	}

	@Test
	void endpointSectionBodiesCanBeSerialized() throws Exception {
		new MySqlPoolRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(MySqlPoolEndpoint.AlertsDescriptor.class.getMethod("active"))).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(MySqlPoolEndpoint.HistoryDescriptor.class.getMethod("events"))).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(MySqlPoolEndpoint.RecommendationsDescriptor.class.getMethod("recommendations")))
			.accepts(this.hints);
	}

	@Test
	void beansWithAdvisedMethodsAreHinted() throws Exception {
		assertThat(MySqlPoolBeanRegistrationAotProcessor.isAdvised(Reads.class)).isTrue();
		assertThat(MySqlPoolBeanRegistrationAotProcessor.isAdvised(Writes.class)).isTrue();
		assertThat(MySqlPoolBeanRegistrationAotProcessor.isAdvised(Plain.class)).isFalse();
		MySqlPoolBeanRegistrationAotProcessor.register(this.hints, Reads.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Reads.class.getMethod("find")))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Finder.class.getMethod("find")))
			.accepts(this.hints);
	}

	interface Finder {

		String find();

	}

	static class Reads implements Finder {

		@Override
		@ReadOnly
		public String find() {
			return "";
		}

	}

	static class Writes {

		@RetryableTransaction
		public void save(Connection connection) {
		}

	}

	static class Plain {

		public void save() {
		}

	}

}
