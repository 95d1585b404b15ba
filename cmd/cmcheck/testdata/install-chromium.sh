#!/usr/bin/env bash
# Installs headless Chromium from Debian's packages, for the browser test
# of the HTML report (cmd/cmcheck/browser_test.go), if it is missing.
# CI runs it before go test, with CMCHECK_REQUIRE_BROWSER=1 so that the
# test fails rather than skips without a browser.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
	exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
	sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
chromium --version
