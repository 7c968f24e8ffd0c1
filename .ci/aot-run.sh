#!/usr/bin/env bash
# The sample processed by Spring AOT (profile aot: spring-boot:process-aot) and run on the JVM
# with -Dspring.aot.enabled=true on the embedded replicated MariaDB: it must start from the
# generated bean definitions and serve reads on a replica and writes on the primary.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -ntp -q -pl sample-app -am package -Paot -DskipTests
jar=$(ls sample-app/target/sample-app-*.jar | grep -v original | head -1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
java -Dspring.aot.enabled=true -jar "$jar" --server.port="$port" > "$log" 2>&1 &
app=$!
trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; rm -f "$log"' EXIT

fail() {
	echo "AOT run: $1" >&2
	tail -n 80 "$log" >&2
	exit 1
}

# Starting the embedded servers on a busy machine can take minutes: wait for the condition.
for _ in $(seq 1 600); do
	if curl -fs "http://127.0.0.1:$port/actuator/health/mysqlpool" 2>/dev/null | grep -q '"UP"'; then
		break
	fi
	kill -0 "$app" 2>/dev/null || fail "the application exited"
	sleep 1
done
curl -fs "http://127.0.0.1:$port/actuator/health/mysqlpool" | grep -q '"UP"' || fail "not UP after 10 minutes"
grep -q 'AOT-processed' "$log" || fail "not started from the AOT-generated code"

# Replicas enter rotation after their first good probes: wait for a read served by one.
read=""
for _ in $(seq 1 120); do
	read=$(curl -fs "http://127.0.0.1:$port/api/servers/read" || true)
	case "$read" in *'"pool":"replica-'*) break ;; esac
	sleep 1
done
case "$read" in *'"pool":"replica-'*) ;; *) fail "reads not served by a replica: $read" ;; esac
write=$(curl -fs "http://127.0.0.1:$port/api/servers/write")
case "$write" in *'"pool":"primary"'*) ;; *) fail "writes not served by the primary: $write" ;; esac
echo "AOT run: read on $read, write on $write"
