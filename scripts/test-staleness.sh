#!/usr/bin/env bash
# Checks scripts/staleness.sh on a made-up repository in a temp dir (no Maven, no build): run it from anywhere.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LATENTPATCH_ROOT=$(mktemp -d)
trap 'rm -rf "$LATENTPATCH_ROOT"' EXIT
. "$HERE/staleness.sh"
cd "$LATENTPATCH_ROOT"

pom() {  # pom DIR ARTIFACT [DEP[:SCOPE]]...
  local dir=$1 artifact=$2 dep; shift 2
  mkdir -p "$dir/src/main/java"
  {
    printf '<project>\n  <parent>\n    <artifactId>x-parent</artifactId>\n  </parent>\n  <artifactId>%s</artifactId>\n  <dependencies>\n' "$artifact"
    for dep in "$@"; do
      echo "<dependency>"
      echo "  <artifactId>${dep%%:*}</artifactId>"
      case "$dep" in *:*) echo "  <scope>${dep#*:}</scope>" ;; esac
      echo "  <exclusions><exclusion><artifactId>*</artifactId></exclusion></exclusions>"
      echo "</dependency>"
    done
    printf '  </dependencies>\n</project>\n'
  } > "$dir/pom.xml"
}
cat > pom.xml <<'EOF'
<project><artifactId>x-parent</artifactId><modules>
  <module>libs/core</module>
  <module>libs/other</module>
  <module>deploy/local</module>
  <module>tool</module>
</modules></project>
EOF
pom libs/core x-core
pom libs/other x-other
pom deploy/local x-local x-core
pom tool x-tool x-local x-other:test junit-jupiter

fail=0
check() {  # check DESCRIPTION EXPECTED(stale|fresh)
  local got=fresh
  if latentpatch_stale tool/target/tool.jar tool; then got=stale; fi
  if [ "$got" = "$2" ]; then echo "ok   $1: $got"; else echo "FAIL $1: expected $2, got $got"; fail=1; fi
}
age_everything() { find . -exec touch -d '2000-01-01' {} +; }

closure=$(latentpatch_module_closure tool | sort | tr '\n' ' ')
if [ "$closure" = "deploy/local libs/core tool " ]; then echo "ok   closure of tool: $closure"
else echo "FAIL closure of tool: $closure"; fail=1; fi

check "no jar yet" stale
mkdir -p tool/target && touch tool/target/tool.jar
age_everything; touch tool/target/tool.jar
check "nothing changed" fresh
touch deploy/local/src/main/java/Broker.java
check "a direct dependency (deploy/local) changed" stale
age_everything; touch tool/target/tool.jar
touch libs/core/src/main/java/Grid.java
check "a transitive dependency (libs/core) changed" stale
age_everything; touch tool/target/tool.jar
touch libs/other/src/main/java/Other.java
check "a test-scoped dependency changed" fresh
mkdir -p libs/core/target && touch libs/core/target/Generated.java
check "only build output changed" fresh
touch pom.xml
check "the root pom changed" stale
exit $fail
