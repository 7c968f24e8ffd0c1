package io.github.mysqlpool.sample.ops;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric and label names a PromQL query (or a Grafana {@code label_values} query)
 * uses. Not a parser: enough of the grammar to find names in the queries of the ops kit,
 * whose syntax promtool checks separately.
 *
 * @param metrics metric names, each with the labels its selectors match on
 * @param groupingLabels labels named in {@code by}, {@code without}, {@code on},
 * {@code ignoring}, {@code group_left} and {@code group_right} clauses, and the label of
 * a {@code label_values} query
 * @author mysql-pool team
 */
record PromQlQuery(Map<String, Set<String>> metrics, Set<String> groupingLabels) {

	private static final Pattern LABEL_VALUES = Pattern
		.compile("^\\s*label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

	private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^}]*)}");

	private static final Pattern MATCHER = Pattern
		.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)\\s*\"(?:[^\"\\\\]|\\\\.)*\"");

	private static final Pattern STRING_OR_RANGE = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|\\[[^]]*]");

	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "by",
			"without", "on", "ignoring", "group_left", "group_right");

	static PromQlQuery of(String query) {
		Map<String, Set<String>> metrics = new LinkedHashMap<>();
		Set<String> grouping = new LinkedHashSet<>();
		String expression = query;
		Matcher labelValues = LABEL_VALUES.matcher(query);
		if (labelValues.matches()) {
			expression = labelValues.group(1);
			grouping.add(labelValues.group(2));
		}
		Matcher groups = GROUPING.matcher(expression);
		while (groups.find()) {
			for (String label : groups.group(1).split(",")) {
				if (!label.isBlank()) {
					grouping.add(label.strip());
				}
			}
		}
		expression = GROUPING.matcher(expression).replaceAll(" ");
		Matcher selectors = SELECTOR.matcher(expression);
		while (selectors.find()) {
			if (selectors.group(1) != null) {
				Set<String> labels = metrics.computeIfAbsent(selectors.group(1), (name) -> new LinkedHashSet<>());
				Matcher matchers = MATCHER.matcher(selectors.group(2));
				while (matchers.find()) {
					labels.add(matchers.group(1));
				}
			}
		}
		expression = STRING_OR_RANGE.matcher(SELECTOR.matcher(expression).replaceAll("$1 ")).replaceAll(" ");
		Matcher identifiers = IDENTIFIER.matcher(expression);
		while (identifiers.find()) {
			String name = identifiers.group(1);
			boolean function = identifiers.group(2) != null;
			if (!function && !KEYWORDS.contains(name.toLowerCase())) {
				metrics.computeIfAbsent(name, (key) -> new LinkedHashSet<>());
			}
		}
		return new PromQlQuery(metrics, grouping);
	}

}
