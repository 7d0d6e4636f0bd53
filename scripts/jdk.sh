# Sourced by ./reason4j and ./build: finds a JDK 25 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME, the `java` on the PATH, then every JDK under /usr/lib/jvm (newest first).

java_feature_version() {  # prints the feature version (17, 25, ...) of the java binary $1
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

find_jdk25() {
  local candidates=() dir version
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for dir in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${dir%/}"); done
  for dir in "${candidates[@]}"; do
    [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
    version=$(java_feature_version "$dir/bin/java")
    if [ -n "$version" ] && [ "${version%%.*}" -ge 25 ] 2>/dev/null; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME=$(find_jdk25); then
  echo "reason4j needs JDK 25 or newer, and none was found in \$JAVA_HOME, on the PATH or under /usr/lib/jvm." >&2
  echo "Install one (e.g. Temurin 25) and set JAVA_HOME to its directory." >&2
  exit 1
fi
export JAVA_HOME
