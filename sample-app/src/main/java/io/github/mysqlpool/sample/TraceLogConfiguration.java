package io.github.mysqlpool.sample;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Writes each finished span to the log (logger {@code sample.trace}) when
 * {@code sample.trace-log} is {@code true}: the traces of the starter's observations
 * without a collector. An application with one exports through Zipkin or OpenTelemetry
 * instead.
 *
 * @author mysql-pool team
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("sample.trace-log")
class TraceLogConfiguration {

	private static final Log logger = LogFactory.getLog("sample.trace");

	@Bean
	SpanHandler traceLogSpanHandler() {
		return new SpanHandler() {

			@Override
			public boolean end(TraceContext context, MutableSpan span, Cause cause) {
				logger.info("span " + span.name() + " trace=" + context.traceIdString() + " id="
						+ context.spanIdString() + " parent="
						+ ((context.parentIdString() != null) ? context.parentIdString() : "-") + " " + span.tags()
						+ ((span.error() != null) ? " error=" + span.error().getClass().getSimpleName() : ""));
				return true;
			}

		};
	}

}
