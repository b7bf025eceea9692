#!/usr/bin/env python3
# Hypervisor steal and softirq bursts, for tests/bench/failover.sh (BENCH_STALL_TRACE): every
# 10 ms, prints "HH:MM:SS.mmm cpuN steal S ms softirq Q ms" when a CPU lost >= 20 ms to either
# within one sample (a vCPU the host did not run cannot run heartbeatd either). Arg: seconds.
import time, sys
def read():
    out = {}
    for l in open('/proc/stat'):
        if l.startswith('cpu') and l[3].isdigit():
            f = l.split(); out[f[0]] = (int(f[7]), int(f[8]))  # softirq, steal (ticks of 10 ms)
    return out
prev = read(); end = time.time() + float(sys.argv[1])
while time.time() < end:
    time.sleep(0.01)
    cur = read()
    for c in cur:
        ds = (cur[c][1] - prev[c][1]) * 10; dq = (cur[c][0] - prev[c][0]) * 10
        if ds >= 20 or dq >= 20:
            print("%s.%03d %s steal %d ms softirq %d ms" % (time.strftime('%H:%M:%S'), int(time.time()*1000)%1000, c, ds, dq), flush=True)
    prev = cur
