package io.github.mysqlpool.monitor.statement.internal;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.PreparedQuery;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import io.github.mysqlpool.internal.DirectConnections;
import io.github.mysqlpool.internal.PoolLoad;
import io.github.mysqlpool.monitor.timing.internal.PoolTimings;
import io.github.mysqlpool.monitor.timing.internal.StatementKind;
import org.jspecify.annotations.Nullable;

/**
 * Times each statement of a pool's connections inside MySQL Connector/J and records the
 * slow ones in the pool's {@link SlowQueryLog}; every statement's time also feeds the
 * pool's {@link PoolLoad}, which the latency-aware replica selection reads.
 * <p>
 * The driver creates one interceptor per connection from its class name (the
 * {@code queryInterceptors} connection property) and calls it before and after each
 * statement, results read, while the connection is held by one thread. It finds its pool
 * through a connection property that {@code SlowQueryDriverCustomizer} sets on each pool,
 * naming an entry of a registry held here. A statement costs two clock readings; every
 * statement's time goes to the pool's {@link PoolTimings}, by kind (read from the first
 * keyword) and outcome (the driver calls back without a result set when the statement
 * failed). A prepared statement allocates nothing here, its SQL is the one the driver
 * keeps; a plain statement's SQL is decoded from the packet to read its kind. The slow
 * ones are logged with their SQL as written (the SQL of a prepared statement, with its
 * placeholders; the log normalizes the literals of a plain statement).
 * <p>
 * Why not the driver's own slow-query detection ({@code logSlowQueries})? With it on, the
 * driver renders every server-side prepared statement with its values before sending it,
 * slow or not: about 0.5 KB of garbage per execution in the benchmarks.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class SlowQueryInterceptor implements QueryInterceptor {

	/**
	 * The connection property naming the pool's entry in the registry.
	 */
	public static final String RECEIVER_PROPERTY = "mysqlPoolSlowQueryReceiver";

	private static final Map<String, Receiver> receivers = new ConcurrentHashMap<>();

	private static final AtomicLong ids = new AtomicLong();

	private final LongSupplier nanoClock;

	private @Nullable Receiver receiver;

	private long thresholdNanos;

	private boolean timing;

	private long startNanos;

	private @Nullable MysqlConnection connection;

	private long sessionId;

	/**
	 * Create an interceptor; the driver does so once per connection.
	 */
	public SlowQueryInterceptor() {
		this(System::nanoTime);
	}

	SlowQueryInterceptor(LongSupplier nanoClock) {
		this.nanoClock = nanoClock;
	}

	/**
	 * Register a pool's log.
	 * @param pool the pool name
	 * @param log its slow statement log, held weakly
	 * @return the value of the {@link #RECEIVER_PROPERTY} connection property
	 */
	static String register(String pool, SlowQueryLog log) {
		return register(pool, log, null);
	}

	/**
	 * Register a pool's log and timings.
	 * @param pool the pool name
	 * @param log its slow statement log, held weakly
	 * @param timings where every statement's time is recorded, or {@code null}
	 * @return the value of the {@link #RECEIVER_PROPERTY} connection property
	 */
	public static String register(String pool, SlowQueryLog log, @Nullable PoolTimings timings) {
		receivers.values().removeIf((receiver) -> receiver.log().get() == null);
		String id = pool + "#" + ids.incrementAndGet();
		receivers.put(id, new Receiver(pool, new WeakReference<>(log), timings, null));
		return id;
	}

	/**
	 * Have the statements of a registered pool also feed its load, which the replica
	 * selection reads.
	 * @param receiverId the value of the {@link #RECEIVER_PROPERTY} connection property
	 * @param load the pool's load
	 */
	public static void feed(String receiverId, PoolLoad load) {
		receivers.computeIfPresent(receiverId,
				(id, receiver) -> new Receiver(receiver.pool(), receiver.log(), receiver.timings(), load));
	}

	@Override
	public QueryInterceptor init(MysqlConnection connection, Properties properties, Log log) {
		String receiverId = properties.getProperty(RECEIVER_PROPERTY);
		boolean starterConnection = Boolean
			.parseBoolean(properties.getProperty(DirectConnections.STARTER_CONNECTION_PROPERTY));
		Receiver found = (receiverId != null && !starterConnection) ? receivers.get(receiverId) : null;
		SlowQueryLog slowQueryLog = (found != null) ? found.log().get() : null;
		if (slowQueryLog != null) {
			this.receiver = found;
			this.thresholdNanos = slowQueryLog.getThreshold().toNanos();
			this.connection = connection;
		}
		return this;
	}

	@Override
	public <T extends Resultset> @Nullable T preProcess(Supplier<String> sql, Query interceptedQuery) {
		Receiver current = this.receiver;
		if (current != null) {
			if (this.sessionId == 0) {
				registerSession(current);
			}
			this.startNanos = this.nanoClock.getAsLong();
			this.timing = true;
		}
		return null;
	}

	@Override
	public <T extends Resultset> @Nullable T postProcess(Supplier<String> sql, Query interceptedQuery,
			T originalResultSet, ServerSession serverSession) {
		Receiver receiver = this.receiver;
		if (!this.timing || receiver == null) {
			return null;
		}
		this.timing = false;
		long endNanos = this.nanoClock.getAsLong();
		long elapsedNanos = endNanos - this.startNanos;
		PoolLoad load = receiver.load();
		if (load != null) {
			load.recordStatement(elapsedNanos, endNanos);
		}
		PoolTimings timings = receiver.timings();
		if (timings != null) {
			// The driver calls back with no result set when the statement failed
			timings.recordStatement(kind(sql, interceptedQuery), originalResultSet != null, elapsedNanos);
		}
		if (elapsedNanos >= this.thresholdNanos) {
			SlowQueryLog log = receiver.log().get();
			if (log != null) {
				String statement = (interceptedQuery instanceof PreparedQuery prepared) ? prepared.getOriginalSql()
						: sql.get();
				log.record(receiver.pool(), statement, elapsedNanos / 1_000_000);
			}
		}
		return null;
	}

	/**
	 * Time only the statements the application sends, not those the driver runs for
	 * itself in between.
	 */
	@Override
	public boolean executeTopLevelOnly() {
		return true;
	}

	/**
	 * Note the connection's server session once, at its first statement, when the session
	 * surely exists.
	 */
	private void registerSession(Receiver current) {
		MysqlConnection mysqlConnection = this.connection;
		PoolTimings timings = current.timings();
		if (mysqlConnection != null && timings != null) {
			long id = mysqlConnection.getSession().getThreadId();
			if (id > 0) {
				this.sessionId = id;
				timings.addSession(id);
			}
		}
	}

	@Override
	public void destroy() {
		Receiver current = this.receiver;
		PoolTimings timings = (current != null) ? current.timings() : null;
		if (timings != null && this.sessionId != 0) {
			timings.removeSession(this.sessionId);
		}
		this.receiver = null;
		this.connection = null;
	}

	private static StatementKind kind(Supplier<String> sql, Query query) {
		return StatementKind.of((query instanceof PreparedQuery prepared) ? prepared.getOriginalSql() : sql.get());
	}

	private record Receiver(String pool, WeakReference<SlowQueryLog> log, @Nullable PoolTimings timings,
			@Nullable PoolLoad load) {

	}

}
