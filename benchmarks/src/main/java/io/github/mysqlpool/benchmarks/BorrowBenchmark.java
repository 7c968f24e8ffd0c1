package io.github.mysqlpool.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.routing.ReplicaSelector;
import io.github.mysqlpool.routing.SelectionStrategy;
import io.github.mysqlpool.routing.internal.MySqlRoutingDataSource;
import io.github.mysqlpool.routing.internal.ObservationRoutingObserver;
import io.github.mysqlpool.routing.internal.ReplicaRotation;
import io.github.mysqlpool.routing.internal.RoutingContext;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.aop.framework.ProxyFactory;

/**
 * Cost of one {@code getConnection()} + {@code close()} through the starter's routing
 * {@code DataSource}, on the write route and on the read route (inside a read-only scope,
 * as {@code @ReadOnly} opens one), against the same HikariCP pools used directly, and
 * those against a HikariCP pool built without the starter (what the pool monitor's
 * tracker costs). Run with JMH's GC profiler, the difference in bytes per operation is
 * what the routing allocates.
 *
 * @author mysql-pool team
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BorrowBenchmark {

	private SpringOperations starter;

	private MySqlRoutingDataSource routing;

	private HikariDataSource barePool;

	private HikariDataSource bareTrackedPool;

	private PlainBorrower plainBorrower;

	private PlainBorrower advisedBorrower;

	private DataSource primaryPool;

	private DataSource replicaPool;

	private StarterOperations.ReadOnlyBorrower readOnlyBorrower;

	private MySqlRoutingDataSource observedRouting;

	private MySqlRoutingDataSource leastActiveRouting;

	private MySqlRoutingDataSource latencyAwareRouting;

	@Setup(Level.Trial)
	public void start() throws SQLException {
		ReplicatedMariaDb db = BenchmarkDatabase.get();
		this.barePool = Pools.create("bare-primary", db.primary().jdbcUrl(), db, false);
		this.bareTrackedPool = Pools.create("bare-tracked-primary", db.primary().jdbcUrl(), db, false);
		this.bareTrackedPool.setMetricsTrackerFactory((poolName, poolStats) -> new IMetricsTracker() {
		});
		this.plainBorrower = new PlainBorrower(this.barePool);
		this.advisedBorrower = advised(new PlainBorrower(this.barePool));
		this.starter = StarterOperations.start(db);
		this.routing = this.starter.context().getBean(MySqlRoutingDataSource.class);
		MySqlPools pools = this.starter.context().getBean(MySqlPools.class);
		this.primaryPool = pools.getPrimary().getDataSource();
		this.replicaPool = pools.getReplicas().get(0).getDataSource();
		this.readOnlyBorrower = this.starter.context().getBean(StarterOperations.ReadOnlyBorrower.class);
		// The same pools and rotation behind a router with observations on, recorded as
		// timers: what mysql-pool.observations.enabled=true costs with a meter registry
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
		this.observedRouting = new MySqlRoutingDataSource(pools, this.starter.context().getBean(ReplicaRotation.class),
				this.starter.context().getBean(ReplicaSelector.class), this.routing.getFallback());
		this.observedRouting.setRoutingObserver(new ObservationRoutingObserver(observations));
		// Two routers over the same pools built alike, differing only in the selection
		// strategy: what choosing with latency-aware costs against the default
		this.leastActiveRouting = new MySqlRoutingDataSource(pools,
				this.starter.context().getBean(ReplicaRotation.class), SelectionStrategy.LEAST_ACTIVE.createSelector(),
				this.routing.getFallback());
		this.latencyAwareRouting = new MySqlRoutingDataSource(pools,
				this.starter.context().getBean(ReplicaRotation.class), SelectionStrategy.LATENCY_AWARE.createSelector(),
				this.routing.getFallback());
		for (int i = 0; i < 2; i++) {
			routingRead();
		}
		hikariPrimary();
		hikariBare();
		hikariBareTracked();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.starter.close();
		this.barePool.close();
		this.bareTrackedPool.close();
	}

	/**
	 * HikariCP alone: a pool to the primary with the same settings, built without the
	 * starter, so without the pool monitor's tracker.
	 * @return the returned connection
	 * @throws SQLException if the pool fails
	 */
	@Benchmark
	public Connection hikariBare() throws SQLException {
		return borrow(this.barePool);
	}

	/**
	 * The bare pool with a metrics tracker that records nothing: what HikariCP's own
	 * tracker hooks cost (two more clock readings per borrow).
	 * @return the returned connection
	 * @throws SQLException if the pool fails
	 */
	@Benchmark
	public Connection hikariBareTracked() throws SQLException {
		return borrow(this.bareTrackedPool);
	}

	@Benchmark
	public Connection hikariPrimary() throws SQLException {
		return borrow(this.primaryPool);
	}

	@Benchmark
	public Connection routingWrite() throws SQLException {
		return borrow(this.routing);
	}

	@Benchmark
	public Connection hikariReplica() throws SQLException {
		return borrow(this.replicaPool);
	}

	@Benchmark
	public Connection routingRead() throws SQLException {
		return readThrough(this.routing);
	}

	@Benchmark
	public Connection routingWriteObserved() throws SQLException {
		return borrow(this.observedRouting);
	}

	@Benchmark
	public Connection routingReadObserved() throws SQLException {
		return readThrough(this.observedRouting);
	}

	@Benchmark
	public Connection routingReadLeastActive() throws SQLException {
		return readThrough(this.leastActiveRouting);
	}

	@Benchmark
	public Connection routingReadLatencyAware() throws SQLException {
		return readThrough(this.latencyAwareRouting);
	}

	/**
	 * Borrow and return one connection.
	 */
	private static Connection borrow(DataSource dataSource) throws SQLException {
		Connection connection = dataSource.getConnection();
		connection.close();
		return connection;
	}

	/**
	 * Borrow and return one connection inside a read-only scope, as {@code @ReadOnly}
	 * opens one.
	 */
	private static Connection readThrough(DataSource router) throws SQLException {
		boolean previous = RoutingContext.enterReadOnlyScope();
		try {
			return borrow(router);
		}
		finally {
			RoutingContext.restoreReadOnlyScope(previous);
		}
	}

	@Benchmark
	public Connection readOnlyMethod() throws SQLException {
		return this.readOnlyBorrower.borrowAndClose();
	}

	/**
	 * The baseline of {@link #readOnlyMethod()}: the same method without the annotation,
	 * on an object no proxy wraps, borrowing from the bare pool.
	 * @return the returned connection
	 * @throws SQLException if the pool fails
	 */
	@Benchmark
	public Connection plainMethodBare() throws SQLException {
		return this.plainBorrower.borrowAndClose();
	}

	/**
	 * {@link #plainMethodBare()} on a class-based Spring AOP proxy with one advice that
	 * only proceeds, as Spring proxies a bean with any annotation-driven advice: the cost
	 * of the proxy call itself, which {@link #readOnlyMethod()} includes.
	 * @return the returned connection
	 * @throws SQLException if the pool fails
	 */
	@Benchmark
	public Connection advisedMethodBare() throws SQLException {
		return this.advisedBorrower.borrowAndClose();
	}

	private static PlainBorrower advised(PlainBorrower target) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.setProxyTargetClass(true);
		factory.addAdvice((MethodInterceptor) MethodInvocation::proceed);
		return (PlainBorrower) factory.getProxy(BorrowBenchmark.class.getClassLoader());
	}

	/**
	 * {@link StarterOperations.ReadOnlyBorrower} without the annotation.
	 */
	static class PlainBorrower {

		private final DataSource dataSource;

		PlainBorrower(DataSource dataSource) {
			this.dataSource = dataSource;
		}

		public Connection borrowAndClose() throws SQLException {
			Connection connection = this.dataSource.getConnection();
			connection.close();
			return connection;
		}

	}

}
