package io.github.mysqlpool.topology.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.github.mysqlpool.topology.ServerRole;
import org.jspecify.annotations.Nullable;

/**
 * Decides which server takes the writes from the last probe of every server. Never
 * guesses: exactly one writable server is the writer; none leaves no writer (an
 * unreachable writer included, so that writes fail at once rather than wait for a
 * connection to a server that may be gone); two or more (a split brain, or a promotion
 * half done) keep the current writer when it is one of them, else leave no writer. Pure
 * logic, no I/O.
 *
 * @author mysql-pool team
 */
final class WriterElection {

	private WriterElection() {
	}

	static Decision elect(@Nullable String current, Collection<ServerRole> roles) {
		return elect(current, roles, Map.of());
	}

	/**
	 * Elect the writer.
	 * @param current the writer now, {@code null} for none
	 * @param roles the last probe of every server
	 * @param unreachableSince when each unreachable server's probes began to fail
	 * @return the decision
	 */
	static Decision elect(@Nullable String current, Collection<ServerRole> roles,
			Map<String, Instant> unreachableSince) {
		List<String> writable = new ArrayList<>();
		for (ServerRole role : roles) {
			if (role.isWritable()) {
				writable.add(role.server());
			}
		}
		if (writable.size() == 1) {
			String writer = writable.get(0);
			return new Decision(writer, false, (writer.equals(current)) ? "unchanged"
					: "'" + writer + "' is the only writable server" + why(current, roles, unreachableSince));
		}
		if (writable.isEmpty()) {
			if (current != null && isUnreachable(current, roles)) {
				// Whether it restarts or a replica is promoted, a write sent now would
				// only wait for a connection: it fails at once, and is retried
				return new Decision(null, false, describeUnreachable(current, roles, unreachableSince)
						+ "; writes fail until it or another server is writable");
			}
			return new Decision(null, false, "no server is writable" + why(current, roles, unreachableSince));
		}
		if (current != null && writable.contains(current)) {
			return new Decision(current, true, "servers " + writable + " are all writable; writes stay on '" + current
					+ "', the primary before; make the others read-only");
		}
		return new Decision(null, true, "servers " + writable
				+ " are all writable and none was the primary before; writes fail until only one is writable");
	}

	private static boolean isUnreachable(String server, Collection<ServerRole> roles) {
		for (ServerRole role : roles) {
			if (role.server().equals(server)) {
				return !role.reachable();
			}
		}
		return false;
	}

	private static String describeUnreachable(String server, Collection<ServerRole> roles,
			Map<String, Instant> unreachableSince) {
		String error = null;
		for (ServerRole role : roles) {
			if (role.server().equals(server)) {
				error = role.error();
			}
		}
		Instant since = unreachableSince.get(server);
		return "'" + server + "' unreachable" + ((since != null) ? " since " + since : "") + ": " + error;
	}

	private static String why(@Nullable String current, Collection<ServerRole> roles,
			Map<String, Instant> unreachableSince) {
		if (current == null) {
			return "";
		}
		for (ServerRole role : roles) {
			if (role.server().equals(current)) {
				if (!role.reachable()) {
					return " (" + describeUnreachable(current, roles, unreachableSince) + ")";
				}
				if (Boolean.FALSE.equals(role.writable())) {
					return " ('" + current + "' is read-only)";
				}
			}
		}
		return "";
	}

	/**
	 * The outcome of an election.
	 *
	 * @param writer the server to take writes, {@code null} for none
	 * @param splitBrain whether more than one server is writable
	 * @param reason what the probes found, for logs, events and exceptions
	 */
	record Decision(@Nullable String writer, boolean splitBrain, String reason) {

	}

}
