package io.github.mysqlpool.consistency;

/**
 * How reads after a write in the same scope see that write.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public enum ReadYourWritesMode {

	/**
	 * Reads go to replicas as usual and may miss the scope's own recent writes.
	 */
	OFF,

	/**
	 * After a write, reads of the scope go to the primary for the window.
	 */
	PRIMARY_WINDOW,

	/**
	 * After a write, reads of the scope go to a replica that has applied the primary's
	 * GTID position, waiting a bounded time for one, else to the primary.
	 */
	GTID

}
