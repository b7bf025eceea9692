#!/bin/bash
# Compatibility corpus: every ldirectord.cf of the shared corpus through `directord -t`,
# compared with the verdict of Debian 12's ldirectord 4.12 recorded in the corpus INDEX.md
# (hard-coded below). One line per file: "PASS corpus/<file>" or "FAIL corpus/<file>: why".
#
# Several files log to /var/log/<dir>/...; ldirectord opens logfile= while parsing, so it
# rejects them when the directory is missing. INDEX.md was made with those directories
# present. We reproduce that in a private mount namespace (tmpfs on /var/log, nothing
# written to the real one). Without namespaces we expect what ldirectord would then say:
# rejected on the logfile= line when the directory does not exist.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null) || top=$(cd "$here/../.." && pwd)
corpus=${LDIRECTORD_CORPUS:-$top/../shared/ldirectord-corpus}
if [ ! -d "$corpus" ]; then
  echo "SKIP corpus: no corpus directory at $corpus (set LDIRECTORD_CORPUS)"
  exit 0
fi
corpus=$(cd "$corpus" && pwd)

# Re-run once inside a new mount namespace (unshare and env exec in place: same pid), and
# mount only when this process's namespace really differs from its parent's: never over
# the real /var/log.
if [ -z "${CORPUS_NS:-}" ] && [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  exec unshare -m env CORPUS_NS=1 LDIRECTORD_CORPUS="$corpus" "$0" "$@"
fi
if [ -n "${CORPUS_NS:-}" ]; then
  self_ns=$(readlink /proc/self/ns/mnt 2>/dev/null)
  parent_ns=$(readlink "/proc/$PPID/ns/mnt" 2>/dev/null)
  if [ -n "$self_ns" ] && [ -n "$parent_ns" ] && [ "$self_ns" != "$parent_ns" ]; then
    mount --make-rprivate / 2>/dev/null
    if mount -t tmpfs corpus-log /var/log 2>/dev/null; then
      mkdir -p /var/log/ldirectord /var/log/ultramonkey
    fi
  fi
fi

# directord -t, or the standalone checker while directord cannot do it yet.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/empty.cf"
tool=
for t in "${DIRECTORD:-$top/bin/directord}" "$top/bin/cfgcheck"; do
  if [ -x "$t" ]; then
    case "$t" in *directord) args=(-t) ;; *) args=() ;; esac
    if "$t" "${args[@]}" "$tmp/empty.cf" >/dev/null 2>&1; then tool=$t; break; fi
  fi
done
if [ -z "$tool" ]; then
  echo "FAIL corpus: neither bin/directord -t nor bin/cfgcheck works (run make)"
  exit 1
fi

# file | verdict (ok, or the line of the first error) | text expected in that error, or in a
#        warning for accepted files | logfile directory (and its line) that must exist
EXPECT=(
  "01-clusterlabs-sample.cf|ok||"
  "02-clusterlabs-sample-uncommented.DERIVED.cf|ok|0.0.19.196|"
  "03-heartbeat-era-sample-2009.cf|ok||"
  "03b-vyos-heartbeat-2.x-sample.cf|ok||"
  "04-debian-12-package-dummy.cf|ok||"
  "05-grimli-ScriptUtili-production.cf|ok|never checked|/var/log@5"
  "06-wjesus374-external-tcp.cf|ok||/var/log/ldirectord@6"
  "07-wjesus374-radius-udp-external.cf|ok||/var/log/ldirectord@6"
  "08-wjesus374-mariadb.cf|ok|netmask|"
  "09-wjesus374-gprs2-477-virtuals.cf|28|pingpong_master|/var/log/ldirectord@16"
  "09b-wjesus374-gprs2-475-virtuals.DERIVED-connect-dedup.cf|ok||/var/log/ldirectord@16"
  "10-wjesus374-FD-custom-service.cf|30|check_sonda_fd|"
  "10b-wjesus374-FD.DERIVED-connect.cf|ok||"
  "11-ghik-k8s-apiserver-https.cf|ok||"
  "12-hidepin-ultramonkey-playbook.RENDERED.cf|ok||/var/log/ultramonkey@7"
  "13-cwarden-puppet-ultramonkey-fwmark.RENDERED.cf|ok||"
  "14-hggh-graylog2-external-perl-udp.cf|ok||"
  "15-vincentmli-lvsadm-INI-NEGATIVE.cf|7|[vip]|/var/log@17"
  "16-treyormsbee-puppet-RENDERED-NEGATIVE.cf|5|connecttimeout|"
  "17-adys-puppet-global-RENDERED-NEGATIVE.cf|13|smtp|"
)

declare -A known
for e in "${EXPECT[@]}"; do
  IFS='|' read -r file verdict text logdir <<<"$e"
  known[$file]=1
  f="$corpus/$file"
  if [ ! -f "$f" ]; then echo "FAIL corpus/$file: missing from $corpus"; continue; fi
  # Without the log directory ldirectord stops at the logfile= line.
  need=${logdir%@*}; at=${logdir#*@}
  if [ -n "$logdir" ] && [ ! -d "$need" ] && { [ "$verdict" = ok ] || [ "$at" -lt "$verdict" ]; }; then
    verdict=$at text=logfile
  fi
  "$tool" "${args[@]}" "$f" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  first_error=$(grep -v -e ': warning: ' -e '^note: ' "$tmp/err" | head -n 1)
  if [ "$verdict" = ok ]; then
    if [ "$rc" -ne 0 ]; then
      echo "FAIL corpus/$file: ldirectord accepts it, got exit $rc: $first_error"
    elif [ ! -s "$tmp/out" ]; then
      echo "FAIL corpus/$file: accepted but nothing printed"
    elif [ -n "$text" ] && ! grep -qF -- "$text" "$tmp/err"; then
      echo "FAIL corpus/$file: accepted, but no warning mentions \"$text\""
    else
      echo "PASS corpus/$file"
    fi
  else
    if [ "$rc" -ne 2 ]; then
      echo "FAIL corpus/$file: ldirectord rejects it at line $verdict, got exit $rc"
    elif ! [[ "$first_error" == *":$verdict: "* ]]; then
      echo "FAIL corpus/$file: first error should be at line $verdict: $first_error"
    elif [ -n "$text" ] && [[ "$first_error" != *"$text"* ]]; then
      echo "FAIL corpus/$file: first error should mention \"$text\": $first_error"
    else
      echo "PASS corpus/$file"
    fi
  fi
done

# A new corpus file needs its verdict written above.
for f in "$corpus"/*.cf; do
  b=$(basename "$f")
  [ -n "${known[$b]:-}" ] || echo "FAIL corpus/$b: no expected verdict in tests/corpus/run.sh"
done
exit 0
