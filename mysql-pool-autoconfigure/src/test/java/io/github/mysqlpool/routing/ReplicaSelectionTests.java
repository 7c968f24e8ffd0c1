package io.github.mysqlpool.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.PoolRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.mock;

/**
 * Tests for {@link ReplicaSnapshot} and {@link WeightedRoundRobinReplicaSelector}.
 *
 * @author mysql-pool team
 */
class ReplicaSelectionTests {

	private final WeightedRoundRobinReplicaSelector selector = new WeightedRoundRobinReplicaSelector();

	@Test
	void equalWeightsAlternate() {
		MySqlPool first = replica("replica-1", 1);
		MySqlPool second = replica("replica-2", 1);
		ReplicaSnapshot snapshot = ReplicaSnapshot.of(List.of(first, second));
		assertThat(List.of(this.selector.select(snapshot), this.selector.select(snapshot),
				this.selector.select(snapshot), this.selector.select(snapshot)))
			.containsExactly(first, second, first, second);
	}

	@Test
	void weightsSetTheShareAndTheWheelIsInterleaved() {
		MySqlPool heavy = replica("heavy", 3);
		MySqlPool light = replica("light", 1);
		ReplicaSnapshot snapshot = ReplicaSnapshot.of(List.of(heavy, light));
		assertThat(snapshot.weightedWheel()).containsExactly(heavy, heavy, light, heavy);
		Map<String, Integer> counts = new HashMap<>();
		for (int i = 0; i < 400; i++) {
			counts.merge(this.selector.select(snapshot).getName(), 1, Integer::sum);
		}
		assertThat(counts).containsEntry("heavy", 300).containsEntry("light", 100);
	}

	@Test
	void emptyRotationSelectsNothing() {
		assertThat(this.selector.select(ReplicaSnapshot.of(List.of()))).isNull();
	}

	private static MySqlPool replica(String name, int weight) {
		return new MySqlPool(name, PoolRole.REPLICA, mock(DataSource.class), weight);
	}

}
