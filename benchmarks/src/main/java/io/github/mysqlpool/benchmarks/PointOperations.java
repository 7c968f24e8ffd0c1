package io.github.mysqlpool.benchmarks;

/**
 * One way of sending point reads and writes to a primary and its replicas: the starter,
 * bare HikariCP, or an alternative a user might pick instead.
 *
 * @author mysql-pool team
 */
interface PointOperations extends AutoCloseable {

	/**
	 * Read one row by primary key from a replica, with autocommit and no transaction.
	 * @param id the key
	 * @return the row
	 */
	PointQueries.Item read(long id);

	/**
	 * Read one row by primary key from a replica inside a read-only transaction.
	 * @param id the key
	 * @return the row
	 */
	PointQueries.Item readInTransaction(long id);

	/**
	 * Insert one row on the primary, with autocommit.
	 * @param name the name column
	 * @param qty the qty column
	 * @return the update count
	 */
	int write(String name, int qty);

	@Override
	void close();

}
