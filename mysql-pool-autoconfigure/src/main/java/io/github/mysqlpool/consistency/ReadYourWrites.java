package io.github.mysqlpool.consistency;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.internal.ServerFacts;
import io.github.mysqlpool.routing.internal.ReadConsistency;
import org.jspecify.annotations.Nullable;

/**
 * Read-your-writes: after a write commits in a scope, reads of that scope see it.
 * <p>
 * A scope is the current thread by default; a web request (and the requests that carry
 * its token) when the read-your-writes request filter is in place. A scope remembers only
 * when it last wrote. For the window that follows, its reads go to the primary
 * ({@link ReadYourWritesMode#PRIMARY_WINDOW}), or ({@link ReadYourWritesMode#GTID}) to a
 * replica that has applied the primary's GTID position as read after the write: the
 * position is read once per write, on the first read that needs it, and the replica is
 * asked to wait for it for at most the wait timeout, after which the read goes to the
 * primary. The position is read after the write committed, so it covers the write; it may
 * cover later writes of others too, which can only make the wait longer, never the answer
 * staler. A scope waits at most once per write: once no replica applied the position in
 * time, its reads go to the primary until it writes again or the window has passed.
 * <p>
 * The window bounds how long a write is remembered: once it has passed, every replica
 * still in rotation is within max-lag of the primary, so it has the write.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ReadYourWrites implements ReadConsistency {

	static final long NO_WRITE = Long.MIN_VALUE;

	private static final ThreadLocal<WriteScope> scopes = ThreadLocal.withInitial(WriteScope::new);

	private final ReadYourWritesMode mode;

	private final long windowMillis;

	private final BigDecimal waitSeconds;

	private final MySqlPool primary;

	private volatile @Nullable GtidDialect dialect;

	private volatile @Nullable MySqlPools pools;

	private final LongAdder primaryReads = new LongAdder();

	private final LongAdder replicaWaits = new LongAdder();

	private final LongAdder replicaWaitTimeouts = new LongAdder();

	/**
	 * Create the policy.
	 * @param mode how reads after a write see it; not {@link ReadYourWritesMode#OFF}
	 * @param window how long after a write its scope's reads are fenced
	 * @param gtidWaitTimeout how long a replica may take to apply the position
	 * @param primary the primary pool, asked for its GTID position
	 */
	public ReadYourWrites(ReadYourWritesMode mode, Duration window, Duration gtidWaitTimeout, MySqlPool primary) {
		this.mode = mode;
		this.windowMillis = window.toMillis();
		this.waitSeconds = BigDecimal.valueOf(gtidWaitTimeout.toMillis(), 3);
		this.primary = primary;
	}

	/**
	 * Read the GTID position from whichever server takes the writes, once topology
	 * discovery may move them.
	 * @param pools the pools, whose writer to ask
	 */
	public void followWriter(MySqlPools pools) {
		this.pools = pools;
	}

	private MySqlPool writerPool() {
		MySqlPools current = this.pools;
		MySqlPool writer = (current != null) ? current.getWriter() : null;
		return (writer != null) ? writer : this.primary;
	}

	@Override
	public boolean isFenced() {
		long writtenAt = scopes.get().writtenAt;
		return writtenAt != NO_WRITE && System.currentTimeMillis() - writtenAt < this.windowMillis;
	}

	@Override
	public boolean requiresPrimary() {
		if (this.mode == ReadYourWritesMode.PRIMARY_WINDOW || scopes.get().waitedInVain) {
			this.primaryReads.increment();
			return true;
		}
		return false;
	}

	@Override
	public void prepareWait() throws SQLException {
		WriteScope scope = scopes.get();
		if (scope.position == null) {
			scope.position = dialect().readPosition(writerPool().getDataSource());
		}
	}

	@Override
	public boolean awaitWrites(Connection replicaConnection) throws SQLException {
		WriteScope scope = scopes.get();
		String position = scope.position;
		GtidDialect gtid = dialect();
		if (position == null) {
			position = gtid.readPosition(writerPool().getDataSource());
			scope.position = position;
		}
		if (position.isEmpty()) {
			// No GTID to wait for (GTIDs off on the primary): only the primary is sure
			scope.waitedInVain = true;
			this.primaryReads.increment();
			return false;
		}
		this.replicaWaits.increment();
		if (gtid.awaitPosition(replicaConnection, position, this.waitSeconds)) {
			return true;
		}
		// Replicas that lag this much rarely catch up within the window: the scope's
		// next reads go straight to the primary instead of waiting again
		scope.waitedInVain = true;
		this.replicaWaitTimeouts.increment();
		this.primaryReads.increment();
		return false;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The scope is fenced from now, for the reads the borrower makes while it holds the
	 * connection, and again when the connection is closed: its writes committed by then,
	 * however long they ran, so the window starts there and the primary's position is
	 * read anew. The connection is wrapped in a proxy that notes the close: an allocation
	 * on this borrow only.
	 */
	@Override
	public Connection primaryBorrowedOutsideTransaction(Connection connection) {
		WriteScope scope = scopes.get();
		scope.recordWrite();
		return StampOnClose.wrap(connection, scope);
	}

	/**
	 * Check, in {@link ReadYourWritesMode#GTID} mode, that the primary gives its
	 * transactions GTIDs, without which no replica can be known to have a write.
	 * @return {@code null} when it does, else what is wrong, starting with "its"
	 * @throws SQLException when the primary cannot be asked
	 */
	public @Nullable String checkPrimaryGtids() throws SQLException {
		return dialect().checkEnabled(writerPool().getDataSource());
	}

	/**
	 * How to fix the primary {@link #checkPrimaryGtids()} found wanting.
	 * @return the action
	 * @throws SQLException when the primary cannot be asked its flavor
	 */
	public String primaryGtidsAction() throws SQLException {
		return dialect().disabledAction();
	}

	/**
	 * Note that the current scope has just committed a write.
	 */
	public void recordWrite() {
		scopes.get().recordWrite();
	}

	/**
	 * Open a scope on the current thread, for example for a web request, replacing the
	 * thread's until {@link #closeScope(Object)}.
	 * @param writtenAt when a write of this scope happened (from a token), or
	 * {@link Long#MIN_VALUE} for none
	 * @param publisher told the time of each write the scope makes, for example to hand
	 * the client a token; may be {@code null}
	 * @return the replaced scope, to hand to {@link #closeScope(Object)}
	 */
	public Object openScope(long writtenAt, @Nullable LongConsumer publisher) {
		WriteScope previous = scopes.get();
		scopes.set(new WriteScope(writtenAt, publisher));
		return previous;
	}

	/**
	 * The current thread's scope, for example to carry a request's scope to the thread
	 * that does part of its work with {@link #enterScope(Object)}.
	 * @return the scope, opaque
	 */
	public Object currentScope() {
		return scopes.get();
	}

	/**
	 * Make a scope from {@link #currentScope()}, perhaps of another thread, the current
	 * thread's until {@link #closeScope(Object)}: the writes of either thread then fence
	 * the reads of both.
	 * @param scope the scope to enter
	 * @return the replaced scope, to hand to {@link #closeScope(Object)}
	 */
	public Object enterScope(Object scope) {
		WriteScope previous = scopes.get();
		scopes.set((WriteScope) scope);
		return previous;
	}

	/**
	 * Restore the scope that {@link #openScope(long, LongConsumer)} replaced.
	 * @param previous the value it returned
	 */
	public void closeScope(Object previous) {
		scopes.set((WriteScope) previous);
	}

	/**
	 * When the current scope last wrote.
	 * @return epoch milliseconds, {@link Long#MIN_VALUE} when it has not
	 */
	public long lastWrite() {
		return scopes.get().writtenAt;
	}

	/**
	 * Forget the current thread's writes, for example between two units of work of a
	 * pooled thread.
	 */
	public void clear() {
		scopes.get().clear();
	}

	/**
	 * How long after a write its scope's reads are fenced.
	 * @return the window
	 */
	public Duration getWindow() {
		return Duration.ofMillis(this.windowMillis);
	}

	public ReadYourWritesMode getMode() {
		return this.mode;
	}

	/**
	 * Number of fenced reads served by the primary: all of them in primary-window mode,
	 * and those whose replica did not catch up in time in GTID mode.
	 * @return the count since start-up
	 */
	public long getPrimaryReads() {
		return this.primaryReads.sum();
	}

	/**
	 * Number of fenced reads that waited on a replica for the primary's position.
	 * @return the count since start-up
	 */
	public long getReplicaWaits() {
		return this.replicaWaits.sum();
	}

	/**
	 * Number of those waits that timed out, the read then going to the primary.
	 * @return the count since start-up
	 */
	public long getReplicaWaitTimeouts() {
		return this.replicaWaitTimeouts.sum();
	}

	private GtidDialect dialect() throws SQLException {
		GtidDialect known = this.dialect;
		if (known == null) {
			try (Connection connection = writerPool().getDataSource().getConnection()) {
				known = GtidDialect.of(ServerFacts.read(connection).version().mariaDb());
			}
			this.dialect = known;
		}
		return known;
	}

}
