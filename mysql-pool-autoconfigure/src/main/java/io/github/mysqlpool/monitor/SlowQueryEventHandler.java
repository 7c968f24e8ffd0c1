package io.github.mysqlpool.monitor;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.mysql.cj.Messages;
import com.mysql.cj.PreparedQuery;
import com.mysql.cj.Query;
import com.mysql.cj.Session;
import com.mysql.cj.conf.HostInfo;
import com.mysql.cj.log.Log;
import com.mysql.cj.log.ProfilerEvent;
import com.mysql.cj.log.ProfilerEventHandler;
import com.mysql.cj.protocol.Resultset;
import org.jspecify.annotations.Nullable;

/**
 * Receives MySQL Connector/J's slow-query events and records them in the
 * {@link SlowQueryLog} of the pool whose connection ran the statement.
 * <p>
 * The driver creates one handler per connection from its class name, so the pool is found
 * through a connection property that {@link SlowQueryDriverCustomizer} sets on each pool:
 * it names an entry of a registry held here. Only the statement as written is recorded:
 * the SQL of a prepared statement, with its placeholders; the log normalizes the literals
 * of a plain statement.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class SlowQueryEventHandler implements ProfilerEventHandler {

	/**
	 * The connection property naming the pool's entry in the registry.
	 */
	static final String RECEIVER_PROPERTY = "mysqlPoolSlowQueryReceiver";

	private static final Map<String, Receiver> receivers = new ConcurrentHashMap<>();

	private static final AtomicLong ids = new AtomicLong();

	/**
	 * Messages of events the driver also reports as slow queries, for statements that
	 * used no (good) index or that the server flagged: the slow-query event itself comes
	 * first and is the one counted.
	 */
	private static final String[] OTHER_EVENT_MESSAGES = { messagePrefix("Protocol.4"), messagePrefix("Protocol.5"),
			messagePrefix("Protocol.ServerSlowQuery") };

	/**
	 * Register a pool's log.
	 * @param pool the pool name
	 * @param log its slow statement log, held weakly
	 * @return the value of the {@link #RECEIVER_PROPERTY} connection property
	 */
	static String register(String pool, SlowQueryLog log) {
		receivers.values().removeIf((receiver) -> receiver.log().get() == null);
		String id = pool + "#" + ids.incrementAndGet();
		receivers.put(id, new Receiver(pool, new WeakReference<>(log)));
		return id;
	}

	@Override
	public void init(Log log) {
	}

	@Override
	public void destroy() {
	}

	@Override
	public void consumeEvent(ProfilerEvent event) {
	}

	@Override
	public void processEvent(byte eventType, Session session, Query query, Resultset resultSet, long eventDuration,
			Throwable eventCreationPoint, String message) {
		if (eventType != ProfilerEvent.TYPE_SLOW_QUERY || session == null || isOtherEvent(message)) {
			return;
		}
		HostInfo host = session.getHostInfo();
		String receiverId = (host != null) ? host.getProperty(RECEIVER_PROPERTY) : null;
		Receiver receiver = (receiverId != null) ? receivers.get(receiverId) : null;
		SlowQueryLog log = (receiver != null) ? receiver.log().get() : null;
		if (log == null) {
			return;
		}
		String sql = (query instanceof PreparedQuery prepared) ? prepared.getOriginalSql() : statementOf(message);
		if (sql != null) {
			log.record(receiver.pool(), sql, eventDuration);
		}
	}

	private static boolean isOtherEvent(@Nullable String message) {
		if (message == null) {
			return false;
		}
		for (String other : OTHER_EVENT_MESSAGES) {
			if (!other.isEmpty() && message.startsWith(other)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The statement at the end of the driver's "Slow query (exceeded …): statement"
	 * message of a plain statement.
	 */
	private static @Nullable String statementOf(@Nullable String message) {
		if (message == null) {
			return null;
		}
		int end = message.indexOf("): ");
		return (end >= 0) ? message.substring(end + 3) : message;
	}

	private static String messagePrefix(String key) {
		String message = Messages.getString(key);
		int argument = message.indexOf('{');
		return ((argument >= 0) ? message.substring(0, argument) : message).strip();
	}

	private record Receiver(String pool, WeakReference<SlowQueryLog> log) {

	}

}
