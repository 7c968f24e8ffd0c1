#!/usr/bin/env python3
"""Prints the README's properties table from the generated configuration metadata.

Usage: python3 .ci/properties-table.py            print the table
       python3 .ci/properties-table.py --check    exit 1 when README.md holds another table
       python3 .ci/properties-table.py --write    replace the table in README.md
Run after `./mvnw -q compile` so that the metadata is up to date.
"""
import glob
import json
import re
import sys

START, END = "<!-- properties:start -->", "<!-- properties:end -->"

REPLICA_ITEMS = [
    ("mysql-pool.replicas[*].url", "", "JDBC URL of the replica, for example jdbc:mysql://db-replica:3306/app."),
    ("mysql-pool.replicas[*].username", "primary's", "Login user of the replica; the primary's when unset."),
    ("mysql-pool.replicas[*].password", "primary's", "Login password of the replica; the primary's when unset."),
    ("mysql-pool.replicas[*].name", "replica-N", "Pool name of the replica."),
    ("mysql-pool.replicas[*].weight", "1", "Relative share of reads this replica receives with weighted selection."),
    ("mysql-pool.replicas[*].pool.*", "", "Pool settings of this replica; each one left unset falls back to mysql-pool.pool."),
]


def rows():
    properties = {}
    for path in sorted(glob.glob("*/target/classes/META-INF/spring-configuration-metadata.json")):
        with open(path) as f:
            for p in json.load(f).get("properties", []):
                properties[p["name"]] = p
    for path in sorted(glob.glob("*/src/main/resources/META-INF/additional-spring-configuration-metadata.json")):
        with open(path) as f:
            for p in json.load(f).get("properties", []):
                properties.setdefault(p["name"], {}).update(p)
    out = []
    for name in sorted(properties):
        p = properties[name]
        if name == "mysql-pool.replicas":
            for item in REPLICA_ITEMS:
                out.append(item)
            continue
        if re.match(r"mysql-pool\.primary\.pool\.", name) and name != "mysql-pool.primary.pool.maximum-pool-size":
            continue
        if name == "mysql-pool.primary.pool.maximum-pool-size":
            out.append(("mysql-pool.primary.pool.*", "", "Pool settings of the primary; each one left unset falls back to mysql-pool.pool."))
            continue
        default = p.get("defaultValue", "")
        if isinstance(default, bool):
            default = str(default).lower()
        if isinstance(default, list):
            default = ",".join(str(d) for d in default)
        out.append((name, str(default) if default is not None else "", p.get("description", "").replace("\n", " ")))
    return out


def table():
    lines = ["| Property | Default | Description |", "| --- | --- | --- |"]
    for name, default, description in rows():
        lines.append(f"| `{name}` | {('`' + default + '`') if default else ''} | {description} |")
    return "\n".join(lines)


def main():
    generated = f"{START}\n{table()}\n{END}"
    if len(sys.argv) > 1:
        with open("README.md") as f:
            readme = f.read()
        current = readme[readme.index(START):readme.index(END) + len(END)]
        if sys.argv[1] == "--check":
            if current != generated:
                print("README.md's properties table differs from the metadata: run python3 .ci/properties-table.py --write")
                sys.exit(1)
            return
        if sys.argv[1] == "--write":
            with open("README.md", "w") as f:
                f.write(readme.replace(current, generated))
            return
    print(generated)


if __name__ == "__main__":
    main()
