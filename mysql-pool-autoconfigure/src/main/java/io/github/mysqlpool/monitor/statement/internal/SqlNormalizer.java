package io.github.mysqlpool.monitor.statement.internal;

/**
 * Turns a SQL statement into its shape: every literal value (quoted strings, numbers,
 * hexadecimal and bit values) becomes {@code ?}, comments are dropped, lists of
 * placeholders collapse to one, and whitespace is squeezed. What remains holds no value
 * the application sent, so it can be shown and logged.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
final class SqlNormalizer {

	/** Longest normalized statement kept; longer ones are cut with an ellipsis. */
	static final int MAX_LENGTH = 2048;

	private SqlNormalizer() {
	}

	/**
	 * Normalize a statement.
	 * @param sql the statement as sent to the driver
	 * @return its shape without literal values
	 */
	static String normalize(String sql) {
		StringBuilder out = new StringBuilder(Math.min(sql.length(), MAX_LENGTH + 16));
		int i = 0;
		int length = sql.length();
		while (i < length && out.length() <= MAX_LENGTH) {
			char c = sql.charAt(i);
			if (c == '\'' || c == '"') {
				i = skipQuoted(sql, i, c);
				placeholder(out);
			}
			else if (c == '`') {
				int end = sql.indexOf('`', i + 1);
				end = (end < 0) ? length : end + 1;
				out.append(sql, i, end);
				i = end;
			}
			else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
				int end = sql.indexOf("*/", i + 2);
				i = (end < 0) ? length : end + 2;
				space(out);
			}
			else if ((c == '-' && sql.startsWith("-- ", i)) || c == '#') {
				int end = sql.indexOf('\n', i);
				i = (end < 0) ? length : end + 1;
				space(out);
			}
			else if ((c == 'x' || c == 'X' || c == 'b' || c == 'B') && i + 1 < length && sql.charAt(i + 1) == '\''
					&& !isWordChar(previous(out))) {
				i = skipQuoted(sql, i + 1, '\'');
				placeholder(out);
			}
			else if (isDigit(c) && !isWordChar(previous(out))) {
				i = skipNumber(sql, i);
				placeholder(out);
			}
			else if (Character.isWhitespace(c)) {
				space(out);
				i++;
			}
			else {
				out.append(c);
				i++;
			}
		}
		String normalized = collapseLists(out.toString().strip());
		return (normalized.length() > MAX_LENGTH) ? normalized.substring(0, MAX_LENGTH) + "…" : normalized;
	}

	private static int skipQuoted(String sql, int start, char quote) {
		int i = start + 1;
		while (i < sql.length()) {
			char c = sql.charAt(i);
			if (c == '\\') {
				i += 2;
			}
			else if (c == quote) {
				if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
					i += 2;
				}
				else {
					return i + 1;
				}
			}
			else {
				i++;
			}
		}
		return sql.length();
	}

	private static int skipNumber(String sql, int start) {
		int i = start;
		if (sql.startsWith("0x", i) || sql.startsWith("0X", i) || sql.startsWith("0b", i)) {
			i += 2;
		}
		while (i < sql.length()) {
			char c = sql.charAt(i);
			boolean exponentSign = (c == '-' || c == '+') && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E');
			if (!Character.isLetterOrDigit(c) && c != '.' && !exponentSign) {
				break;
			}
			i++;
		}
		return i;
	}

	private static void placeholder(StringBuilder out) {
		int last = out.length() - 1;
		// A sign directly before a number, as in "= -5", is part of the literal
		if (last >= 0 && out.charAt(last) == '-' && (last == 0 || !isWordChar(out.charAt(last - 1)))) {
			out.setLength(last);
		}
		out.append('?');
	}

	private static void space(StringBuilder out) {
		if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
			out.append(' ');
		}
	}

	private static char previous(StringBuilder out) {
		return (out.length() > 0) ? out.charAt(out.length() - 1) : ' ';
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static boolean isWordChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '?';
	}

	/**
	 * Makes {@code IN (?, ?, ?)} and multi-row {@code VALUES (?, ?), (?, ?)} read the
	 * same whatever the number of values.
	 */
	private static String collapseLists(String sql) {
		String collapsed = sql.replaceAll("\\(\\s*\\?(\\s*,\\s*\\?)+\\s*\\)", "(?+)");
		return collapsed.replaceAll("\\((\\?|\\?\\+)\\)(\\s*,\\s*\\((\\?|\\?\\+)\\))+", "($1)+");
	}

}
