package io.github.mysqlpool.monitor.statement.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts statements slower than a threshold per pool and keeps the slowest statement
 * shapes (normalized, never with their values) in a bounded list per pool.
 * <p>
 * Only slow statements reach the lock; every statement costs one comparison.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class SlowQueryLog {

	private final Duration threshold;

	private final int maxStatements;

	private final Clock clock;

	private final Map<String, PoolLog> pools = new ConcurrentHashMap<>();

	/**
	 * Create the log.
	 * @param threshold statements taking at least this long are slow
	 * @param maxStatements how many statement shapes to keep per pool
	 * @param clock the clock giving last-seen times
	 */
	public SlowQueryLog(Duration threshold, int maxStatements, Clock clock) {
		this.threshold = threshold;
		this.maxStatements = maxStatements;
		this.clock = clock;
	}

	public Duration getThreshold() {
		return this.threshold;
	}

	/**
	 * Record a statement's execution time.
	 * @param pool the pool that ran it
	 * @param sql the statement as sent to the driver, or {@code null} when unknown
	 * @param elapsedMillis how long it took
	 */
	public void record(String pool, String sql, long elapsedMillis) {
		if (elapsedMillis < this.threshold.toMillis()) {
			return;
		}
		PoolLog log = this.pools.computeIfAbsent(pool, (name) -> new PoolLog());
		log.count.increment();
		log.add(SqlNormalizer.normalize(sql), elapsedMillis, this.clock.instant(), this.maxStatements);
	}

	/**
	 * Number of slow statements a pool has run since start.
	 * @param pool the pool name
	 * @return the count
	 */
	public long count(String pool) {
		PoolLog log = this.pools.get(pool);
		return (log != null) ? log.count.sum() : 0;
	}

	/**
	 * The slowest statement shapes of a pool, slowest first.
	 * @param pool the pool name
	 * @return the statements
	 */
	public List<SlowQuery> slowest(String pool) {
		PoolLog log = this.pools.get(pool);
		return (log != null) ? log.slowest() : List.of();
	}

	/**
	 * One pool's slow statements.
	 */
	private static final class PoolLog {

		private final LongAdder count = new LongAdder();

		private final Map<String, Entry> statements = new HashMap<>();

		synchronized void add(String sql, long millis, Instant now, int max) {
			Entry entry = this.statements.get(sql);
			if (entry == null) {
				if (this.statements.size() >= max) {
					Entry fastest = this.statements.values()
						.stream()
						.min(Comparator.comparingLong((candidate) -> candidate.max))
						.orElseThrow();
					if (fastest.max >= millis) {
						return;
					}
					this.statements.remove(fastest.sql);
				}
				entry = new Entry(sql);
				this.statements.put(sql, entry);
			}
			entry.count++;
			entry.total += millis;
			entry.max = Math.max(entry.max, millis);
			entry.lastSeen = now;
		}

		synchronized List<SlowQuery> slowest() {
			List<SlowQuery> result = new ArrayList<>();
			for (Entry entry : this.statements.values()) {
				result.add(new SlowQuery(entry.sql, entry.count, entry.max,
						Math.round(10.0 * entry.total / entry.count) / 10.0, entry.lastSeen));
			}
			result.sort(Comparator.comparingLong(SlowQuery::maxMillis).reversed());
			return result;
		}

	}

	/**
	 * Aggregate of one statement shape.
	 */
	private static final class Entry {

		private final String sql;

		private long count;

		private long total;

		private long max;

		private Instant lastSeen = Instant.EPOCH;

		Entry(String sql) {
			this.sql = sql;
		}

	}

}
