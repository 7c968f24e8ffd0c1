package io.github.mysqlpool.routing.internal;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import com.sun.management.ThreadMXBean;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.PoolRole;
import io.github.mysqlpool.routing.ReplicaSnapshot;
import io.github.mysqlpool.routing.SelectionStrategy;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.AbstractDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * What a borrow through {@link MySqlRoutingDataSource} costs the router itself, on pools
 * that hand out one connection at once: the routing tests on real servers show where the
 * borrows go.
 *
 * @author mysql-pool team
 */
class MySqlRoutingDataSourceTests {

	private final MySqlPool primary = pool("primary", PoolRole.PRIMARY);

	private final MySqlPool first = pool("replica-1", PoolRole.REPLICA);

	private final MySqlPool second = pool("replica-2", PoolRole.REPLICA);

	private final ReplicaRotation rotation = new ReplicaRotation(List.of(this.first, this.second));

	@Test
	void borrowingAllocatesNothing() throws SQLException {
		this.rotation.update(ReplicaSnapshot.of(List.of(this.first, this.second), new long[] { 10, 20 }, ""));
		for (SelectionStrategy strategy : SelectionStrategy.values()) {
			MySqlRoutingDataSource router = new MySqlRoutingDataSource(
					new MySqlPools(this.primary, List.of(this.first, this.second), true), this.rotation,
					strategy.createSelector());
			router.trackWriterBorrows(64);
			router.setReadConsistency(new NothingWritten());
			assertThat(bytesPerBorrows(router)).as(strategy.name()).isLessThan(4096);
		}
	}

	@Test
	void readsAndWritesGoToTheirPools() throws SQLException {
		MySqlRoutingDataSource router = new MySqlRoutingDataSource(
				new MySqlPools(this.primary, List.of(this.first), true), new ReplicaRotation(List.of(this.first)),
				SelectionStrategy.ROUND_ROBIN.createSelector());
		assertThat(router.getConnection()).isSameAs(this.primary.getDataSource().getConnection());
		boolean previous = RoutingContext.enterReadOnlyScope();
		try {
			assertThat(router.getConnection()).isSameAs(this.first.getDataSource().getConnection());
		}
		finally {
			RoutingContext.restoreReadOnlyScope(previous);
		}
		assertThat(router.getStatistics().getWrites()).isOne();
		assertThat(this.first.getRoutedBorrows()).isOne();
	}

	private static long bytesPerBorrows(MySqlRoutingDataSource router) throws SQLException {
		ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
		long id = Thread.currentThread().getId();
		long sink = borrow(router, 200_000);
		long before = threads.getThreadAllocatedBytes(id);
		sink += borrow(router, 100_000);
		long allocated = threads.getThreadAllocatedBytes(id) - before;
		assertThat(sink).isPositive();
		// Measuring allocates a little itself; 300,000 borrows allocating would be MBs
		return allocated;
	}

	private static long borrow(MySqlRoutingDataSource router, int times) throws SQLException {
		long sink = 0;
		for (int i = 0; i < times; i++) {
			sink += System.identityHashCode(router.getConnection());
			boolean previous = RoutingContext.enterReadOnlyScope();
			try {
				sink += System.identityHashCode(router.getConnection());
				long bound = RoutingContext.narrowMaxLag(500);
				try {
					sink += System.identityHashCode(router.getConnection());
				}
				finally {
					RoutingContext.restoreMaxLag(bound);
				}
			}
			finally {
				RoutingContext.restoreReadOnlyScope(previous);
			}
		}
		return sink;
	}

	private static MySqlPool pool(String name, PoolRole role) {
		return new MySqlPool(name, role, new OneConnection(mock(Connection.class)), 1);
	}

	/**
	 * A pool that hands out the same connection at once.
	 */
	private static final class OneConnection extends AbstractDataSource {

		private final Connection connection;

		OneConnection(Connection connection) {
			this.connection = connection;
		}

		@Override
		public Connection getConnection() {
			return this.connection;
		}

		@Override
		public Connection getConnection(String username, String password) {
			return this.connection;
		}

	}

	/**
	 * Read-your-writes in a scope that wrote nothing.
	 */
	private static final class NothingWritten implements ReadConsistency {

		@Override
		public boolean isFenced() {
			return false;
		}

		@Override
		public boolean requiresPrimary() {
			return false;
		}

		@Override
		public boolean awaitWrites(Connection replicaConnection) {
			return true;
		}

		@Override
		public Connection primaryBorrowedOutsideTransaction(Connection connection) {
			return connection;
		}

	}

}
