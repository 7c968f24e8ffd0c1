package io.github.mysqlpool.autoconfigure;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.mysqlpool.internal.JdbcUrls;
import org.jspecify.annotations.Nullable;

/**
 * A pool's JDBC URL with its secrets moved out, for HikariCP: HikariCP's configuration
 * dump at debug level and its "Failed to get driver instance" exception print the URL
 * with only the values of parameters whose names end in {@code password} masked. The
 * passwords before or inside a host ({@code user:pass@host},
 * {@code address=(host=h)(password=p)}, {@code (host=h,password=p)}) and the
 * {@code password} parameter become the pool's password, other secret parameters HikariCP
 * would print become driver properties, so the driver sees the same credentials as with
 * the original URL.
 *
 * @param url the URL to give HikariCP
 * @param password the pool's password
 * @param properties secret driver properties taken from the URL, which override any other
 * driver property of the same name (as the URL did)
 * @param problem why the secrets cannot be moved without changing which password a host
 * gets, or {@code null}
 * @author mysql-pool team
 */
record PoolUrl(String url, @Nullable String password, Map<String, String> properties, @Nullable String problem) {

	/**
	 * User info before a host ({@code //user:pass@h}, {@code ,user:pass@h},
	 * {@code [user:pass@h}), up to its last {@code @}.
	 */
	private static final Pattern USER_INFO = Pattern.compile("(^|,|\\[)(\\s*)([^/?#,()\\[\\]]*)@");

	/** A host's {@code password} key, in either key-value form. */
	private static final Pattern HOST_PASSWORD = Pattern
		.compile("(?i)\\(\\s*password\\s*=[^,)]*\\)|,\\s*password\\s*=[^,)]*|(?<=\\()\\s*password\\s*=[^,)]*,\\s*");

	private static final Pattern HOST_PASSWORD_VALUE = Pattern.compile("(?i)(?:^|[(,])\\s*password\\s*=([^,)]*)");

	private static final Pattern HOST_KEY = Pattern.compile("[(,]\\s*([^=(),\\s]+)\\s*=");

	/** Parameter names whose values HikariCP masks itself: {@code [pP]assword=}. */
	private static final Pattern MASKED_BY_HIKARI = Pattern.compile("(?s).*[pP]assword");

	/**
	 * Split a URL.
	 * @param url the configured URL
	 * @param password the configured password, or {@code null}
	 * @return the URL without the secrets HikariCP would show, and where they went
	 */
	static PoolUrl of(String url, @Nullable String password) {
		boolean mariaDb = JdbcUrls.isMariaDbDriverUrl(url);
		int slashes = url.indexOf("//");
		int hostsStart = (slashes >= 0) ? slashes + 2 : url.length();
		int hostsEnd = hostsEnd(url, hostsStart);
		String hosts = url.substring(hostsStart, hostsEnd);
		String rest = url.substring(hostsEnd);
		int query = rest.indexOf('?');
		String path = (query >= 0) ? rest.substring(0, query) : rest;
		int fragment = rest.indexOf('#', Math.max(query, 0));
		String parameters = (query < 0) ? "" : rest.substring(query + 1, (fragment >= 0) ? fragment : rest.length());
		String end = (fragment >= 0) ? rest.substring(fragment) : "";

		Map<String, String> properties = new LinkedHashMap<>();
		List<String> kept = new ArrayList<>();
		String queryPassword = null;
		String queryPassword1 = null;
		for (String parameter : parameters.split("&")) {
			if (parameter.isEmpty()) {
				continue;
			}
			int equals = parameter.indexOf('=');
			String name = ((equals >= 0) ? parameter.substring(0, equals) : parameter).trim();
			String value = (equals >= 0) ? decode(parameter.substring(equals + 1), mariaDb) : "";
			if (name.equalsIgnoreCase("password")) {
				queryPassword = value;
			}
			else if (!mariaDb && name.equalsIgnoreCase("password1")) {
				queryPassword1 = value;
			}
			else if (JdbcUrls.isSecretProperty(name) && !MASKED_BY_HIKARI.matcher(name).matches()) {
				properties.put(name, value);
			}
			else {
				kept.add(parameter);
			}
		}

		List<@Nullable String> hostPasswords = new ArrayList<>();
		String problem = hostPasswords(hosts, null, mariaDb, hostPasswords);
		// Which password each host gets: its own, then (MySQL Connector/J) the driver's
		// password property over the URL's parameter, or (MariaDB Connector/J) the
		// parameter over the property
		String effective = null;
		boolean first = true;
		for (String hostPassword : hostPasswords) {
			String own = (hostPassword != null) ? hostPassword : mariaDb ? firstNonNull(queryPassword, password)
					: firstNonNull(password, firstNonNull(queryPassword, queryPassword1));
			if (!first && !Objects.equals(effective, own) && problem == null) {
				problem = "its hosts get different passwords, which cannot be moved out of the URL, where HikariCP's "
						+ "logs and exceptions would show them";
			}
			effective = own;
			first = false;
		}
		String cleanHosts = withoutUserInfoPasswords(HOST_PASSWORD.matcher(hosts).replaceAll(""));
		String cleanQuery = String.join("&", kept);
		String clean = url.substring(0, hostsStart) + cleanHosts + path + (cleanQuery.isEmpty() ? "" : "?" + cleanQuery)
				+ end;
		return new PoolUrl(clean, effective, properties, problem);
	}

	/**
	 * Collect the password each host gives itself ({@code null} for none) into
	 * {@code passwords}.
	 * @return a problem, or {@code null}
	 */
	private static @Nullable String hostPasswords(String hosts, @Nullable String sharedPassword, boolean mariaDb,
			List<@Nullable String> passwords) {
		List<String> specs = splitHosts(hosts);
		if (specs.isEmpty()) {
			passwords.add(sharedPassword);
			return null;
		}
		for (String raw : specs) {
			String spec = raw.trim();
			String password = sharedPassword;
			int at = userInfoEnd(spec);
			if (at >= 0) {
				String userInfo = spec.substring(spec.startsWith("[") ? 1 : 0, at);
				int colon = userInfo.indexOf(':');
				if (colon >= 0) {
					password = decode(userInfo.substring(colon + 1), mariaDb);
				}
				spec = (spec.startsWith("[") ? "[" : "") + spec.substring(at + 1).trim();
			}
			if (spec.startsWith("[") && spec.endsWith("]") && isList(spec.substring(1, spec.length() - 1))) {
				String problem = hostPasswords(spec.substring(1, spec.length() - 1), password, mariaDb, passwords);
				if (problem != null) {
					return problem;
				}
				continue;
			}
			Matcher key = HOST_KEY.matcher(spec);
			while (key.find()) {
				String name = key.group(1);
				if (JdbcUrls.isSecretProperty(name) && !name.equalsIgnoreCase("password")) {
					return "a host sets " + name + ", which cannot be moved out of the URL, where HikariCP's logs and "
							+ "exceptions would show it";
				}
			}
			Matcher hostPassword = HOST_PASSWORD_VALUE.matcher(spec);
			if (hostPassword.find()) {
				password = decode(hostPassword.group(1).trim(), mariaDb);
			}
			passwords.add(password);
		}
		return null;
	}

	/**
	 * Where the hosts part ends: the first {@code /}, {@code ?} or {@code #} outside
	 * parentheses.
	 */
	private static int hostsEnd(String url, int start) {
		int depth = 0;
		for (int i = start; i < url.length(); i++) {
			char c = url.charAt(i);
			if (c == '(') {
				depth++;
			}
			else if (c == ')') {
				depth--;
			}
			else if (depth == 0 && (c == '/' || c == '?' || c == '#')) {
				return i;
			}
		}
		return url.length();
	}

	/**
	 * The host specifications, split at commas outside parentheses and brackets.
	 */
	private static List<String> splitHosts(String hosts) {
		List<String> specs = new ArrayList<>();
		int depth = 0;
		int from = 0;
		for (int i = 0; i < hosts.length(); i++) {
			char c = hosts.charAt(i);
			if (c == '(' || c == '[') {
				depth++;
			}
			else if (c == ')' || c == ']') {
				depth--;
			}
			else if (depth == 0 && c == ',') {
				specs.add(hosts.substring(from, i));
				from = i + 1;
			}
		}
		if (!hosts.isBlank()) {
			specs.add(hosts.substring(from));
		}
		return specs;
	}

	/**
	 * The index of the {@code @} ending a host's user info, or -1.
	 */
	private static int userInfoEnd(String spec) {
		int at = -1;
		for (int i = 0; i < spec.length(); i++) {
			char c = spec.charAt(i);
			if (c == '(' || c == ')' || c == ',' || c == ']' || (c == '[' && i > 0)) {
				break;
			}
			if (c == '@') {
				at = i;
			}
		}
		return at;
	}

	/**
	 * Whether the inside of brackets is a list of hosts (or one host with user info)
	 * rather than an IPv6 literal.
	 */
	private static boolean isList(String inside) {
		return inside.indexOf(',') >= 0 || inside.indexOf('(') >= 0 || inside.indexOf('@') >= 0
				|| inside.indexOf(':') == inside.lastIndexOf(':');
	}

	private static String withoutUserInfoPasswords(String hosts) {
		Matcher userInfo = USER_INFO.matcher(hosts);
		StringBuilder result = new StringBuilder();
		while (userInfo.find()) {
			String info = userInfo.group(3);
			int colon = info.indexOf(':');
			String user = (colon >= 0) ? info.substring(0, colon) : info;
			String replacement = userInfo.group(1) + userInfo.group(2) + (user.isBlank() ? "" : user + "@");
			userInfo.appendReplacement(result, Matcher.quoteReplacement(replacement));
		}
		userInfo.appendTail(result);
		return result.toString();
	}

	/**
	 * The value as the driver reads it: MySQL Connector/J decodes URL values, MariaDB
	 * Connector/J takes them as they are.
	 */
	private static String decode(String value, boolean mariaDb) {
		if (mariaDb) {
			return value;
		}
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

	private static @Nullable String firstNonNull(@Nullable String first, @Nullable String second) {
		return (first != null) ? first : second;
	}

	@Override
	public String toString() {
		return "PoolUrl[" + JdbcUrls.redact(this.url) + ", " + this.properties.keySet() + "]";
	}

}
