#!/usr/bin/env bash
# Peak memory of one command, split as Linux accounts it: the process's own memory (RssAnon)
# and mapped files (RssFile, e.g. the index segments Tantivy maps while merging), sampled every
# 0.2 s from /proc/PID/status, and the exact peak RSS (VmHWM).
#
#   benches/peak-memory.sh target/release/pressdex index /tmp/1m.xml --index /tmp/i1m --json
#
# Prints one line on stderr: exit code, wall seconds, peak VmHWM, RssAnon and RssFile in KB.
# The command's stdout goes to /dev/null.
set -u
start=$(date +%s.%N)
"$@" > /dev/null &
pid=$!
anon=0; file=0; hwm=0
while kill -0 "$pid" 2>/dev/null; do
  if status=$(cat "/proc/$pid/status" 2>/dev/null); then
    a=$(awk '/^RssAnon/{print $2}' <<< "$status")
    f=$(awk '/^RssFile/{print $2}' <<< "$status")
    h=$(awk '/^VmHWM/{print $2}' <<< "$status")
    [ -n "$a" ] && [ "$a" -gt "$anon" ] && anon=$a
    [ -n "$f" ] && [ "$f" -gt "$file" ] && file=$f
    [ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
  fi
  sleep 0.2
done
wait "$pid"
code=$?
end=$(date +%s.%N)
echo "exit $code; $(echo "$end - $start" | bc) s wall; peak VmHWM $hwm KB, RssAnon $anon KB, RssFile $file KB" >&2
exit "$code"
