package io.github.mysqlpool.benchmarks;

import java.util.Map;
import java.util.function.Function;

import io.github.mysqlpool.embedded.ReplicatedMariaDb;

/**
 * The ways of sending point reads and writes that the benchmarks compare.
 *
 * @author mysql-pool team
 */
enum Variant {

	/**
	 * Bare HikariCP, one pool to the primary for everything.
	 */
	HIKARI("hikari", BareHikariOperations::onePool),

	/**
	 * Bare HikariCP, a primary pool for writes and one pool per replica, reads
	 * round-robin.
	 */
	HIKARI_REPLICAS("hikari-replicas", BareHikariOperations::replicaPools),

	/**
	 * Bare HikariCP, a primary pool for writes and one pool to the first replica for
	 * reads: the twin of the variants that read from one replica.
	 */
	HIKARI_ONE_REPLICA("hikari-replica-1", BareHikariOperations::oneReplicaPool),

	/**
	 * The same as {@link #HIKARI_ONE_REPLICA}, measured as a variant of its own: its
	 * ratio to its twin shows how far two identical variants differ in one run, the floor
	 * below which no ratio of the run means anything.
	 */
	HIKARI_ONE_REPLICA_TWIN("hikari-replica-1-twin", BareHikariOperations::oneReplicaPool),

	/**
	 * The starter.
	 */
	STARTER("starter", StarterOperations::start),

	/**
	 * The starter with the first replica only, to compare with the variants that read
	 * from one replica.
	 */
	STARTER_ONE_REPLICA("starter-replica-1", (db) -> StarterOperations.start(db, 1)),

	/**
	 * Connector/J's {@code jdbc:mysql:replication://} in one HikariCP pool.
	 */
	CONNECTOR_J_REPLICATION("cj-replication",
			(db) -> SpringOperations.start(ConnectorJReplicationConfiguration.class, Map.of())),

	/**
	 * A hand-rolled {@code AbstractRoutingDataSource} over two HikariCP pools.
	 */
	ROUTING_DATA_SOURCE("routing-datasource",
			(db) -> SpringOperations.start(RoutingDataSourceConfiguration.class, Map.of())),

	/**
	 * ShardingSphere-JDBC read/write splitting.
	 */
	SHARDINGSPHERE("shardingsphere", (db) -> SpringOperations.start(ShardingSphereConfiguration.class, Map.of())),

	/**
	 * The AWS Advanced JDBC Wrapper's simple read/write splitting plugin in one HikariCP
	 * pool.
	 */
	AWS_WRAPPER("aws-wrapper",
			(db) -> SpringOperations.start(AwsWrapperConfiguration.SimpleReadWriteSplitting.class, Map.of())),

	/**
	 * The AWS Advanced JDBC Wrapper's read/write splitting plugin, which needs Aurora:
	 * audited only.
	 */
	AWS_WRAPPER_RWS("aws-wrapper-rws",
			(db) -> SpringOperations.start(AwsWrapperConfiguration.ReadWriteSplitting.class, Map.of()));

	private final String id;

	private final Function<ReplicatedMariaDb, PointOperations> factory;

	Variant(String id, Function<ReplicatedMariaDb, PointOperations> factory) {
		this.id = id;
		this.factory = factory;
	}

	String id() {
		return this.id;
	}

	/**
	 * The bare HikariCP variant that reads from the same servers, the baseline of this
	 * variant's reads.
	 * @return the baseline for reads
	 */
	Variant readBaseline() {
		return switch (this) {
			case HIKARI_ONE_REPLICA, HIKARI_ONE_REPLICA_TWIN, STARTER_ONE_REPLICA, ROUTING_DATA_SOURCE, AWS_WRAPPER,
					AWS_WRAPPER_RWS ->
				HIKARI_ONE_REPLICA;
			default -> HIKARI_REPLICAS;
		};
	}

	/**
	 * Whether this is an alternative to the starter rather than the starter or a bare
	 * baseline.
	 * @return {@code true} for an alternative
	 */
	boolean isAlternative() {
		return switch (this) {
			case HIKARI, HIKARI_REPLICAS, HIKARI_ONE_REPLICA, HIKARI_ONE_REPLICA_TWIN, STARTER, STARTER_ONE_REPLICA ->
				false;
			default -> true;
		};
	}

	/**
	 * Whether this is a bare variant measured twice, to show the run's noise.
	 * @return {@code true} for the twin of a baseline
	 */
	boolean isTwin() {
		return this == HIKARI_ONE_REPLICA_TWIN;
	}

	PointOperations open(ReplicatedMariaDb db) {
		return this.factory.apply(db);
	}

	static Variant of(String id) {
		for (Variant variant : values()) {
			if (variant.id.equals(id)) {
				return variant;
			}
		}
		throw new IllegalArgumentException("No variant " + id);
	}

}
