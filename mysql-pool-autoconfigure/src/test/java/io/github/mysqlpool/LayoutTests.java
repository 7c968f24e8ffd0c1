package io.github.mysqlpool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout the README promises: packages without cycles, a public API that is only what
 * the README's "Public API" section lists, and classes short enough to read at a glance.
 * <p>
 * Each test lists every violation it finds, not only the first. {@link #PENDING} names
 * the violations that known, ongoing work removes: they are printed, not failed, and an
 * entry that no longer matches a violation fails the test, so that the list only shrinks.
 *
 * @author mysql-pool team
 */
class LayoutTests {

	private static final String ROOT = "io.github.mysqlpool";

	/**
	 * Longest main source file, in lines, whose class javadoc gives no reason for its
	 * length. About 300 lines of class, as Boot's own classes run 40 to 200 and a
	 * properties class about 400; the file adds its package line and imports (10 to 30
	 * lines here), hence 320.
	 */
	static final int MAX_LINES = 320;

	/**
	 * A class javadoc that contains this phrase, followed by the reason, may exceed
	 * {@link #MAX_LINES}.
	 */
	static final String LENGTH_REASON = "This class is long because";

	/**
	 * The public API: the public top-level types outside {@code ..internal..} and
	 * {@code ..autoconfigure..} packages. The README's "Public API" section lists the
	 * same types; keep both in step.
	 */
	static final Set<String> PUBLIC_API = Set.of(
			// Annotations and the types of their attributes
			"routing.ReadOnly", "retry.RetryableTransaction",
			// Exceptions an application catches, and what they carry
			"routing.NoPrimaryException", "routing.NoFitReplicaException", "retry.MySqlOutcomeUnknownException",
			"retry.WorkPhase", "retry.PrimaryCircuitOpenException", "replica.lag.MissingReplicationPrivilegeException",
			// Events an application listens to, and the values they carry
			"replica.lag.ReplicaStateChangedEvent", "topology.PrimaryChangedEvent", "topology.ServerRole",
			"monitor.alert.MySqlPoolAlertEvent", "monitor.alert.AlertRaisedEvent", "monitor.alert.AlertResolvedEvent",
			"monitor.alert.Alert", "monitor.alert.AlertSeverity",
			// Enums and values the properties bind
			"routing.SelectionStrategy", "routing.ReplicaFallback", "consistency.ReadYourWritesMode",
			"replica.lag.LagSource", "topology.TopologyDiscovery", "monitor.alert.AlertRule",
			// Extension points and what they receive
			"routing.ReplicaSelector", "routing.ReplicaSnapshot", "retry.MySqlErrorClassifier",
			"retry.DefaultMySqlErrorClassifier", "retry.MySqlFailure", "retry.FailureCategory", "retry.FailureReason",
			"pool.ReplicaStatusSource", "pool.ReplicaStatus", "pool.MySqlPoolCustomizer",
			// The pools, for reading
			"pool.MySqlPools", "pool.MySqlPool", "pool.PoolRole",
			// Read-your-writes scopes carried to other threads (README, "Asynchronous
			// requests")
			"consistency.ReadYourWrites",
			// Actuator, as Boot's endpoints are
			"actuate.endpoint.MySqlPoolEndpoint");

	/**
	 * Public top-level types an {@code ..autoconfigure..} package may hold besides
	 * {@code *AutoConfiguration} and {@code *Properties} classes.
	 */
	static final Set<String> PUBLIC_IN_AUTOCONFIGURE = Set.of("autoconfigure.InvalidMySqlPoolPropertyException");

	/**
	 * Violations that work under way removes, by what each test reports: a type's name
	 * relative to {@value #ROOT} (or a package followed by {@code ..} for all its types),
	 * a source file's path, or a package whose sub-packages may still form cycles, each
	 * mapped to the work that removes it. Empty: the layout holds.
	 */
	static final Map<String, String> PENDING = Map.of();

	private static final JavaClasses classes = new ClassFileImporter()
		.importUrl(MySqlPoolAutoConfiguration.class.getProtectionDomain().getCodeSource().getLocation());

	@Test
	void packagesHaveNoCycles() {
		ArchRule rule = slices().matching(ROOT + ".(**)").namingSlices("package $1").should().beFreeOfCycles();
		List<String> violations = rule.evaluate(classes).getFailureReport().getDetails();
		List<String> pendingPackages = PENDING.keySet()
			.stream()
			.filter((key) -> key.startsWith("cycles in "))
			.map((key) -> key.substring("cycles in ".length()))
			.toList();
		List<String> pending = new ArrayList<>();
		List<String> failures = new ArrayList<>();
		for (String violation : violations) {
			if (onlyWithin(violation, pendingPackages)) {
				int details = violation.indexOf("1. Dependencies");
				pending.add(((details < 0) ? violation : violation.substring(0, details)).strip());
			}
			else {
				failures.add(violation);
			}
		}
		List<String> stale = new ArrayList<>();
		for (String pendingPackage : pendingPackages) {
			if (pending.stream().noneMatch((cycle) -> onlyWithin(cycle, List.of(pendingPackage)))) {
				stale.add("cycles in " + pendingPackage);
			}
		}
		report("Package cycles", failures, pending, stale);
	}

	@Test
	void publicTypesAreTheApi() {
		List<String> failures = new ArrayList<>();
		Set<String> publicTypes = new TreeSet<>();
		for (JavaClass type : classes) {
			if (!type.isTopLevelClass() || !type.getModifiers().contains(JavaModifier.PUBLIC)
					|| type.getPackageName().contains(".internal")) {
				continue;
			}
			String name = relative(type.getName());
			publicTypes.add(name);
			boolean allowed = (type.getPackageName().contains(".autoconfigure"))
					? isAutoConfigurationOrProperties(type) || PUBLIC_IN_AUTOCONFIGURE.contains(name)
					: PUBLIC_API.contains(name);
			if (!allowed) {
				failures.add(name + " is public outside an internal package but not API");
			}
		}
		for (String api : PUBLIC_API) {
			if (!publicTypes.contains(api)) {
				failures.add(api + " is listed as API but is not a public type");
			}
		}
		List<String> pending = failures.stream().filter((failure) -> isPendingType(firstWord(failure))).toList();
		failures.removeAll(pending);
		List<String> stale = PENDING.keySet()
			.stream()
			.filter((key) -> key.matches("[a-z.]+\\.([A-Z]\\w*|\\.)"))
			.filter((key) -> pending.stream().noneMatch((failure) -> matchesType(key, firstWord(failure))))
			.toList();
		report("Public types", failures, pending, stale);
	}

	@Test
	void longClassesSayWhy() throws IOException {
		Path sources = Path.of("src/main/java", ROOT.split("\\."));
		Map<String, Integer> tooLong = new TreeMap<>();
		try (Stream<Path> files = Files.walk(sources)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				List<String> lines = Files.readAllLines(file);
				if (lines.size() > MAX_LINES && !givesReason(lines)) {
					tooLong.put(sources.relativize(file).toString().replace('\\', '/'), lines.size());
				}
			}
		}
		List<String> failures = new ArrayList<>();
		List<String> pending = new ArrayList<>();
		tooLong.forEach((file, length) -> (PENDING.containsKey(file) ? pending : failures).add(file + " has " + length
				+ " lines (at most " + MAX_LINES + ", or its class javadoc says \"" + LENGTH_REASON + " ...\")"));
		List<String> stale = PENDING.keySet()
			.stream()
			.filter((key) -> key.endsWith(".java") && !tooLong.containsKey(key))
			.toList();
		report("Long classes", failures, pending, stale);
	}

	private static boolean onlyWithin(String cycle, List<String> packages) {
		Matcher slice = Pattern.compile("package ([\\w.]+)").matcher(cycle);
		boolean found = false;
		while (slice.find()) {
			String name = slice.group(1);
			if (packages.stream().noneMatch((root) -> name.equals(root) || name.startsWith(root + "."))) {
				return false;
			}
			found = true;
		}
		return found;
	}

	private static boolean isPendingType(String type) {
		return PENDING.keySet().stream().anyMatch((key) -> matchesType(key, type));
	}

	private static boolean matchesType(String key, String type) {
		return key.endsWith("..") ? type.startsWith(key.substring(0, key.length() - 1)) : key.equals(type);
	}

	private static boolean isAutoConfigurationOrProperties(JavaClass type) {
		return type.getSimpleName().endsWith("AutoConfiguration") || type.getSimpleName().endsWith("Properties");
	}

	private static boolean givesReason(List<String> lines) {
		int declaration = 0;
		Pattern topLevel = Pattern.compile(
				"^(public |final |abstract |sealed |non-sealed )*" + "(class|interface|enum|record|@interface) .*");
		while (declaration < lines.size() && !topLevel.matcher(lines.get(declaration)).matches()) {
			declaration++;
		}
		String header = String.join(" ", lines.subList(0, declaration));
		int javadoc = header.lastIndexOf("/**");
		if (javadoc < 0) {
			return false;
		}
		String text = header.substring(javadoc).replaceAll("\\s*\\*\\s*", " ").replaceAll("\\s+", " ");
		return text.contains(LENGTH_REASON);
	}

	private static String relative(String name) {
		return name.substring(ROOT.length() + 1);
	}

	private static String firstWord(String text) {
		int space = text.indexOf(' ');
		return (space < 0) ? text : text.substring(0, space);
	}

	private static void report(String rule, List<String> failures, List<String> pending, List<String> stale) {
		if (!pending.isEmpty()) {
			System.out.println(rule + ", pending (" + pending.size() + "):");
			pending.stream()
				.sorted()
				.forEach((violation) -> System.out.println("  " + violation.replace("\n", "\n    ")));
		}
		List<String> problems = new ArrayList<>(failures);
		stale.forEach((key) -> problems.add("PENDING lists \"" + key + "\", which holds now: remove it"));
		assertThat(problems).as(rule).isEmpty();
	}

}
