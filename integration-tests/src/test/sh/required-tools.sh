#!/usr/bin/env bash
# Run by the root pom before anything builds: the tools the integration tests start, checked at once, so a missing
# one stops `mvn verify` in its first second with one line naming the package, instead of halfway through.
missing=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || [ -x /usr/local/sbin/nginx ] || missing+=("nginx (package nginx-light)")
command -v curl >/dev/null || missing+=("curl (package curl)")
command -v python3 >/dev/null || missing+=("python3 (package python3)")
# The browser tests drive Debian's headless Chromium through ChromeDriver; nothing is downloaded at test time.
command -v chromium >/dev/null || missing+=("chromium (package chromium)")
command -v chromedriver >/dev/null || missing+=("chromedriver (package chromium-driver)")
if [ "$EUID" -eq 0 ]; then
  # PostgreSQL refuses to run as root: the tests' embedded PostgreSQL then runs in a user namespace.
  command -v unshare >/dev/null || missing+=("unshare (package util-linux)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  list=$(printf ', %s' "${missing[@]}")
  echo "The integration tests need ${list:2}; install the package (apt-get install ...) or skip the tests with -DskipTests." >&2
  exit 1
fi
