package io.github.mysqlpool.autoconfigure;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.PoolOverrides;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.Session;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.PoolRole;
import org.jspecify.annotations.Nullable;

/**
 * Names the {@code mysql-pool.*} property behind a pool's session setting that the server
 * rejected while a connection was set up (an unknown SQL mode, a time zone the server has
 * not loaded, a variable it does not have, an init statement that fails), so that
 * start-up fails with the property and the fix rather than with the server's message
 * alone: every connection of that pool would fail the same way. Failures that are not a
 * rejected setting (the server down, a wrong password) are left to the caller.
 *
 * @author mysql-pool team
 */
final class RejectedSessionSettings {

	/** Unknown system variable. */
	private static final int UNKNOWN_VARIABLE = 1193;

	/** Variable can't be set to the value. */
	private static final int WRONG_VALUE = 1231;

	/** Incorrect argument type to variable. */
	private static final int WRONG_TYPE = 1232;

	/** Unknown or incorrect time zone. */
	private static final int UNKNOWN_TIME_ZONE = 1298;

	/** A GLOBAL variable set as a session one, a read-only variable. */
	private static final int[] NOT_SETTABLE = { 1229, 1238, 1621 };

	/**
	 * Statement errors (SQLState class 42) that come from the connection itself, not from
	 * a statement: access denied to the database, unknown database.
	 */
	private static final int[] CONNECTION_ERRORS = { 1044, 1049 };

	private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

	private static final int MAX_CAUSE_DEPTH = 32;

	private final MySqlPoolProperties properties;

	RejectedSessionSettings(MySqlPoolProperties properties) {
		this.properties = properties;
	}

	/**
	 * The start-up failure to report for a pool's failure to set up a connection.
	 * @param pool the pool
	 * @param failure what setting up a connection of the pool threw
	 * @return the failure naming the property, or {@code null} when the server did not
	 * reject a setting
	 */
	@Nullable InvalidMySqlPoolPropertyException rejection(MySqlPool pool, Throwable failure) {
		SQLException rejected = serverError(failure);
		if (rejected == null) {
			return null;
		}
		int code = rejected.getErrorCode();
		String message = firstLine(rejected.getMessage());
		String problem = "the server rejected it: " + message + " (error " + code + ")";
		Scope scope = scopeOf(pool);
		if (isVariableError(code)) {
			String variable = (code == UNKNOWN_TIME_ZONE) ? "time_zone" : quoted(message);
			return (variable != null) ? variableRejection(scope, variable.toLowerCase(Locale.ROOT), problem) : null;
		}
		String sqlState = rejected.getSQLState();
		if (scope != null && sqlState != null && sqlState.startsWith("42") && !contains(CONNECTION_ERRORS, code)) {
			Setting<String> initSql = scope.session(Session::getInitSql, "init-sql");
			if (initSql != null) {
				return initSqlRejection(initSql.property(), problem);
			}
		}
		return null;
	}

	private @Nullable InvalidMySqlPoolPropertyException variableRejection(@Nullable Scope scope, String variable,
			String problem) {
		if (scope != null) {
			if (variable.equals("sql_mode")) {
				Setting<String> sqlMode = scope.session(Session::getSqlMode, "sql-mode");
				if (sqlMode != null) {
					return new InvalidMySqlPoolPropertyException(sqlMode.property(), sqlMode.value(), problem,
							"Use SQL mode names this server knows (SELECT @@GLOBAL.sql_mode shows the ones in use; "
									+ "MySQL and MariaDB do not have the same modes), or remove the property.");
				}
			}
			if (variable.equals("time_zone")) {
				Setting<String> timeZone = scope.session(Session::getTimeZone, "time-zone");
				if (timeZone != null) {
					return new InvalidMySqlPoolPropertyException(timeZone.property(), timeZone.value(), problem,
							"Use an offset such as +00:00 or SYSTEM, or load the server's time zone tables "
									+ "(mariadb-tzinfo-to-sql or mysql_tzinfo_to_sql) before naming a zone.");
				}
			}
			if (variable.equals("max_statement_time") || variable.equals("max_execution_time")) {
				Setting<Duration> limit = scope.statementTimeout();
				if (limit != null) {
					return new InvalidMySqlPoolPropertyException(limit.property(), limit.value(), problem,
							"This server has no " + variable + " (MariaDB 10.1 and MySQL 5.7.8 or later have it, "
									+ "a proxy in front of them may not): set the property to 0.");
				}
			}
		}
		String sessionVariables = this.properties.getDriver().getProperties().get("sessionVariables");
		if (sessionVariables != null && sessionVariables.toLowerCase(Locale.ROOT).contains(variable)) {
			return new InvalidMySqlPoolPropertyException("mysql-pool.driver.properties.sessionVariables",
					sessionVariables, problem, "Remove " + variable + " from the property or give it a value this "
							+ "server accepts (try SET SESSION in a client session as the pool's user).");
		}
		if (scope != null) {
			Setting<String> initSql = scope.session(Session::getInitSql, "init-sql");
			if (initSql != null && initSql.value().toLowerCase(Locale.ROOT).contains(variable)) {
				return initSqlRejection(initSql.property(), problem);
			}
			String url = scope.url();
			if (url != null && url.toLowerCase(Locale.ROOT).contains(variable)) {
				return new InvalidMySqlPoolPropertyException(scope.urlProperty(), null, problem, "Remove " + variable
						+ " from the URL's sessionVariables or give it a value this server " + "accepts.");
			}
		}
		return null;
	}

	private static InvalidMySqlPoolPropertyException initSqlRejection(String property, String problem) {
		// The statement is not quoted: it may hold a value that is not for a log
		return new InvalidMySqlPoolPropertyException(property, null, problem,
				"Fix the statement so that it runs on this server (try it in a client session as the pool's user), "
						+ "or remove the property.");
	}

	/**
	 * The properties a pool was built from: the primary's, a replica's, or for a standby
	 * pool of topology discovery the primary's pool settings; {@code null} for a pool the
	 * starter did not build from {@code mysql-pool.*} (an adopted primary).
	 */
	private @Nullable Scope scopeOf(MySqlPool pool) {
		String name = pool.getName();
		MySqlPoolProperties.Primary primary = this.properties.getPrimary();
		boolean replicaRole = pool.getRole() == PoolRole.REPLICA;
		if (primary.getUrl() != null && (name.equals("primary") || !name.equals(pool.getServer()))) {
			return new Scope("mysql-pool.primary", primary.getPool(), primary.getUrl(), replicaRole);
		}
		for (int i = 0; i < this.properties.getReplicas().size(); i++) {
			if (this.properties.replicaName(i).equals(name)) {
				MySqlPoolProperties.Replica replica = this.properties.getReplicas().get(i);
				return new Scope("mysql-pool.replicas[" + i + "]", replica.getPool(), replica.getUrl(), true);
			}
		}
		return null;
	}

	private static boolean isVariableError(int code) {
		return code == UNKNOWN_VARIABLE || code == WRONG_VALUE || code == WRONG_TYPE || code == UNKNOWN_TIME_ZONE
				|| contains(NOT_SETTABLE, code);
	}

	/**
	 * The first error of the server in the cause chain.
	 */
	private static @Nullable SQLException serverError(Throwable failure) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
			if (current instanceof SQLException sqlException) {
				if (isServerCode(sqlException.getErrorCode())) {
					return sqlException;
				}
				SQLException next = sqlException.getNextException();
				if (next != null && isServerCode(next.getErrorCode())) {
					return next;
				}
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return null;
	}

	/**
	 * Whether an error code is the server's: the client's own are 2000 to 2999.
	 */
	private static boolean isServerCode(int code) {
		return code >= 1000 && (code < 2000 || code >= 3000);
	}

	private static @Nullable String quoted(String message) {
		Matcher matcher = QUOTED.matcher(message);
		return matcher.find() ? matcher.group(1) : null;
	}

	private static String firstLine(@Nullable String message) {
		if (message == null) {
			return "";
		}
		int newline = message.indexOf('\n');
		return (newline > 0) ? message.substring(0, newline).trim() : message.trim();
	}

	private static boolean contains(int[] codes, int code) {
		for (int candidate : codes) {
			if (candidate == code) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A setting's value and the property it came from.
	 */
	private record Setting<T>(String property, T value) {
	}

	/**
	 * The properties of one pool: its own overrides under {@code prefix.pool}, falling
	 * back to the shared {@code mysql-pool.pool}.
	 */
	private final class Scope {

		private final String prefix;

		private final PoolOverrides own;

		private final @Nullable String url;

		private final boolean replica;

		Scope(String prefix, PoolOverrides own, @Nullable String url, boolean replica) {
			this.prefix = prefix;
			this.own = own;
			this.url = url;
			this.replica = replica;
		}

		<T> @Nullable Setting<T> session(Function<Session, @Nullable T> getter, String name) {
			T value = getter.apply(this.own.getSession());
			if (value != null) {
				return new Setting<>(this.prefix + ".pool.session." + name, value);
			}
			value = getter.apply(RejectedSessionSettings.this.properties.getPool().getSession());
			return (value != null) ? new Setting<>("mysql-pool.pool.session." + name, value) : null;
		}

		@Nullable Setting<Duration> statementTimeout() {
			MySqlPoolProperties.Pool shared = RejectedSessionSettings.this.properties.getPool();
			Setting<Duration> limit = (this.own.getStatementTimeout() != null)
					? new Setting<>(this.prefix + ".pool.statement-timeout", this.own.getStatementTimeout())
					: this.replica
							? new Setting<>("mysql-pool.pool.replica-statement-timeout",
									shared.getReplicaStatementTimeout())
							: new Setting<>("mysql-pool.pool.statement-timeout", shared.getStatementTimeout());
			return limit.value().isZero() ? null : limit;
		}

		@Nullable String url() {
			return this.url;
		}

		String urlProperty() {
			return this.prefix + ".url";
		}

	}

}
