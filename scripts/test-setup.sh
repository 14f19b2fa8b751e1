# Sourced by `./latentpatch test`: idempotent machine setup for the test suite. Installs what is missing (as root,
# with apt-get), never fails the run; a test whose tool is missing skips with a message.
# kubectl (Debian package) renders the Kustomize overlays in deploy/tests; without it KustomizeRendersTest skips.
if ! command -v kubectl > /dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null 2>&1; then
    { apt-get install -y -q kubectl > /dev/null 2>&1 || { apt-get update -q > /dev/null 2>&1 && apt-get install -y -q kubectl > /dev/null 2>&1; }; } \
      || echo "test-setup: kubectl could not be installed; deploy/tests KustomizeRendersTest will be skipped" >&2
  else
    echo "test-setup: kubectl missing and not root; deploy/tests KustomizeRendersTest will be skipped" >&2
  fi
fi

# Chromium and chromedriver (Debian packages) for the browser tests in e2e; without them those tests skip.
. "$ROOT/scripts/browser-setup.sh"
latentpatch_browser_setup
