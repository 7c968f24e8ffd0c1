package io.github.mysqlpool.reliability;

import java.util.List;

/**
 * What happened to one injected fault.
 *
 * @param plan the fault
 * @param injectedNanos when it was injected, from {@link System#nanoTime()}
 * @param clearedNanos when it was undone (the same instant for a fault that is over at
 * once, such as killed connections)
 * @param recoveryNanos for each {@link RecoveryWatch} target, the time from
 * {@code clearedNanos} to its first success, or {@link RecoveryWatch#NOT_RECOVERED}
 * @param notes what the fault did, such as how many sessions it killed
 * @param target the node it was done to, by its start name ({@code primary},
 * {@code replica-1}...), empty when it was done to every node
 * @param events the moments that may interrupt writes, the injection first
 * @author mysql-pool team
 */
record FaultRecord(FaultPlan plan, long injectedNanos, long clearedNanos, long[] recoveryNanos, String notes,
		String target, List<FaultEvent> events) {

	/**
	 * Time until writes and every replica were served again.
	 * @return nanoseconds, or {@link RecoveryWatch#NOT_RECOVERED}
	 */
	long recoveredAfterNanos() {
		long last = 0;
		for (long each : this.recoveryNanos) {
			if (each == RecoveryWatch.NOT_RECOVERED) {
				return RecoveryWatch.NOT_RECOVERED;
			}
			last = Math.max(last, each);
		}
		return last;
	}

	boolean recovered() {
		return recoveredAfterNanos() != RecoveryWatch.NOT_RECOVERED;
	}

	/**
	 * End of the fault's window for counting the errors callers saw.
	 * @return {@link #clearedNanos()} plus the recovery time
	 */
	long windowEndNanos() {
		long recovery = recoveredAfterNanos();
		return this.clearedNanos + ((recovery != RecoveryWatch.NOT_RECOVERED) ? recovery : 0);
	}

}
