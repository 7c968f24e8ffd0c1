package io.github.mysqlpool.benchmarks;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Bare HikariCP, the baseline: either one pool to the primary for everything, or a
 * primary pool for writes and one pool per replica with reads taken round-robin, each
 * used directly through its own {@link JdbcTemplate}.
 *
 * @author mysql-pool team
 */
final class BareHikariOperations implements PointOperations {

	private final HikariDataSource primary;

	private final JdbcTemplate primaryTemplate;

	private final List<HikariDataSource> readPools;

	private final JdbcTemplate[] readTemplates;

	private final AtomicInteger next = new AtomicInteger();

	private BareHikariOperations(HikariDataSource primary, List<HikariDataSource> readPools) {
		this.primary = primary;
		this.primaryTemplate = new JdbcTemplate(primary);
		this.readPools = readPools;
		this.readTemplates = readPools.stream().map(JdbcTemplate::new).toArray(JdbcTemplate[]::new);
	}

	/**
	 * One pool to the primary serving reads and writes.
	 * @param db the topology
	 * @return the operations
	 */
	static BareHikariOperations onePool(ReplicatedMariaDb db) {
		HikariDataSource primary = Pools.create("primary", db.primary().jdbcUrl(), db, false);
		return new BareHikariOperations(primary, List.of(primary));
	}

	/**
	 * A primary pool for writes and replica pools for reads, round-robin.
	 * @param db the topology
	 * @return the operations
	 */
	static BareHikariOperations replicaPools(ReplicatedMariaDb db) {
		HikariDataSource primary = Pools.create("primary", db.primary().jdbcUrl(), db, false);
		List<HikariDataSource> replicas = List.of(Pools.create("replica-1", db.replica(0).jdbcUrl(), db, true),
				Pools.create("replica-2", db.replica(1).jdbcUrl(), db, true));
		return new BareHikariOperations(primary, replicas);
	}

	/**
	 * A primary pool for writes and one replica pool for reads.
	 * @param db the topology
	 * @return the operations
	 */
	static BareHikariOperations oneReplicaPool(ReplicatedMariaDb db) {
		HikariDataSource primary = Pools.create("primary", db.primary().jdbcUrl(), db, false);
		return new BareHikariOperations(primary, List.of(Pools.create("replica-1", db.replica(0).jdbcUrl(), db, true)));
	}

	private int nextReadIndex() {
		return (this.next.getAndIncrement() & Integer.MAX_VALUE) % this.readTemplates.length;
	}

	@Override
	public PointQueries.Item read(long id) {
		return PointQueries.select(this.readTemplates[nextReadIndex()], id);
	}

	@Override
	public PointQueries.Item readInTransaction(long id) {
		int index = nextReadIndex();
		JdbcTemplate template = this.readTemplates[index];
		return BareTransactions.readOnly(this.readPools.get(index), () -> PointQueries.select(template, id));
	}

	@Override
	public int write(String name, int qty) {
		return PointQueries.insert(this.primaryTemplate, name, qty);
	}

	@Override
	public void close() {
		for (HikariDataSource pool : this.readPools) {
			pool.close();
		}
		this.primary.close();
	}

}
