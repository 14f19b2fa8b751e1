# Sourced by .ci/run: idempotent machine setup for the test suite. Installs what is missing, never fails the run.
# kubectl (Debian package) renders the Kustomize overlays in deploy/tests; without it KustomizeRendersTest skips.
if ! command -v kubectl > /dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null 2>&1; then
    { apt-get install -y -q kubectl > /dev/null 2>&1 || { apt-get update -q > /dev/null 2>&1 && apt-get install -y -q kubectl > /dev/null 2>&1; }; } \
      || echo "ci-setup: kubectl could not be installed; deploy/tests KustomizeRendersTest will be skipped" >&2
  else
    echo "ci-setup: kubectl missing and not root; deploy/tests KustomizeRendersTest will be skipped" >&2
  fi
fi
