#!/bin/bash
# checks-farm-keepalive.sh: the same farm and measurements as checks-farm.sh, with
# directord's httpkeepalive=yes (one kept connection per real, reused by every check;
# ldirectord, which has no such mode, still opens one per check). BENCH names end in
# _keepalive.
# bench-time-limit: 900
cd "$(dirname "$0")" && CHECKS_FARM_KEEPALIVE=1 exec ./checks-farm.sh
