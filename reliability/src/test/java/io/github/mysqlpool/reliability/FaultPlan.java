package io.github.mysqlpool.reliability;

import java.time.Duration;
import java.util.Locale;

/**
 * One scheduled fault.
 *
 * @param number position in the schedule, from 1
 * @param type what is done
 * @param replica the replica it is done to (0-based, among the replicas of the moment, in
 * start order), for replica faults and a switchover
 * @param hold how long the fault lasts before it is undone
 * @param gapBefore quiet time before it is injected
 * @param crash for a primary restart, whether it crashes (SIGKILL) rather than shuts
 * down; for a switchover, whether the second one goes back to the old primary rather than
 * onward to the other replica
 * @param killShare for killed connections, the share of sessions killed
 * @author mysql-pool team
 */
record FaultPlan(int number, FaultType type, int replica, Duration hold, Duration gapBefore, boolean crash,
		double killShare) {

	String describe() {
		String what = switch (this.type) {
			case REPLICA_KILLED, REPLICA_PAUSED, REPLICA_LAGGING ->
				this.type.description() + " (replica-" + (this.replica + 1) + ", " + millis(this.hold) + ")";
			case PRIMARY_RESTARTED -> this.type.description() + " (" + (this.crash ? "crash" : "clean shutdown")
					+ ", down " + millis(this.hold) + ")";
			case CONNECTIONS_KILLED ->
				this.type.description() + String.format(Locale.ROOT, " (%.0f%% of sessions)", this.killShare * 100);
			case IDLE_CONNECTIONS_EXPIRED, POOL_EXHAUSTED, PRIMARY_PAUSED ->
				this.type.description() + " (" + millis(this.hold) + ")";
			case SWITCHOVER -> "planned switchover to replica " + (this.replica + 1) + ", "
					+ (this.crash ? "back" : "onward") + " after " + millis(this.hold);
			case FAILOVER -> "failover, old primary back after " + millis(this.hold);
		};
		return "#" + this.number + " " + what;
	}

	private static String millis(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

}
