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

# dlib's 68-point landmark model and OpenCV's face cascades (Debian libdlib-data, opencv-data) for face alignment
# (libs/alignment, generate --align); without them those tests skip.
if [ ! -f /usr/share/dlib/shape_predictor_68_face_landmarks.dat ] || [ ! -f /usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null 2>&1; then
    { apt-get install -y -q libdlib-data opencv-data > /dev/null 2>&1 \
        || { apt-get update -q > /dev/null 2>&1 && apt-get install -y -q libdlib-data opencv-data > /dev/null 2>&1; }; } \
      || echo "test-setup: libdlib-data/opencv-data could not be installed; face-alignment tests will be skipped" >&2
  else
    echo "test-setup: libdlib-data/opencv-data missing and not root; face-alignment tests will be skipped" >&2
  fi
fi

# Chromium and chromedriver (Debian packages) for the browser tests in e2e; without them those tests skip.
. "$ROOT/scripts/browser-setup.sh"
latentpatch_browser_setup
