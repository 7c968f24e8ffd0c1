package io.github.mysqlpool.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.jdbc.datasource.ConnectionProxy;
import org.springframework.util.ClassUtils;

/**
 * {@link RuntimeHintsRegistrar} for what the starter reaches by reflection or by class
 * name, so that it works in AOT-processed applications and native images.
 *
 * @author mysql-pool team
 */
class MySqlPoolRuntimeHints implements RuntimeHintsRegistrar {

	/**
	 * Connector/J query interceptors the starter names in driver properties: the driver
	 * loads each by name and calls its public no-argument constructor.
	 */
	static final String[] DRIVER_INTERCEPTORS = { "io.github.mysqlpool.rescue.internal.ConnectionTrackingInterceptor",
			"io.github.mysqlpool.monitor.statement.internal.SlowQueryInterceptor" };

	/**
	 * Annotations whose attributes are read reflectively (merged annotations invoke the
	 * attribute methods).
	 */
	static final String[] ANNOTATIONS = { "io.github.mysqlpool.routing.ReadOnly",
			"io.github.mysqlpool.retry.RetryableTransaction" };

	/**
	 * Bodies of the endpoint's {@code section} operation, declared only as
	 * {@code OperationResponseBody}: Jackson serializes them by reflection.
	 */
	static final String[] ENDPOINT_BODIES = {
			"io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint$HistoryDescriptor",
			"io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint$RecommendationsDescriptor",
			"io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint$AlertsDescriptor" };

	private static final String OPERATION_RESPONSE_BODY = "org.springframework.boot.actuate.endpoint.OperationResponseBody";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		for (String interceptor : DRIVER_INTERCEPTORS) {
			hints.reflection().registerType(TypeReference.of(interceptor), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
		}
		for (String annotation : ANNOTATIONS) {
			hints.reflection().registerType(TypeReference.of(annotation), MemberCategory.INVOKE_PUBLIC_METHODS);
		}
		// Read-your-writes wraps a primary connection borrowed outside a transaction
		hints.proxies().registerJdkProxy(ConnectionProxy.class);
		if (ClassUtils.isPresent(OPERATION_RESPONSE_BODY, classLoader)) {
			BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();
			for (String body : ENDPOINT_BODIES) {
				bindings.registerReflectionHints(hints.reflection(), ClassUtils.resolveClassName(body, classLoader));
			}
		}
	}

}
