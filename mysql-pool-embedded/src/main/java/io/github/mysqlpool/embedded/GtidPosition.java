package io.github.mysqlpool.embedded;

import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * A MariaDB GTID position such as {@code 0-1-42,1-3-7}: the last GTID of each replication
 * domain.
 *
 * @param domains the last GTID of each domain, by domain id
 * @author mysql-pool team
 */
record GtidPosition(Map<Long, Gtid> domains) {

	static GtidPosition parse(@Nullable String text) {
		Map<Long, Gtid> domains = new TreeMap<>();
		if (text != null) {
			for (String part : text.split(",")) {
				String gtid = part.trim();
				if (!gtid.isEmpty()) {
					String[] fields = gtid.split("-");
					if (fields.length != 3) {
						throw new IllegalArgumentException("Not a GTID position: '" + text + "'");
					}
					domains.put(Long.parseLong(fields[0]),
							new Gtid(Long.parseLong(fields[1]), Long.parseLong(fields[2])));
				}
			}
		}
		return new GtidPosition(Map.copyOf(domains));
	}

	/**
	 * Return the sum of the sequence numbers of all domains: with
	 * {@code gtid_strict_mode}, of two positions of one topology the higher has applied
	 * more.
	 * @return the sum
	 */
	long progress() {
		long sum = 0;
		for (Gtid gtid : this.domains.values()) {
			sum += gtid.sequence();
		}
		return sum;
	}

	/**
	 * Return the first domain in which this position holds a transaction that another
	 * position cannot contain: a higher sequence number, or the same one from another
	 * server.
	 * @param other the other position
	 * @return a description of the domain, or {@code null} when there is none
	 */
	@Nullable String divergenceFrom(GtidPosition other) {
		for (Map.Entry<Long, Gtid> entry : this.domains.entrySet()) {
			Gtid mine = entry.getValue();
			Gtid theirs = other.domains.get(entry.getKey());
			if (theirs == null || mine.sequence() > theirs.sequence()
					|| (mine.sequence() == theirs.sequence() && mine.serverId() != theirs.serverId())) {
				return entry.getKey()
						+ "-" + mine.serverId() + "-" + mine.sequence() + " (the primary has " + ((theirs != null)
								? entry.getKey() + "-" + theirs.serverId() + "-" + theirs.sequence() : "nothing")
						+ " in domain " + entry.getKey() + ")";
			}
		}
		return null;
	}

	/**
	 * One GTID without its domain.
	 *
	 * @param serverId the server that wrote the transaction
	 * @param sequence the sequence number
	 */
	record Gtid(long serverId, long sequence) {

	}

}
