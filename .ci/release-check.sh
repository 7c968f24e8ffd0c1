#!/usr/bin/env bash
# The release build works without the project's signing key: -Prelease packages and signs the
# published modules (jar, sources, javadoc, flattened POM) with a throwaway key made here, the
# dependency analysis of the library modules is clean, and the POMs that would be published are
# flat, name a licence and SCM, and no test or sample dependency. Publishing itself is not run.
set -euo pipefail
cd "$(dirname "$0")/.."

MODULES=mysql-pool-autoconfigure,mysql-pool-spring-boot-starter,mysql-pool-embedded
SIGNING=(-Dgpg.skip)
CHECK=()
if command -v gpg >/dev/null; then
  GNUPGHOME="$(mktemp -d)"
  export GNUPGHOME
  trap 'gpgconf --kill gpg-agent >/dev/null 2>&1 || true; rm -rf "$GNUPGHOME"' EXIT
  gpg --batch --quiet --passphrase '' --quick-gen-key 'mysql-pool CI throwaway key <ci@invalid>' ed25519 sign 1d
  SIGNING=()
  CHECK=(--signed)
else
  echo "release check: no gpg on this machine, packaging without signatures (-Dgpg.skip)"
fi

./mvnw -B -ntp -Prelease -DskipTests "${SIGNING[@]}" -pl "$MODULES" -am verify \
  dependency:analyze-only -DfailOnWarning=true
python3 .ci/check-published-poms.py "${CHECK[@]}"
