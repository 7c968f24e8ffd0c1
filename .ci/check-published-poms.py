#!/usr/bin/env python3
"""Checks what `./mvnw -Prelease package` made for each published module.

Each module has its jar, sources jar and javadoc jar, and a flattened POM (the one installed and
published) that is flat (no parent, no ${...} left, every dependency's version written out),
names a licence, SCM, URL and developers, and names no test dependency and no module that is not
published. Run from the repository root after the build (--signed: each jar has its .asc signature too);
exits non-zero naming each problem.
"""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

PUBLISHED = ["mysql-pool-autoconfigure", "mysql-pool-spring-boot-starter", "mysql-pool-embedded"]
NOT_PUBLISHED = {"mysql-pool-parent", "sample-app", "benchmarks", "mysql-pool-reliability"}
# Testing libraries: allowed only as optional (the embedded module's JUnit extension)
TEST_LIBRARIES = ("junit", "assertj", "mockito", "testcontainers", "awaitility", "spring-boot-test",
                  "spring-boot-starter-test", "selenium")
NS = {"m": "http://maven.apache.org/POM/4.0.0"}


def text(element, path):
    found = element.find(path, NS)
    return found.text.strip() if found is not None and found.text else ""


def check(module, signed):
    problems = []
    target = Path(module) / "target"
    pom_file = target / ".flattened-pom.xml"
    if not pom_file.is_file():
        return [f"{module}: no flattened POM ({pom_file})"]
    raw = pom_file.read_text()
    pom = ET.fromstring(raw)
    version = text(pom, "m:version")
    for classifier in ("", "-sources", "-javadoc"):
        jar = target / f"{module}-{version}{classifier}.jar"
        if not jar.is_file():
            problems.append(f"{module}: missing {jar.name}")
        if signed and not list(target.rglob(f"{jar.name}.asc")):
            problems.append(f"{module}: {jar.name} is not signed")
    if "${" in raw:
        problems.append(f"{module}: unresolved property in the POM")
    if pom.find("m:parent", NS) is not None:
        problems.append(f"{module}: the POM names a parent")
    if pom.find("m:dependencyManagement", NS) is not None:
        problems.append(f"{module}: the POM keeps a dependencyManagement")
    for path in ("m:name", "m:description", "m:url", "m:licenses/m:license/m:name", "m:licenses/m:license/m:url",
                 "m:scm/m:url", "m:scm/m:connection", "m:developers/m:developer/m:name"):
        if not text(pom, path):
            problems.append(f"{module}: the POM has no {path.replace('m:', '')}")
    for dependency in pom.findall("m:dependencies/m:dependency", NS):
        artifact = text(dependency, "m:artifactId")
        scope = text(dependency, "m:scope") or "compile"
        optional = text(dependency, "m:optional") == "true"
        if not text(dependency, "m:version"):
            problems.append(f"{module}: dependency {artifact} has no version")
        if scope == "test":
            problems.append(f"{module}: test dependency {artifact}")
        if artifact in NOT_PUBLISHED:
            problems.append(f"{module}: depends on {artifact}, which is not published")
        if artifact == "mysql-pool-embedded" and module != "mysql-pool-embedded":
            problems.append(f"{module}: depends on the test servers (mysql-pool-embedded)")
        if not optional and any(library in artifact for library in TEST_LIBRARIES):
            problems.append(f"{module}: testing library {artifact} is a required dependency")
    return problems


def main():
    signed = "--signed" in sys.argv[1:]
    problems = [problem for module in PUBLISHED for problem in check(module, signed)]
    for problem in problems:
        print(f"published POMs: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"published POMs: {len(PUBLISHED)} modules flat, with jar, sources, javadoc, licence and SCM")
    return 0


if __name__ == "__main__":
    sys.exit(main())
