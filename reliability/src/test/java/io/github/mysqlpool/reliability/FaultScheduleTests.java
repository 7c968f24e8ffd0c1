package io.github.mysqlpool.reliability;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeded fault schedule.
 *
 * @author mysql-pool team
 */
class FaultScheduleTests {

	@Test
	void sameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
		assertThat(FaultSchedule.generate(42, 2, 3).plans()).isEqualTo(FaultSchedule.generate(42, 2, 3).plans());
		assertThat(FaultSchedule.generate(42, 2, 3).plans()).isNotEqualTo(FaultSchedule.generate(43, 2, 3).plans());
	}

	@Test
	void everyRoundHoldsEveryFaultTypeOnce() {
		List<FaultPlan> plans = FaultSchedule.generate(7, 2, 4).plans();
		int types = FaultType.values().length;
		assertThat(plans).hasSize(4 * types);
		for (int round = 0; round < 4; round++) {
			EnumSet<FaultType> seen = EnumSet.noneOf(FaultType.class);
			plans.subList(round * types, (round + 1) * types).forEach((plan) -> seen.add(plan.type()));
			assertThat(seen).containsExactlyInAnyOrder(FaultType.values());
		}
		assertThat(plans).extracting(FaultPlan::number).startsWith(1, 2, 3).endsWith(4 * types);
	}

	@Test
	void faultsTargetEveryReplicaAndLagOutlastsMaxLag() {
		List<FaultPlan> plans = FaultSchedule.generate(11, 2, 10).plans();
		assertThat(plans).filteredOn((plan) -> plan.type().onReplica())
			.extracting(FaultPlan::replica)
			.contains(0, 1)
			.allMatch((replica) -> replica == 0 || replica == 1);
		assertThat(plans).filteredOn((plan) -> plan.type() == FaultType.REPLICA_LAGGING)
			.allMatch((plan) -> plan.hold().compareTo(SoakApplication.MAX_LAG.multipliedBy(2)) >= 0);
		assertThat(plans).filteredOn((plan) -> plan.type() == FaultType.PRIMARY_RESTARTED)
			.extracting(FaultPlan::crash)
			.contains(true, false);
	}

	@Test
	void planDescribesItsTarget() {
		FaultPlan plan = new FaultPlan(3, FaultType.REPLICA_PAUSED, 1, java.time.Duration.ofMillis(2500),
				java.time.Duration.ofSeconds(4), false, 0.5);
		assertThat(plan.describe()).isEqualTo("#3 replica paused and resumed (replica-2, 2.5 s)");
	}

}
