package io.github.mysqlpool.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The faults of a run, drawn from a seed: rounds of every {@link FaultType} in a shuffled
 * order, each with its target, length and the quiet gap before it. The same seed gives
 * the same schedule.
 *
 * @author mysql-pool team
 */
final class FaultSchedule {

	private final long seed;

	private final List<FaultPlan> plans;

	private FaultSchedule(long seed, List<FaultPlan> plans) {
		this.seed = seed;
		this.plans = List.copyOf(plans);
	}

	/**
	 * Draw a schedule.
	 * @param seed the seed
	 * @param replicas the number of replicas
	 * @param rounds how many rounds of every fault type
	 * @return the schedule
	 */
	static FaultSchedule generate(long seed, int replicas, int rounds) {
		Random random = new Random(seed);
		List<FaultPlan> plans = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			List<FaultType> types = new ArrayList<>(List.of(FaultType.values()));
			Collections.shuffle(types, random);
			for (FaultType type : types) {
				plans.add(new FaultPlan(plans.size() + 1, type, random.nextInt(replicas), hold(type, random),
						millis(random, 3000, 6000), random.nextBoolean(), 0.5));
			}
		}
		return new FaultSchedule(seed, plans);
	}

	private static Duration hold(FaultType type, Random random) {
		return switch (type) {
			case REPLICA_KILLED, REPLICA_PAUSED -> millis(random, 2000, 5000);
			// Well past max-lag, so that the lag really crosses it
			case REPLICA_LAGGING -> SoakApplication.MAX_LAG.multipliedBy(2).plus(millis(random, 0, 3000));
			case PRIMARY_RESTARTED -> millis(random, 500, 3000);
			case CONNECTIONS_KILLED -> Duration.ZERO;
			// Longer than max-lifetime, so that every connection is replaced by one with
			// the lowered wait_timeout, then a lull and traffic again
			case IDLE_CONNECTIONS_EXPIRED -> SoakApplication.MAX_LIFETIME.plus(millis(random, 9000, 12000));
			case POOL_EXHAUSTED -> millis(random, 4000, 8000);
			// Time on the new primary before the second switchover
			case SWITCHOVER -> millis(random, 3000, 6000);
			// Time the old primary stays down before it rejoins
			case FAILOVER -> millis(random, 2000, 5000);
			case PRIMARY_PAUSED -> millis(random, 2000, 5000);
		};
	}

	private static Duration millis(Random random, int from, int to) {
		return Duration.ofMillis(from + random.nextInt(to - from + 1));
	}

	long seed() {
		return this.seed;
	}

	List<FaultPlan> plans() {
		return this.plans;
	}

}
