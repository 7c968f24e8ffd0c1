package io.github.mysqlpool.monitor.statement.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;

import com.mysql.cj.PreparedQuery;
import com.mysql.cj.Query;
import io.github.mysqlpool.internal.DirectConnections;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * How the driver's calls around a statement become entries of a pool's
 * {@link SlowQueryLog}, on a clock the test moves; the queries are mocks.
 * {@code SlowQueryIntegrationTests} shows the whole path on a real server.
 *
 * @author mysql-pool team
 */
class SlowQueryInterceptorTests {

	private static final Supplier<String> NOT_TO_BE_RENDERED = () -> {
		throw new AssertionError("The statement text was asked for");
	};

	private final SlowQueryLog log = new SlowQueryLog(Duration.ofMillis(100), 20, Clock.systemUTC());

	private long nanos = 1_000;

	@Test
	void preparedStatementIsRecordedWithItsPlaceholdersNotTheBoundValues() {
		SlowQueryInterceptor interceptor = interceptorOf(registered());
		PreparedQuery query = mock(PreparedQuery.class);
		given(query.getOriginalSql()).willReturn("SELECT * FROM orders WHERE customer = ?");
		run(interceptor, NOT_TO_BE_RENDERED, query, Duration.ofMillis(250));
		assertThat(this.log.count("replica-1")).isEqualTo(1);
		assertThat(this.log.slowest("replica-1")).singleElement().satisfies((slow) -> {
			assertThat(slow.sql()).isEqualTo("SELECT * FROM orders WHERE customer = ?");
			assertThat(slow.maxMillis()).isEqualTo(250);
		});
	}

	@Test
	void plainStatementIsTakenFromTheDriverAndNormalized() {
		SlowQueryInterceptor interceptor = interceptorOf(registered());
		run(interceptor, () -> "SELECT SLEEP(0.3), 'literal-secret' FROM dual", mock(Query.class),
				Duration.ofMillis(300));
		assertThat(this.log.slowest("replica-1")).singleElement()
			.satisfies((slow) -> assertThat(slow.sql()).isEqualTo("SELECT SLEEP(?), ? FROM dual"));
	}

	@Test
	void statementOfExactlyTheThresholdIsSlowAndOneJustBelowIsNot() {
		SlowQueryInterceptor interceptor = interceptorOf(registered());
		run(interceptor, () -> "SELECT 1", null, Duration.ofMillis(100).minusNanos(1));
		assertThat(this.log.count("replica-1")).isZero();
		run(interceptor, () -> "SELECT 2", null, Duration.ofMillis(100));
		assertThat(this.log.count("replica-1")).isEqualTo(1);
	}

	@Test
	void fastStatementIsNeitherRecordedNorRendered() {
		SlowQueryInterceptor interceptor = interceptorOf(registered());
		run(interceptor, NOT_TO_BE_RENDERED, mock(PreparedQuery.class), Duration.ofMillis(3));
		assertThat(this.log.count("replica-1")).isZero();
	}

	@Test
	void endWithoutBeginningIsIgnored() {
		SlowQueryInterceptor interceptor = interceptorOf(registered());
		run(interceptor, () -> "SELECT 1", null, Duration.ofMillis(500));
		this.nanos += Duration.ofSeconds(5).toNanos();
		interceptor.postProcess(() -> "SELECT 1", null, null, null);
		assertThat(this.log.count("replica-1")).isEqualTo(1);
	}

	@Test
	void starterConnectionsAreNotTimed() {
		Properties properties = registered();
		properties.setProperty(DirectConnections.STARTER_CONNECTION_PROPERTY, "true");
		run(interceptorOf(properties), () -> "SELECT SLEEP(1)", null, Duration.ofSeconds(1));
		assertThat(this.log.count("replica-1")).isZero();
	}

	@Test
	void connectionsOfPoolsNotRegisteredAreNotTimed() {
		Properties properties = new Properties();
		properties.setProperty(SlowQueryInterceptor.RECEIVER_PROPERTY, "replica-1#unknown");
		run(interceptorOf(properties), () -> "SELECT SLEEP(1)", null, Duration.ofSeconds(1));
		run(interceptorOf(new Properties()), () -> "SELECT SLEEP(1)", null, Duration.ofSeconds(1));
		assertThat(this.log.count("replica-1")).isZero();
	}

	private Properties registered() {
		Properties properties = new Properties();
		properties.setProperty(SlowQueryInterceptor.RECEIVER_PROPERTY,
				SlowQueryInterceptor.register("replica-1", this.log));
		return properties;
	}

	private SlowQueryInterceptor interceptorOf(Properties properties) {
		SlowQueryInterceptor interceptor = new SlowQueryInterceptor(() -> this.nanos);
		interceptor.init(null, properties, null);
		return interceptor;
	}

	private void run(SlowQueryInterceptor interceptor, Supplier<String> sql, Query query, Duration elapsed) {
		interceptor.preProcess(sql, query);
		this.nanos += elapsed.toNanos();
		interceptor.postProcess(sql, query, null, null);
	}

}
