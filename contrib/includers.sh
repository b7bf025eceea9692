#!/bin/sh
# includers.sh HEADER DIR...: the .cpp files under the DIRs that include HEADER, directly or
# through the tree's own headers. An #include "X" is resolved as the compiler does: next to the
# including file first, then from the top of the tree (-I.); other includes are not followed.
# The Makefile uses it to give the files that parse Boost.Asio anyway its precompiled header.
header=$1; shift
find "$@" \( -name '*.cpp' -o -name '*.hpp' \) -type f 2>/dev/null | sort |
awk -v target="$header" '
    function dir(p) { return p ~ /\// ? substr(p, 1, match(p, /\/[^\/]*$/)) : "" }
    { sub(/^\.\//, ""); file[$0] = 1; order[++n] = $0 }
    END {
        for (i = 1; i <= n; i++) {
            f = order[i]
            while ((getline line < f) > 0) {
                if (line !~ /^[ \t]*#[ \t]*include[ \t]*"/) continue
                inc = line; sub(/^[^"]*"/, "", inc); sub(/".*$/, "", inc)
                if ((dir(f) inc) in file) inc = dir(f) inc
                else if (!(inc in file) && inc != target) continue
                users[inc] = users[inc] " " f
            }
            close(f)
        }
        # Everything that reaches target, breadth first over the reversed include edges.
        q[1] = target; seen[target] = 1; head = 1; tail = 1
        while (head <= tail) {
            m = split(users[q[head++]], u, " ")
            for (j = 1; j <= m; j++) if (!(u[j] in seen)) { seen[u[j]] = 1; q[++tail] = u[j] }
        }
        for (i = 1; i <= n; i++) if (order[i] ~ /\.cpp$/ && order[i] in seen) print order[i]
    }'
