package io.github.mysqlpool.topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Decides which server takes the writes from the last probe of every server. Never
 * guesses: exactly one writable server is the writer; none leaves no writer, unless the
 * writer is only unreachable (then it stays, until another server is writable); two or
 * more (a split brain, or a promotion half done) keep the current writer when it is one
 * of them, else leave no writer. Pure logic, no I/O.
 *
 * @author mysql-pool team
 */
final class WriterElection {

	private WriterElection() {
	}

	static Decision elect(@Nullable String current, Collection<ServerRole> roles) {
		List<String> writable = new ArrayList<>();
		for (ServerRole role : roles) {
			if (role.isWritable()) {
				writable.add(role.server());
			}
		}
		if (writable.size() == 1) {
			String writer = writable.get(0);
			return new Decision(writer, false, (writer.equals(current)) ? "unchanged"
					: "'" + writer + "' is the only writable server" + why(current, roles));
		}
		if (writable.isEmpty()) {
			if (current != null && isUnreachable(current, roles)) {
				// A probe that cannot reach the primary is no proof it is gone: a restart
				// is
				// the common case, and writes then behave as without discovery (they wait
				// for
				// a connection, or the circuit breaker fails them fast) until another
				// server
				// is promoted
				return new Decision(current, false, "unchanged");
			}
			return new Decision(null, false, "no server is writable" + why(current, roles));
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

	private static String why(@Nullable String current, Collection<ServerRole> roles) {
		if (current == null) {
			return "";
		}
		for (ServerRole role : roles) {
			if (role.server().equals(current)) {
				if (!role.reachable()) {
					return " ('" + current + "' unreachable: " + role.error() + ")";
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
