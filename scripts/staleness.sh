# Sourced by ./latentpatch: which module directories a built jar comes from, and whether it is stale.
# Needs LATENTPATCH_ROOT (the repository root). Reads the poms only; plain bash 3 and POSIX awk/sed/find.

# "artifactId directory" for every module the root pom lists.
latentpatch_reactor_map() {
  local dir
  for dir in $(sed -n 's:.*<module>\(.*\)</module>.*:\1:p' "$LATENTPATCH_ROOT/pom.xml"); do
    [ -f "$LATENTPATCH_ROOT/$dir/pom.xml" ] || continue
    # The module's own artifactId: the first one outside <parent>.
    awk -v dir="$dir" '/<parent>/ {p = 1} /<\/parent>/ {p = 0; next}
      !p && /<artifactId>/ {gsub(/.*<artifactId>|<\/artifactId>.*/, ""); print $0, dir; exit}' "$LATENTPATCH_ROOT/$dir/pom.xml"
  done
}

# artifactIds the module in directory $1 depends on outside test scope (first artifactId of each
# <dependency>, so exclusions are not mistaken for dependencies).
latentpatch_module_deps() {
  awk '/<dependency>/ {d = 1; a = ""; s = ""; next}
    d && /<artifactId>/ && a == "" {a = $0; gsub(/.*<artifactId>|<\/artifactId>.*/, "", a)}
    d && /<scope>/ {s = $0; gsub(/.*<scope>|<\/scope>.*/, "", s)}
    /<\/dependency>/ {if (d && s != "test") print a; d = 0}' "$LATENTPATCH_ROOT/$1/pom.xml"
}

# Directories (relative to the root) of module $1 and every reactor module it needs at run time, transitively.
latentpatch_module_closure() {
  local map todo seen=" " dir dep line
  map=$(latentpatch_reactor_map)
  todo=("$1")
  while [ ${#todo[@]} -gt 0 ]; do
    dir=${todo[0]}
    todo=("${todo[@]:1}")
    case "$seen" in *" $dir "*) continue ;; esac
    seen="$seen$dir "
    echo "$dir"
    for dep in $(latentpatch_module_deps "$dir"); do
      while read -r line; do
        [ "${line%% *}" = "$dep" ] && todo+=("${line#* }")
      done <<< "$map"
    done
  done
}

# True (0) when $1 is missing or any source, resource or pom of the modules it is built from (module $2
# and what it depends on, plus the root pom) is newer than it. Cheap: find stops at the first hit.
latentpatch_stale() {
  local jar=$1 module=$2 dir paths=("$LATENTPATCH_ROOT/pom.xml")
  [ -f "$jar" ] || return 0
  while read -r dir; do paths+=("$LATENTPATCH_ROOT/$dir"); done < <(latentpatch_module_closure "$module")
  [ -n "$(find "${paths[@]}" -path '*/target' -prune -o \( -name '*.java' -o -name 'pom.xml' -o -name '*.properties' \
    -o -name '*.json' -o -name '*.html' \) -newer "$jar" -print -quit 2>/dev/null)" ]
}
