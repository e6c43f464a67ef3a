#!/usr/bin/env bash
# Installs the `tapelib` command line: the jar into ROOT/opt/tapelib/cli/ and a wrapper ROOT/usr/local/bin/tapelib that
# runs it with the JDK found now (the java on PATH, its real path, so that a later change of PATH does not matter).
#
#   bash deploy/install-cli.sh JAR [ROOT]      (ROOT default /; JAR: tapelib-cli/target/tapelib.jar)
#
# Idempotent: a second run replaces both with the same content.
set -euo pipefail

jar=${1:?usage: install-cli.sh JAR [ROOT]}
root=${2:-/}
[ -f "$jar" ] || { echo "install-cli: $jar does not exist; build it first (./mvnw -B package -DskipTests)" >&2; exit 1; }
java_bin=$(readlink -f "$(command -v java)") || { echo "install-cli: no java on PATH" >&2; exit 1; }

install -d -m 0755 "$root/opt/tapelib/cli" "$root/usr/local/bin"
install -m 0644 "$jar" "$root/opt/tapelib/cli/tapelib.jar"
wrapper=$(mktemp)
cat > "$wrapper" <<WRAPPER
#!/bin/sh
# The Tape Library Service's operator command line (tapelib --help); installed by deploy/install-cli.sh.
# -XX:TieredStopAtLevel=1 and a small heap: a command line starts fast and needs little.
exec "$java_bin" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m -jar /opt/tapelib/cli/tapelib.jar "\$@"
WRAPPER
install -m 0755 "$wrapper" "$root/usr/local/bin/tapelib"
rm -f "$wrapper"
echo "install-cli: $root/usr/local/bin/tapelib runs /opt/tapelib/cli/tapelib.jar with $java_bin"
