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
	 * The starter.
	 */
	STARTER("starter", StarterOperations::start),

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
