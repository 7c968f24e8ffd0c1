package io.github.mysqlpool.pool;

import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.internal.PoolLoad;
import org.jspecify.annotations.Nullable;

/**
 * One connection pool of the topology: its name, its role and the pool itself.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class MySqlPool {

	private final String name;

	private final String server;

	private final PoolRole role;

	private final DataSource dataSource;

	private final int weight;

	private final @Nullable HikariDataSource hikari;

	private final LongAdder routedBorrows = new LongAdder();

	private final PoolLoad load = new PoolLoad();

	/**
	 * Create a pool entry.
	 * @param name pool name, for example {@code primary} or {@code replica-1}
	 * @param role role of the pool's server
	 * @param dataSource the pool
	 * @param weight relative share of reads for weighted selection
	 */
	public MySqlPool(String name, PoolRole role, DataSource dataSource, int weight) {
		this(name, name, role, dataSource, weight);
	}

	/**
	 * Create a pool entry for one of the pools of a server. With topology discovery each
	 * server has a pool for each role it may take: {@code replica-1} for its reads and
	 * {@code replica-1-writes} for the writes it takes once promoted.
	 * @param name pool name
	 * @param server name of the pool's server, the name of its pool in its configured
	 * role
	 * @param role the role this pool serves
	 * @param dataSource the pool
	 * @param weight relative share of reads for weighted selection
	 */
	public MySqlPool(String name, String server, PoolRole role, DataSource dataSource, int weight) {
		this.name = name;
		this.server = server;
		this.role = role;
		this.dataSource = dataSource;
		this.weight = weight;
		this.hikari = unwrapHikari(dataSource);
	}

	private static @Nullable HikariDataSource unwrapHikari(DataSource dataSource) {
		if (dataSource instanceof HikariDataSource hikariDataSource) {
			return hikariDataSource;
		}
		try {
			return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
		}
		catch (Exception ex) {
			return null;
		}
	}

	public String getName() {
		return this.name;
	}

	/**
	 * Name of the pool's server: the name of the server's pool in its configured role.
	 * @return the server's name
	 */
	public String getServer() {
		return this.server;
	}

	/**
	 * The role this pool serves: writes ({@link PoolRole#PRIMARY}) or reads.
	 * @return the pool's role
	 */
	public PoolRole getRole() {
		return this.role;
	}

	public DataSource getDataSource() {
		return this.dataSource;
	}

	public int getWeight() {
		return this.weight;
	}

	/**
	 * The HikariCP pool behind this entry, or {@code null} where an adopted primary is
	 * not a HikariCP pool.
	 * @return the HikariCP pool or {@code null}
	 */
	public @Nullable HikariDataSource getHikari() {
		return this.hikari;
	}

	/**
	 * Count one connection handed out by the routing data source from this pool. Called
	 * on the borrow path: one uncontended add, no allocation.
	 */
	public void recordRoutedBorrow() {
		this.routedBorrows.increment();
	}

	/**
	 * Number of connections the routing data source has handed out from this pool.
	 * @return the count since start-up
	 */
	public long getRoutedBorrows() {
		return this.routedBorrows.sum();
	}

	/**
	 * How busy and how fast the pool's server is, as the replica selection sees it.
	 * Internal; not for applications: its type is internal and may change without notice.
	 * Public because the starter's selectors read it on every borrow from the read route,
	 * where a look-up elsewhere would cost more than this field read.
	 * @return the pool's load
	 */
	public PoolLoad getLoad() {
		return this.load;
	}

	@Override
	public String toString() {
		return "MySqlPool{" + this.name + ", " + this.role + "}";
	}

}
