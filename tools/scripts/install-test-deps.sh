#!/usr/bin/env bash
# Debian packages the test suites need beyond Node, RabbitMQ and PostgreSQL; installs only what is
# missing, so a machine that has them pays nothing. .ci/run calls it; run it once on a new machine.
#   docker-compose  the compose file check (config only: no Docker engine is needed)
#   chromium        the browser suite (e2e:browser) drives the flow console in it via playwright-core
set -euo pipefail

missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
[ -x /usr/bin/chromium ] || missing+=(chromium)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: missing ${missing[*]}; run as root (or install them) to enable those checks" >&2
  exit 0
fi
echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
