#!/usr/bin/env bash
# Cold start of `kanban list` on a 1,000-task board: median wall time of N runs per variant, runs interleaved
# so machine load hits every variant alike. Usage: scripts/cold-start.sh [runs] [baseline-jar]
#   variants: plain `java -jar` (of baseline-jar, default the current jar) and bin/kanban (CDS archive etc.).
set -euo pipefail
module="$(cd "$(dirname "$0")/.." && pwd)"
jar="$module/target/kanban-cli.jar"
runs="${1:-9}"
baseline="${2:-$jar}"
work="$module/target/cold-start"
mkdir -p "$work"
board="$work/board-1000.db"
if [ ! -f "$board" ]; then
  "$module/../bin/kanban" --db "$board" init >/dev/null
  # One JVM creates the 1,000 tasks through the CLI's own slash API, so the script needs no extra code.
  cat > "$work/Fill.java" <<'JAVA'
public class Fill {
    public static void main(String[] a) {
        var slash = new io.kanban.cli.SlashCommand(io.kanban.cli.BoardOpener.DEFAULT, java.util.Map.of());
        for (int i = 0; i < 1000; i++) {
            var r = slash.run("create \"task " + i + "\" --assignee p" + (i % 7) + " --priority " + (i % 4) + " --db " + a[0]);
            if (r.exitCode() != 0) throw new IllegalStateException(r.error());
        }
    }
}
JAVA
  java -cp "$jar" "$work/Fill.java" "$board"
fi
export KANBAN_CACHE_DIR="$work/cache"
"$module/../bin/kanban" --db "$board" list >/dev/null  # makes the archive once (first use)

declare -A times
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
for i in $(seq 1 "$runs"); do
  times[plain]+="$(ms java -jar "$baseline" --db "$board" list) "
  times[launcher]+="$(ms "$module/../bin/kanban" --db "$board" list) "
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "kanban list, 1000 tasks, $runs runs each (ms): load $(cut -d' ' -f1-3 /proc/loadavg)"
for v in plain launcher; do
  echo "  $v: median $(echo "${times[$v]}" | median)  (all: ${times[$v]})"
done
