package io.github.mysqlpool.monitor;

import java.time.Clock;
import java.time.Duration;

import com.mysql.cj.Messages;
import com.mysql.cj.PreparedQuery;
import com.mysql.cj.Query;
import com.mysql.cj.Session;
import com.mysql.cj.conf.HostInfo;
import com.mysql.cj.log.ProfilerEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * How Connector/J's profiler events become entries of a pool's {@link SlowQueryLog}: the
 * event shapes are the driver's own (messages from its bundle), the sessions mocks.
 * {@code SlowQueryIntegrationTests} shows the whole path on a real server.
 *
 * @author mysql-pool team
 */
class SlowQueryEventHandlerTests {

	private final SlowQueryLog log = new SlowQueryLog(Duration.ofMillis(100), 20, Clock.systemUTC());

	private final SlowQueryEventHandler handler = new SlowQueryEventHandler();

	private Session session;

	@BeforeEach
	void registerPool() {
		String receiver = SlowQueryEventHandler.register("replica-1", this.log);
		HostInfo host = mock(HostInfo.class);
		given(host.getProperty(SlowQueryEventHandler.RECEIVER_PROPERTY)).willReturn(receiver);
		this.session = mock(Session.class);
		given(this.session.getHostInfo()).willReturn(host);
	}

	@Test
	void preparedStatementIsRecordedWithItsPlaceholdersNotTheBoundValues() {
		PreparedQuery query = mock(PreparedQuery.class);
		given(query.getOriginalSql()).willReturn("SELECT * FROM orders WHERE customer = ?");
		this.handler.processEvent(ProfilerEvent.TYPE_SLOW_QUERY, this.session, query, null, 250, new Throwable(),
				Messages.getString("ServerPreparedStatement.15",
						new Object[] { "99", "250", "SELECT * FROM orders WHERE customer = ?", "'secret-customer'" }));
		assertThat(this.log.count("replica-1")).isEqualTo(1);
		assertThat(this.log.slowest("replica-1")).singleElement()
			.satisfies((slow) -> assertThat(slow.sql()).isEqualTo("SELECT * FROM orders WHERE customer = ?"));
	}

	@Test
	void plainStatementIsTakenFromTheDriversMessageAndNormalized() {
		this.handler.processEvent(ProfilerEvent.TYPE_SLOW_QUERY, this.session, mock(Query.class), null, 300,
				new Throwable(), Messages.getString("Protocol.SlowQuery",
						new Object[] { "99", "ms", "300", "SELECT SLEEP(0.3), 'literal-secret' FROM dual" }));
		assertThat(this.log.slowest("replica-1")).singleElement()
			.satisfies((slow) -> assertThat(slow.sql()).isEqualTo("SELECT SLEEP(?), ? FROM dual"));
	}

	@Test
	void indexWarningsOfTheSameStatementAreNotCountedAgain() {
		String sql = "SELECT * FROM big_table";
		this.handler.processEvent(ProfilerEvent.TYPE_SLOW_QUERY, this.session, mock(Query.class), null, 300,
				new Throwable(), Messages.getString("Protocol.SlowQuery", new Object[] { "99", "ms", "300", sql }));
		this.handler.processEvent(ProfilerEvent.TYPE_SLOW_QUERY, this.session, mock(Query.class), null, 300,
				new Throwable(), Messages.getString("Protocol.5") + sql);
		this.handler.processEvent(ProfilerEvent.TYPE_SLOW_QUERY, this.session, mock(Query.class), null, 300,
				new Throwable(), Messages.getString("Protocol.4") + sql);
		assertThat(this.log.count("replica-1")).isEqualTo(1);
	}

	@Test
	void otherEventsAndStatementsBelowTheThresholdAreIgnored() {
		PreparedQuery query = mock(PreparedQuery.class);
		given(query.getOriginalSql()).willReturn("SELECT 1");
		this.handler.processEvent(ProfilerEvent.TYPE_EXECUTE, this.session, query, null, 500, new Throwable(), "x");
		this.handler.processEvent(ProfilerEvent.TYPE_SLOW_QUERY, this.session, query, null, 99, new Throwable(), "x");
		assertThat(this.log.count("replica-1")).isZero();
	}

	@Test
	void connectionsOfPoolsNotRegisteredAreIgnored() {
		HostInfo host = mock(HostInfo.class);
		Session other = mock(Session.class);
		given(other.getHostInfo()).willReturn(host);
		PreparedQuery query = mock(PreparedQuery.class);
		given(query.getOriginalSql()).willReturn("SELECT 1");
		this.handler.processEvent(ProfilerEvent.TYPE_SLOW_QUERY, other, query, null, 500, new Throwable(), "x");
		assertThat(this.log.count("replica-1")).isZero();
	}

}
