#!/usr/bin/env bash
# Makes sure the Debian tools the sample's tests need are installed:
#   chromium + chromium-driver  the dashboard's browser test (headless Chromium driven by Selenium)
#   prometheus                  promtool, which checks and unit-tests ops/prometheus/mysql-pool-alerts.yml
# Installs what is missing with apt-get when run as root; otherwise fails, naming the command to run.
set -euo pipefail

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)

if [[ ${#missing[@]} -eq 0 ]]; then
	exit 0
fi

command="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
	echo "The sample's tests need ${missing[*]} (Debian packages). Install them with:" >&2
	echo "  sudo sh -c '${command}'" >&2
	exit 1
fi

echo "Installing ${missing[*]} for the sample's tests"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
