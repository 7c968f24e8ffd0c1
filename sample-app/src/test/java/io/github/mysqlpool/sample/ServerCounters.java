package io.github.mysqlpool.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;

/**
 * Reads {@code Com_select} of every embedded server, to tell which servers did the
 * reading.
 *
 * @author mysql-pool team
 */
final class ServerCounters {

	private final Map<String, Long> selects;

	private ServerCounters(Map<String, Long> selects) {
		this.selects = selects;
	}

	static ServerCounters read() {
		ReplicatedMariaDb db = EmbeddedDatabase.running();
		Map<String, Long> selects = new LinkedHashMap<>();
		for (Node node : db.nodes()) {
			selects.put(node.name(), node.queryForLong(
					"SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_SELECT'"));
		}
		return new ServerCounters(selects);
	}

	/**
	 * Selects run on the primary since the earlier reading.
	 */
	long primarySince(ServerCounters earlier) {
		return this.selects.get("primary") - earlier.selects.get("primary");
	}

	/**
	 * Selects run on all replicas since the earlier reading.
	 */
	long replicasSince(ServerCounters earlier) {
		long total = 0;
		for (Map.Entry<String, Long> entry : this.selects.entrySet()) {
			if (!entry.getKey().equals("primary")) {
				total += entry.getValue() - earlier.selects.get(entry.getKey());
			}
		}
		return total;
	}

}
