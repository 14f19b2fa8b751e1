#!/usr/bin/env bash
# Makes Debian's Chromium and its chromedriver available for the browser tests (e2e WebUiIT).
# Idempotent: does nothing when /usr/bin/chromium and /usr/bin/chromedriver exist. Installs them with
# apt-get only when running as root with apt available; otherwise says why and leaves the tests to skip.
# Never fails the caller: the tests skip with their own message when the binaries are missing.
latentpatch_browser_setup() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then return 0; fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "latentpatch: chromium/chromedriver missing and cannot be installed here (needs root and apt-get);" \
         "the browser tests will skip. Install them with: apt-get install chromium chromium-driver" >&2
    return 0
  fi
  echo "latentpatch: installing chromium and chromium-driver for the browser tests (apt-get) ..." >&2
  if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1; }; }; then
    echo "latentpatch: apt-get could not install chromium; the browser tests will skip." >&2
  fi
  return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then latentpatch_browser_setup; fi
