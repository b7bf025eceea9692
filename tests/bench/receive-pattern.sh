#!/bin/bash
# receive= matching (PCRE2): the issue's patterns on 16 KB..4 MB pages with JIT and with
# the interpreter, a runaway pattern to its limit, plain find against PCRE2 for literals,
# pattern sharing and the memory a large match leaves. See tests/tools/receive-bench.cpp.
cd "$(dirname "$0")/../.."
if [ ! -x bin/receive-bench ]; then
  echo "# receive-pattern: bin/receive-bench not built (make tests)"
  exit 0
fi
exec bin/receive-bench
