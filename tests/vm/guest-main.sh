#!/bin/sh
# Runs every scenario of the payload, each in its own network namespace (IPVS tables are per
# namespace, so scenarios cannot see each other's services). Used in the VM and, when the host
# kernel has IPVS, directly on the host. Env: SCENARIO_TIMEOUT (s, default 300).
cd "$(dirname "$0")"
export PAYLOAD=$(pwd)
rc=0
for s in scenarios/*.sh; do
  [ -f "$s" ] || continue
  name=$(basename "$s" .sh)
  echo "SCENARIO-BEGIN $name"
  timeout "${SCENARIO_TIMEOUT:-300}" unshare -n sh -c \
    'ip link set lo up; . "$PAYLOAD/guest-lib.sh"; cd "$PAYLOAD"; . "$1"' scenario "$s" 2>&1
  r=$?
  if [ "$r" -eq 124 ] || [ "$r" -eq 143 ]; then
    echo "FAIL vm/$name: timed out after ${SCENARIO_TIMEOUT:-300} s"; rc=1
  fi
  echo "SCENARIO-END $name rc=$r"
done
exit $rc
