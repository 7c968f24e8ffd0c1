package io.github.mysqlpool.routing;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.sun.management.ThreadMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.PoolRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.mock;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;

/**
 * Tests for {@link ReplicaSnapshot} and the selection strategies.
 *
 * @author mysql-pool team
 */
class ReplicaSelectionTests {

	private static final long NO_BOUND = ReplicaSnapshot.UNKNOWN_LAG;

	private final MySqlPool first = replica("replica-1", 1);

	private final MySqlPool second = replica("replica-2", 1);

	@Test
	void equalWeightsAlternate() {
		WeightedRoundRobinReplicaSelector selector = new WeightedRoundRobinReplicaSelector();
		ReplicaSnapshot snapshot = ReplicaSnapshot.of(List.of(this.first, this.second));
		List<MySqlPool> picked = select(selector, snapshot, NO_BOUND, 4);
		assertThat(picked).containsExactlyInAnyOrder(this.first, this.second, this.first, this.second);
		assertThat(picked.get(1)).isNotSameAs(picked.get(0));
		assertThat(picked.get(2)).isSameAs(picked.get(0));
	}

	@Test
	void weightsSetTheShareAndTheWheelIsInterleaved() {
		MySqlPool heavy = replica("heavy", 3);
		MySqlPool light = replica("light", 1);
		ReplicaSnapshot snapshot = ReplicaSnapshot.of(List.of(heavy, light));
		assertThat(snapshot.weightedWheel()).containsExactly(heavy, heavy, light, heavy);
		Map<String, Integer> counts = new HashMap<>();
		for (MySqlPool chosen : select(new WeightedRoundRobinReplicaSelector(), snapshot, NO_BOUND, 400)) {
			counts.merge(chosen.getName(), 1, Integer::sum);
		}
		assertThat(counts).containsEntry("heavy", 300).containsEntry("light", 100);
	}

	@Test
	void roundRobinIgnoresWeights() {
		MySqlPool heavy = replica("heavy", 3);
		ReplicaSnapshot snapshot = ReplicaSnapshot.of(List.of(heavy, this.second));
		List<MySqlPool> picked = select(new RoundRobinReplicaSelector(), snapshot, NO_BOUND, 4);
		// A thread starts at a random replica, then takes them in turn
		assertThat(picked).containsExactlyInAnyOrder(heavy, heavy, this.second, this.second);
		assertThat(picked.get(1)).isNotSameAs(picked.get(0));
		assertThat(picked.get(2)).isSameAs(picked.get(0));
	}

	@Test
	void threadsThatReadOnceEachSpreadOverTheReplicas() throws InterruptedException {
		ReplicaSnapshot snapshot = ReplicaSnapshot.of(List.of(this.first, this.second));
		RoundRobinReplicaSelector selector = new RoundRobinReplicaSelector();
		Set<MySqlPool> picked = ConcurrentHashMap.newKeySet();
		for (int i = 0; i < 64; i++) {
			Thread reader = new Thread(() -> picked.add(selector.select(snapshot, NO_BOUND)));
			reader.start();
			reader.join();
		}
		// Each thread's first turn: all on the first replica if turns started there
		assertThat(picked).containsExactlyInAnyOrder(this.first, this.second);
	}

	@Test
	void everyStrategySkipsReplicasOverTheReadsBound() {
		ReplicaSnapshot snapshot = ReplicaSnapshot.of(List.of(this.first, this.second), new long[] { 1500, 200 }, "");
		for (SelectionStrategy strategy : SelectionStrategy.values()) {
			ReplicaSelector selector = strategy.createSelector();
			assertThat(select(selector, snapshot, 500, 6)).as(strategy.name()).containsOnly(this.second);
			assertThat(select(selector, snapshot, NO_BOUND, 6)).as(strategy.name()).contains(this.second);
			assertThat(selector.select(snapshot, 100)).as(strategy.name()).isNull();
		}
	}

	@Test
	void unknownLagPassesOnlyWithoutABound() {
		ReplicaSnapshot snapshot = ReplicaSnapshot.of(List.of(this.first));
		assertThat(new LeastActiveReplicaSelector().select(snapshot, NO_BOUND)).isSameAs(this.first);
		assertThat(new LeastActiveReplicaSelector().select(snapshot, 60_000)).isNull();
	}

	@Test
	void lowestLagPrefersTheFreshestReplica() {
		ReplicaSnapshot snapshot = ReplicaSnapshot.of(List.of(this.first, this.second), new long[] { 900, 30 }, "");
		assertThat(select(new LowestLagReplicaSelector(), snapshot, NO_BOUND, 5)).containsOnly(this.second);
	}

	@Test
	void leastActiveSpreadsAnIdleTopologyAcrossReplicas() {
		ReplicaSnapshot snapshot = ReplicaSnapshot.of(List.of(this.first, this.second), new long[] { 0, 0 }, "");
		assertThat(select(new LeastActiveReplicaSelector(), snapshot, NO_BOUND, 4)).contains(this.first, this.second);
	}

	@Test
	void leastActiveCountsConnectionsInUseFromTheTrackerWithoutWalkingThePool() {
		HikariPoolMXBean firstPool = mock(HikariPoolMXBean.class);
		HikariPoolMXBean secondPool = mock(HikariPoolMXBean.class);
		MySqlPool busy = hikariReplica("replica-1", firstPool);
		MySqlPool idle = hikariReplica("replica-2", secondPool);
		busy.getLoad().trackConnectionsInUse(() -> 3);
		idle.getLoad().trackConnectionsInUse(() -> 1);
		ReplicaSnapshot snapshot = ReplicaSnapshot.of(List.of(busy, idle));
		assertThat(select(new LeastActiveReplicaSelector(), snapshot, NO_BOUND, 4)).containsOnly(idle);
		then(firstPool).should(never()).getActiveConnections();
		then(secondPool).should(never()).getActiveConnections();
	}

	@Test
	void latencyAwarePrefersTheReplicaWithShorterStatements() {
		long now = System.nanoTime();
		this.first.getLoad().recordStatement(TimeUnit.MILLISECONDS.toNanos(5), now);
		this.second.getLoad().recordStatement(TimeUnit.MICROSECONDS.toNanos(200), now);
		ReplicaSnapshot snapshot = ReplicaSnapshot.of(List.of(this.first, this.second));
		assertThat(select(new LatencyAwareReplicaSelector(), snapshot, NO_BOUND, 20)).containsOnly(this.second);
	}

	@Test
	void latencyAwareWeighsStatementTimeByConnectionsInUse() {
		long now = System.nanoTime();
		this.first.getLoad().recordStatement(TimeUnit.MILLISECONDS.toNanos(1), now);
		this.second.getLoad().recordStatement(TimeUnit.MICROSECONDS.toNanos(200), now);
		this.first.getLoad().trackConnectionsInUse(() -> 0);
		this.second.getLoad().trackConnectionsInUse(() -> 9);
		ReplicaSnapshot snapshot = ReplicaSnapshot.of(List.of(this.first, this.second));
		assertThat(select(new LatencyAwareReplicaSelector(), snapshot, NO_BOUND, 20)).containsOnly(this.first);
	}

	@Test
	void latencyAwareTriesAReplicaAgainOnceItsTimesAreOld() {
		long then = System.nanoTime();
		this.first.getLoad().recordStatement(TimeUnit.MILLISECONDS.toNanos(50), then);
		this.second.getLoad().recordStatement(TimeUnit.MICROSECONDS.toNanos(200), then + 1);
		ReplicaSnapshot snapshot = ReplicaSnapshot.of(List.of(this.first, this.second));
		LatencyAwareReplicaSelector selector = new LatencyAwareReplicaSelector();
		assertThat(select(selector, snapshot, NO_BOUND, 10)).containsOnly(this.second);
		// The other replica kept answering for 3 s: the slow one's 50 ms are that old
		this.second.getLoad().recordStatement(TimeUnit.MICROSECONDS.toNanos(200), then + TimeUnit.SECONDS.toNanos(3));
		assertThat(select(selector, snapshot, NO_BOUND, 10)).contains(this.first);
	}

	@Test
	void latencyAwareSpreadsReadsWhileNothingIsTimed() {
		ReplicaSnapshot snapshot = ReplicaSnapshot.of(List.of(this.first, this.second));
		List<MySqlPool> picked = select(new LatencyAwareReplicaSelector(), snapshot, NO_BOUND, 4);
		assertThat(picked).containsExactlyInAnyOrder(this.first, this.second, this.first, this.second);
		assertThat(picked.get(1)).isNotSameAs(picked.get(0));
	}

	@Test
	void emptyRotationSelectsNothing() {
		for (SelectionStrategy strategy : SelectionStrategy.values()) {
			assertThat(strategy.createSelector().select(ReplicaSnapshot.of(List.of()))).isNull();
		}
	}

	@Test
	void selectingAllocatesNothing() {
		ReplicaSnapshot snapshot = ReplicaSnapshot.of(List.of(this.first, this.second, replica("replica-3", 2)),
				new long[] { 10, 700, 20 }, "");
		ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
		long id = Thread.currentThread().getId();
		for (SelectionStrategy strategy : SelectionStrategy.values()) {
			ReplicaSelector selector = strategy.createSelector();
			long sink = 0;
			for (int i = 0; i < 200_000; i++) {
				sink += selector.select(snapshot, (i % 2 == 0) ? 500 : NO_BOUND).getWeight();
			}
			long before = threads.getThreadAllocatedBytes(id);
			for (int i = 0; i < 100_000; i++) {
				sink += selector.select(snapshot, (i % 2 == 0) ? 500 : NO_BOUND).getWeight();
			}
			long allocated = threads.getThreadAllocatedBytes(id) - before;
			assertThat(sink).isPositive();
			// Measuring allocates a little itself; 100,000 selections allocating would be
			// MBs
			assertThat(allocated).as(strategy.name()).isLessThan(4096);
		}
	}

	private static List<MySqlPool> select(ReplicaSelector selector, ReplicaSnapshot snapshot, long bound, int times) {
		List<MySqlPool> chosen = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			chosen.add(selector.select(snapshot, bound));
		}
		return chosen;
	}

	private static MySqlPool hikariReplica(String name, HikariPoolMXBean pool) {
		HikariDataSource hikari = mock(HikariDataSource.class);
		given(hikari.getHikariPoolMXBean()).willReturn(pool);
		return new MySqlPool(name, PoolRole.REPLICA, hikari, 1);
	}

	private static MySqlPool replica(String name, int weight) {
		return new MySqlPool(name, PoolRole.REPLICA, mock(DataSource.class), weight);
	}

}
