package io.github.mysqlpool.reliability;

/**
 * One moment of a fault that may interrupt writes: the injection itself, each switchover,
 * the kill of a failover.
 *
 * @param what what happened, such as {@code switchover primary -> replica-1}
 * @param nanos when it began, from {@link System#nanoTime()}
 * @param changesWriter whether the primary changed: the starter must follow
 * @author mysql-pool team
 */
record FaultEvent(String what, long nanos, boolean changesWriter) {

}
