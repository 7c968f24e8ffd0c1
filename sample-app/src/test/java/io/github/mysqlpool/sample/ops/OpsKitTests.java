package io.github.mysqlpool.sample.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.mysqlpool.autoconfigure.monitor.MySqlPoolAlertsProperties;
import io.github.mysqlpool.monitor.alert.AlertRule;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations kit under {@code ops/}: the Prometheus rules pass promtool's check and
 * unit tests, every Grafana query is valid PromQL, every metric and label the rules and
 * the dashboard use is exported by this application's {@code /actuator/prometheus}, and
 * the rules mirroring the in-app alerts have the same thresholds.
 *
 * @author mysql-pool team
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpsKitTests {

	private static final Path OPS = Path.of("..", "ops");

	private static final Path RULES = OPS.resolve("prometheus/mysql-pool-alerts.yml");

	private static final Path RULE_TESTS = OPS.resolve("prometheus/mysql-pool-alerts.test.yml");

	private static final Path DASHBOARD = OPS.resolve("grafana/mysql-pool-dashboard.json");

	/**
	 * Labels Prometheus adds to every scraped series.
	 */
	private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

	/**
	 * Series Prometheus makes itself: the dashboard's annotation of firing alerts.
	 */
	private static final Set<String> PROMETHEUS_SERIES = Set.of("ALERTS");

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

	private static final Pattern THRESHOLD = Pattern.compile(">=\\s*([0-9.]+)\\s*$");

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private MySqlPoolAlertsProperties alerts;

	@Test
	void prometheusRulesPassPromtoolCheckAndUnitTests() throws Exception {
		assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS");
		assertThat(promtool("test", "rules", RULE_TESTS.toString())).contains("SUCCESS");
	}

	@Test
	void everyGrafanaQueryIsValidPromql() throws Exception {
		List<String> queries = dashboardQueries();
		assertThat(queries).hasSizeGreaterThan(20);
		// promtool checks PromQL only inside rules: one recording rule per query, with
		// Grafana's variables replaced by what Grafana would send
		StringBuilder rules = new StringBuilder("groups:\n  - name: grafana-queries\n    rules:\n");
		for (int i = 0; i < queries.size(); i++) {
			String query = queries.get(i).replace("$__rate_interval", "1m").replaceAll("\\$\\w+", ".*");
			Matcher labelValues = Pattern.compile("^label_values\\((.*),\\s*\\w+\\)$").matcher(query);
			String expression = labelValues.matches() ? labelValues.group(1) : query;
			rules.append("      - record: grafana_query_")
				.append(i)
				.append("\n        expr: '")
				.append(expression.replace("'", "''"))
				.append("'\n");
		}
		Path file = Files.createDirectories(Path.of("target", "ops")).resolve("grafana-queries.rules.yml");
		Files.writeString(file, rules);
		assertThat(promtool("check", "rules", file.toString())).contains("SUCCESS: " + queries.size() + " rules found");
	}

	@Test
	void everyMetricAndLabelOfTheRulesAndTheDashboardIsExported() throws Exception {
		// Meters registered on first use: a read (retry attempts) and a write
		get("/api/servers/read");
		get("/api/servers/write");
		Map<String, Set<String>> exported = exportedSeries(get("/actuator/prometheus"));
		assertThat(exported).containsKeys("hikaricp_connections_active", "mysqlpool_replica_lag_seconds",
				"hikaricp_connections_acquire_seconds_bucket");
		List<String> queries = new ArrayList<>(dashboardQueries());
		queries.addAll(ruleExpressions());
		Set<String> used = new LinkedHashSet<>();
		List<String> problems = new ArrayList<>();
		for (String query : queries) {
			PromQlQuery names = PromQlQuery.of(query);
			assertThat(names.metrics()).as(query).isNotEmpty();
			boolean ofPrometheus = names.metrics().keySet().stream().anyMatch(PROMETHEUS_SERIES::contains);
			Set<String> labelsOfQuery = new HashSet<>(TARGET_LABELS);
			names.metrics().forEach((metric, labels) -> {
				used.add(metric);
				if (PROMETHEUS_SERIES.contains(metric)) {
					return;
				}
				Set<String> known = exported.get(metric);
				if (known == null) {
					problems.add("metric " + metric + " in: " + query);
					return;
				}
				labelsOfQuery.addAll(known);
				for (String label : labels) {
					if (!known.contains(label) && !TARGET_LABELS.contains(label)) {
						problems.add("label " + label + " of " + metric + " in: " + query);
					}
				}
			});
			for (String label : names.groupingLabels()) {
				if (!ofPrometheus && !labelsOfQuery.contains(label)) {
					problems.add("label " + label + " in: " + query);
				}
			}
		}
		System.out.println("Metrics used by ops/: " + used);
		assertThat(problems).as("names not exported by /actuator/prometheus").isEmpty();
		assertThat(used).contains("hikaricp_connections_pending", "mysqlpool_retry_attempts_total",
				"mysqlpool_routing_fallbacks_total", "mysqlpool_alerts_active", "hikaricp_connections_timeout_total");
	}

	@Test
	void queryNamesAreFoundAndAMissingMetricWouldBeSeen() {
		PromQlQuery query = PromQlQuery
			.of("sum by (job, pool) (rate(made_up_total{pool=~\"$pool\", job=\"x\"}[$__rate_interval])) / on (pool) other_metric > 2");
		assertThat(query.metrics()).containsOnlyKeys("made_up_total", "other_metric");
		assertThat(query.metrics().get("made_up_total")).containsExactly("pool", "job");
		assertThat(query.groupingLabels()).containsExactly("job", "pool");
		assertThat(PromQlQuery.of("label_values(hikaricp_connections_max{job=~\"$job\"}, instance)").groupingLabels())
			.containsExactly("instance");
	}

	@Test
	void rulesMirroringInAppAlertsUseTheirThresholds() throws Exception {
		Map<String, Double> prometheus = new TreeMap<>();
		for (Map<String, Object> rule : rules()) {
			@SuppressWarnings("unchecked")
			Map<String, String> labels = (Map<String, String>) rule.get("labels");
			if (labels.containsKey("rule")) {
				Matcher threshold = THRESHOLD.matcher((String) rule.get("expr"));
				assertThat(threshold.find()).as("threshold of %s", rule.get("expr")).isTrue();
				Double previous = prometheus.put(labels.get("rule") + " " + labels.get("severity"),
						Double.valueOf(threshold.group(1)));
				assertThat(previous).as("one rule per in-app rule and severity").isNull();
			}
		}
		Map<String, Double> inApp = thresholds(this.alerts);
		assertThat(inApp).hasSize(14);
		assertThat(prometheus).isEqualTo(inApp);
		assertThat(thresholds(new MySqlPoolAlertsProperties())).as("the starter's defaults").isEqualTo(inApp);
	}

	/**
	 * The in-app thresholds, in the rules' units: percent, seconds, per minute.
	 */
	private static Map<String, Double> thresholds(MySqlPoolAlertsProperties properties) {
		Map<String, Double> thresholds = new TreeMap<>();
		put(thresholds, AlertRule.POOL_UTILIZATION, properties.getPoolUtilization().getWarning(),
				properties.getPoolUtilization().getCritical());
		put(thresholds, AlertRule.ACQUIRE_TIME, seconds(properties.getAcquireTime().getWarning()),
				seconds(properties.getAcquireTime().getCritical()));
		put(thresholds, AlertRule.QUERY_TIME, seconds(properties.getQueryTime().getWarning()),
				seconds(properties.getQueryTime().getCritical()));
		put(thresholds, AlertRule.ERROR_RATE, properties.getErrorRate().getWarning(),
				properties.getErrorRate().getCritical());
		put(thresholds, AlertRule.SLOW_QUERIES, properties.getSlowQueries().getWarning(),
				properties.getSlowQueries().getCritical());
		put(thresholds, AlertRule.REPLICATION_LAG, seconds(properties.getReplicationLag().getWarning()),
				seconds(properties.getReplicationLag().getCritical()));
		put(thresholds, AlertRule.CONNECTION_FAILURES, properties.getConnectionFailures().getWarning(),
				properties.getConnectionFailures().getCritical());
		return thresholds;
	}

	private static void put(Map<String, Double> thresholds, AlertRule rule, double warning, double critical) {
		thresholds.put(rule.id() + " warning", warning);
		thresholds.put(rule.id() + " critical", critical);
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> rules() throws IOException {
		Map<String, Object> document = new Yaml().load(Files.readString(RULES));
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) document.get("groups")) {
			rules.addAll((List<Map<String, Object>>) group.get("rules"));
		}
		return rules;
	}

	private static List<String> ruleExpressions() throws IOException {
		List<String> expressions = new ArrayList<>();
		for (Map<String, Object> rule : rules()) {
			expressions.add((String) rule.get("expr"));
		}
		return expressions;
	}

	/**
	 * Every query of the dashboard: panel targets, template variables and annotations.
	 */
	private static List<String> dashboardQueries() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		List<String> queries = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.path("targets")) {
				queries.add(target.get("expr").asString());
			}
		}
		for (JsonNode variable : dashboard.get("templating").get("list")) {
			if ("query".equals(variable.get("type").asString())) {
				queries.add(variable.get("query").get("query").asString());
			}
		}
		for (JsonNode annotation : dashboard.get("annotations").get("list")) {
			if (annotation.has("expr")) {
				queries.add(annotation.get("expr").asString());
			}
		}
		return queries;
	}

	/**
	 * Metric names of a Prometheus text exposition, each with its label names.
	 */
	private static Map<String, Set<String>> exportedSeries(String exposition) {
		Map<String, Set<String>> series = new LinkedHashMap<>();
		for (String line : exposition.split("\n")) {
			Matcher sample = SAMPLE.matcher(line);
			if (!line.startsWith("#") && sample.find()) {
				Set<String> labels = series.computeIfAbsent(sample.group(1), (name) -> new LinkedHashSet<>());
				if (sample.group(2) != null) {
					Matcher label = LABEL.matcher(sample.group(2));
					while (label.find()) {
						labels.add(label.group(1));
					}
				}
			}
		}
		return series;
	}

	private static String promtool(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("promtool"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		System.out.println(String.join(" ", command) + "\n" + output);
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

}
