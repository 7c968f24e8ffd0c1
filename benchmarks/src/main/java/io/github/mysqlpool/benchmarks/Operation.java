package io.github.mysqlpool.benchmarks;

import java.util.List;

/**
 * The benchmarked operations, and the variants each one is compared on.
 *
 * @author mysql-pool team
 */
enum Operation {

	/**
	 * Autocommit point read from a replica, compared with bare pools reading from the
	 * same replicas (round-robin over both, or the first only).
	 */
	READ("read", Variant.HIKARI_REPLICAS,
			List.of(Variant.HIKARI, Variant.HIKARI_REPLICAS, Variant.STARTER, Variant.CONNECTOR_J_REPLICATION,
					Variant.SHARDINGSPHERE, Variant.HIKARI_ONE_REPLICA, Variant.HIKARI_ONE_REPLICA_TWIN,
					Variant.STARTER_ONE_REPLICA, Variant.ROUTING_DATA_SOURCE, Variant.AWS_WRAPPER)),

	/**
	 * Point read in a read-only transaction, compared with bare pools to the same
	 * replicas issuing the same statements.
	 */
	READ_IN_TRANSACTION("readInTransaction", Variant.HIKARI_REPLICAS,
			List.of(Variant.HIKARI_REPLICAS, Variant.STARTER, Variant.CONNECTOR_J_REPLICATION, Variant.SHARDINGSPHERE,
					Variant.HIKARI_ONE_REPLICA, Variant.HIKARI_ONE_REPLICA_TWIN, Variant.STARTER_ONE_REPLICA,
					Variant.ROUTING_DATA_SOURCE, Variant.AWS_WRAPPER)),

	/**
	 * Single-row autocommit INSERT on the primary, compared with one bare pool.
	 */
	WRITE("write", Variant.HIKARI, List.of(Variant.HIKARI, Variant.HIKARI_ONE_REPLICA_TWIN, Variant.STARTER,
			Variant.CONNECTOR_J_REPLICATION, Variant.ROUTING_DATA_SOURCE, Variant.SHARDINGSPHERE, Variant.AWS_WRAPPER));

	private final String method;

	private final Variant baseline;

	private final List<Variant> variants;

	Operation(String method, Variant baseline, List<Variant> variants) {
		this.method = method;
		this.baseline = baseline;
		this.variants = variants;
	}

	/**
	 * The benchmark method of {@link PointOperationsBenchmark}.
	 * @return the method name
	 */
	String method() {
		return this.method;
	}

	/**
	 * The bare HikariCP variant a variant's figures are divided by.
	 * @param variant the variant
	 * @return its baseline for this operation
	 */
	Variant baseline(Variant variant) {
		return (this == WRITE) ? this.baseline : variant.readBaseline();
	}

	List<Variant> variants() {
		return this.variants;
	}

	/**
	 * Whether the statement audit checks this operation on the variant: every benchmarked
	 * one but the twin of a baseline, and the reads of the AWS wrapper's Aurora-only
	 * plugin.
	 * @param variant the variant
	 * @return whether to audit
	 */
	boolean audits(Variant variant) {
		if (variant.isTwin()) {
			return false;
		}
		return this.variants.contains(variant) || (variant == Variant.AWS_WRAPPER_RWS && this != WRITE);
	}

	static Operation of(String method) {
		for (Operation operation : values()) {
			if (operation.method.equals(method)) {
				return operation;
			}
		}
		throw new IllegalArgumentException("No operation " + method + ": read, readInTransaction or write");
	}

	void run(PointOperations operations) {
		switch (this) {
			case READ -> operations.read(PointQueries.randomId());
			case READ_IN_TRANSACTION -> operations.readInTransaction(PointQueries.randomId());
			case WRITE -> operations.write("audit", 1);
		}
	}

}
