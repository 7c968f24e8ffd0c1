package io.github.mysqlpool.monitor.timing.internal;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The kind of a statement, read from its first keyword without allocating: a tag of low
 * cardinality for statement timers.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public enum StatementKind {

	/** {@code SELECT}. */
	SELECT,

	/** {@code INSERT} and {@code REPLACE}. */
	INSERT,

	/** {@code UPDATE}. */
	UPDATE,

	/** {@code DELETE}. */
	DELETE,

	/** Anything else ({@code CALL}, {@code SET}, DDL, {@code COMMIT}...). */
	OTHER;

	private final String tag = name().toLowerCase(Locale.ROOT);

	/**
	 * Lower-case name for metric tags.
	 * @return the tag value
	 */
	public String tag() {
		return this.tag;
	}

	/**
	 * The kind of a statement, skipping leading white space, parentheses and comments.
	 * @param sql the statement, or {@code null}
	 * @return its kind
	 */
	public static StatementKind of(@Nullable String sql) {
		if (sql == null) {
			return OTHER;
		}
		int length = sql.length();
		int i = 0;
		while (i < length) {
			char c = sql.charAt(i);
			if (Character.isWhitespace(c) || c == '(') {
				i++;
			}
			else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
				int end = sql.indexOf("*/", i + 2);
				i = (end < 0) ? length : end + 2;
			}
			else {
				break;
			}
		}
		if (starts(sql, i, "select")) {
			return SELECT;
		}
		if (starts(sql, i, "insert") || starts(sql, i, "replace")) {
			return INSERT;
		}
		if (starts(sql, i, "update")) {
			return UPDATE;
		}
		if (starts(sql, i, "delete")) {
			return DELETE;
		}
		return OTHER;
	}

	private static boolean starts(String sql, int offset, String keyword) {
		return sql.regionMatches(true, offset, keyword, 0, keyword.length());
	}

}
