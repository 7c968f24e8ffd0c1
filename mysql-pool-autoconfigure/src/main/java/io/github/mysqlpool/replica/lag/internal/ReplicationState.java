package io.github.mysqlpool.replica.lag.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * {@code SHOW REPLICA STATUS} reduced to what decides fitness (the stalest channel's row
 * where MySQL answers one row per channel), read from either column naming: MySQL 8.0.22+
 * ({@code Replica_IO_Running}, {@code Replica_SQL_Running},
 * {@code Seconds_Behind_Source}) or MariaDB and older MySQL ({@code Slave_IO_Running},
 * {@code Slave_SQL_Running}, {@code Seconds_Behind_Master}).
 *
 * @param replicating whether the server has a replication row at all
 * @param ioRunning whether the I/O (receiver) thread runs
 * @param sqlRunning whether the SQL (applier) thread runs
 * @param secondsBehind lag the server reports, {@code null} when NULL
 * @param lastError last I/O or SQL error the server reports, {@code null} when none
 * @author mysql-pool team
 * @since 0.1.0
 */
record ReplicationState(boolean replicating, boolean ioRunning, boolean sqlRunning, @Nullable Long secondsBehind,
		@Nullable String lastError) {

	/**
	 * State of a server that does not replicate (an empty result).
	 */
	public static final ReplicationState NOT_REPLICATING = new ReplicationState(false, false, false, null, null);

	/**
	 * Read a {@code SHOW REPLICA STATUS} result: one row per replication channel on
	 * MySQL, so that a replica with several sources is as fresh as its stalest channel.
	 * The state is that of the first channel whose lag is unknown (a thread stopped, or a
	 * NULL lag), naming the channel, else that of the channel furthest behind.
	 * @param resultSet the result, positioned before its first row
	 * @return the state
	 * @throws SQLException when the result cannot be read
	 */
	public static ReplicationState read(ResultSet resultSet) throws SQLException {
		ReplicationState stalest = NOT_REPLICATING;
		while (resultSet.next()) {
			ResultSetMetaData metaData = resultSet.getMetaData();
			Map<String, @Nullable Object> row = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			for (int i = 1; i <= metaData.getColumnCount(); i++) {
				row.put(metaData.getColumnLabel(i), resultSet.getObject(i));
			}
			ReplicationState channel = of(row);
			Long lag = channel.lagSeconds();
			if (lag == null) {
				return channel.inChannel(row.get("Channel_Name"));
			}
			Long stalestLag = stalest.lagSeconds();
			if (stalestLag == null || lag > stalestLag) {
				stalest = channel;
			}
		}
		return stalest;
	}

	private ReplicationState inChannel(@Nullable Object channel) {
		if (channel == null || channel.toString().isBlank()) {
			return this;
		}
		String name = "channel '" + channel.toString().trim() + "'";
		return new ReplicationState(this.replicating, this.ioRunning, this.sqlRunning, this.secondsBehind,
				(this.lastError != null) ? name + ": " + this.lastError : name);
	}

	/**
	 * The state of one status row.
	 * @param row column label to value; labels are compared without case
	 * @return the state
	 */
	public static ReplicationState of(Map<String, ? extends @Nullable Object> row) {
		Map<String, @Nullable Object> columns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		columns.putAll(row);
		boolean io = isYes(either(columns, "Replica_IO_Running", "Slave_IO_Running"));
		boolean sql = isYes(either(columns, "Replica_SQL_Running", "Slave_SQL_Running"));
		Long seconds = number(either(columns, "Seconds_Behind_Source", "Seconds_Behind_Master"));
		return new ReplicationState(true, io, sql, seconds, lastError(columns));
	}

	/**
	 * The lag to go by: the reported seconds when both threads run, else unknown.
	 * @return lag in seconds, {@code null} when unknown
	 */
	public @Nullable Long lagSeconds() {
		return (this.replicating && this.ioRunning && this.sqlRunning) ? this.secondsBehind : null;
	}

	/**
	 * Why the lag is unknown, for status and logs.
	 * @return a description, {@code null} when the lag is known
	 */
	public @Nullable String unknownLagReason() {
		if (!this.replicating) {
			return "the server does not replicate (empty replica status)";
		}
		if (!this.ioRunning || !this.sqlRunning) {
			String threads = (!this.ioRunning && !this.sqlRunning) ? "I/O and SQL threads"
					: (this.ioRunning ? "SQL thread" : "I/O thread");
			return "replication " + threads + " not running" + ((this.lastError != null) ? ": " + this.lastError : "");
		}
		if (this.secondsBehind == null) {
			return "the server reports no lag (NULL)";
		}
		return null;
	}

	private static @Nullable Object either(Map<String, @Nullable Object> columns, String name, String oldName) {
		return columns.containsKey(name) ? columns.get(name) : columns.get(oldName);
	}

	private static boolean isYes(@Nullable Object value) {
		return value != null && "yes".equalsIgnoreCase(value.toString().trim());
	}

	private static @Nullable Long number(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof Number number) {
			return number.longValue();
		}
		String text = value.toString().trim();
		if (text.isEmpty()) {
			return null;
		}
		try {
			return new BigDecimal(text).longValue();
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static @Nullable String lastError(Map<String, @Nullable Object> columns) {
		for (String name : new String[] { "Last_IO_Error", "Last_SQL_Error", "Last_Error" }) {
			Object value = columns.get(name);
			if (value != null && !value.toString().isBlank()) {
				return value.toString().trim();
			}
		}
		return null;
	}

}
