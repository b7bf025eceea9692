#!/bin/bash
# Folder dependencies must form no cycle: the graph is derived from the #include "..." lines
# of every source under lib/, directord/, heartbeatd/ and tests/ (folder of the including file
# -> folder of the included one). Prints PASS, or FAIL with each cycle and one include per edge.
set -u
cd "$(dirname "$0")/../.."

# cycles DIR: the cycles among the folders under DIR (run from DIR), or nothing.
cycles() (
  cd "$1" || exit 1
  grep -rnE --include='*.cpp' --include='*.hpp' '^[[:space:]]*#[[:space:]]*include[[:space:]]+"[^"]+"' \
             $(ls -d lib directord heartbeatd tests 2>/dev/null) |
  awk '
    function dir(p) { sub(/\/[^\/]*$/, "", p); return p }
    {
      split($0, f, ":"); file = f[1]; line = f[2]
      inc = $0; sub(/^[^"]*"/, "", inc); sub(/".*$/, "", inc)
      a = dir(file); b = dir(inc)
      if (a == b || b == inc) next
      if ((getline _ < inc) < 0) next   # not a file of the tree (a system or library header)
      close(inc)
      key = a SUBSEP b
      if (!(key in via)) { via[key] = file ":" line " includes " inc; adj[a] = adj[a] " " b }
    }
    # A path from s to t as "s -> ... -> t", or "" when t cannot be reached.
    function path(s, t,    q, head, tail, seen, prev, n, i, nb, u, p) {
      delete seen; delete prev; head = tail = 0; q[tail++] = s; seen[s] = 1
      while (head < tail) {
        u = q[head++]
        if (u == t) break
        n = split(adj[u], nb, " ")
        for (i = 1; i <= n; i++) if (!(nb[i] in seen)) { seen[nb[i]] = 1; prev[nb[i]] = u; q[tail++] = nb[i] }
      }
      if (!(t in seen)) return ""
      p = t; u = t
      while (u != s) { u = prev[u]; p = u " -> " p }
      return p
    }
    END {
      for (key in via) {
        split(key, e, SUBSEP)
        back = path(e[2], e[1])
        if (back == "") continue
        # One report per cycle: name it by its members, sorted (insertion sort: plain awk).
        n = split(back, m, " -> "); id = ""
        for (i = 1; i <= n; i++) {
          for (j = i - 1; j >= 1 && ids[j] > m[i]; j--) ids[j + 1] = ids[j]
          ids[j + 1] = m[i]
        }
        for (i = 1; i <= n; i++) id = id " " ids[i]
        if (id in done) continue
        done[id] = 1
        print "cycle: " e[1] " -> " back
        for (i = 1; i < n; i++) print "    " via[m[i] SUBSEP m[i + 1]]
        print "    " via[e[1] SUBSEP e[2]]
      }
    }'
)

# The check itself must see a cycle: a planted one in a scratch tree.
T=$(mktemp -d /tmp/folder-cycles.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/lib/a" "$T/lib/b" "$T/lib/c"
printf '#include "lib/b/y.hpp"\n#include <vector>\n' >"$T/lib/a/x.hpp"
printf '#include "lib/c/z.hpp"\n' >"$T/lib/b/y.hpp"
printf '#include "lib/a/x.hpp"\n#include "lib/c/missing.hpp"\n' >"$T/lib/c/z.hpp"
planted=$(cycles "$T")
if [[ "$planted" == *"cycle: "*"lib/a"*"lib/b"*"lib/c"* && "$planted" == *"lib/c/z.hpp:1 includes lib/a/x.hpp"* ]]; then
  echo "PASS cli/folder_cycles_detects"
else
  echo "FAIL cli/folder_cycles_detects: a planted cycle lib/a -> lib/b -> lib/c -> lib/a was reported as: ${planted:-nothing}"
fi

report=$(cycles .)
if [ -z "$report" ]; then
  echo "PASS cli/folder_cycles"
else
  echo "FAIL cli/folder_cycles: folders include each other (move the shared piece to one side):"
  echo "$report"
fi
