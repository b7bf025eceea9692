#!/bin/bash
# The path from a heartbeatd pair to Pacemaker + Corosync (suite "pcmk" of tests/run-all.sh):
# directord under the stock OCF agent ocf:heartbeat:ldirectord, `heartbeatd cib` checked with
# crm_verify and crm_simulate, and a two-node Corosync + Pacemaker cluster in network
# namespaces. Every executable NN-name.sh is run in order under a time limit
# (PCMK_TEST_LIMIT, default 240 s); PCMK_ONLY=regex picks tests by file name.
set -u
cd "$(dirname "$0")"
exec ../run-dir.sh pcmk "${PCMK_TEST_LIMIT:-240}" "${PCMK_ONLY:-}"
