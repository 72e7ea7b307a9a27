#!/usr/bin/env bash
# Cold start of `kanban list` on a 1,000-task board through bin/kanban (its class-data archive and all), this
# build's jar beside a baseline jar, runs interleaved so machine load hits both alike. Prints the median and
# minimum wall time and CPU time (user + system) of each: on a busy machine wall time follows the load, CPU
# time much less, so compare CPU time there.
# Usage: scripts/cold-start.sh [runs] [baseline-jar]   (a baseline: a kanban-cli.jar built from an older commit)
set -euo pipefail
module="$(cd "$(dirname "$0")/.." && pwd)"
launcher="$module/../bin/kanban"
runs="${1:-15}"
declare -A jars=([current]="$module/target/kanban-cli.jar")
if [ -n "${2:-}" ]; then jars[baseline]="$(readlink -f "$2")"; fi
work="$module/target/cold-start"
mkdir -p "$work"

for v in "${!jars[@]}"; do
  # Each jar gets its own board (an older jar refuses a board a newer one migrated) and its own archive cache
  # (bin/kanban keeps one entry per cache, so alternating jars in one cache would rebuild it every call).
  board="$work/$v.db"
  echo "preparing $v: a 1,000-task board and its class-data archive (once)" >&2
  rm -f "$board" "$board"-*
  KANBAN_CLI_JAR="${jars[$v]}" KANBAN_CACHE_DIR="$work/cache-$v" "$launcher" --db "$board" init >/dev/null
  # One JVM creates the tasks through the CLI's own slash API, so the script needs no extra code.
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
  java -cp "${jars[$v]}" "$work/Fill.java" "$board"
  KANBAN_CLI_JAR="${jars[$v]}" KANBAN_CACHE_DIR="$work/cache-$v" "$launcher" --db "$board" list >/dev/null
  : > "$work/$v.times"
done

echo "measuring: $runs runs of each, interleaved" >&2
TIMEFORMAT='%3R %3U %3S'
for _ in $(seq 1 "$runs"); do
  for v in "${!jars[@]}"; do
    { time KANBAN_CLI_JAR="${jars[$v]}" KANBAN_CACHE_DIR="$work/cache-$v" "$launcher" --db "$work/$v.db" list \
        >/dev/null; } 2>> "$work/$v.times"
  done
done

echo "kanban list via bin/kanban, 1000 tasks, $runs runs each, load $(cut -d' ' -f1-3 /proc/loadavg):"
# Median and minimum of one column of milliseconds (sort, not gawk's asort: any awk will do).
stats() { sort -n | awk '{ a[NR] = $1 } END { printf "median %4d ms (min %4d)", a[int((NR + 1) / 2)], a[1] }'; }
for v in current baseline; do
  [ -n "${jars[$v]:-}" ] || continue
  wall="$(awk '{ print int($1 * 1000) }' "$work/$v.times" | stats)"
  cpu="$(awk '{ print int(($2 + $3) * 1000) }' "$work/$v.times" | stats)"
  printf '  %-8s wall %s   cpu %s\n' "$v" "$wall" "$cpu"
done
