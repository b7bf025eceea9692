#!/bin/bash
# bench-time-limit: 3000
# vs-keepalived.sh: directord beside keepalived 2.2.7 on the peers lab (issue 15), one run:
# the lab's own bench.py (../shared/peers, or PEERS_LAB) runs each checker against its nginx
# farm of N loopback servers (HTTP check of /.testpage every 1 s, quiescent, 4 virtuals;
# keepalived -C under the lab's IP_VS_SO_* emulation, directord with `--ipvsadm` through the
# lab's ipvsadm stand-in, which answers -R), and this script prints its figures as BENCH
# lines: for N = 1,000, 5,000, 10,000 (VSK_NS) in the default mode (a new connection per
# check), CPU ms per check, RSS, checks/s and median period of both and the ratios; at
# N = 10,000 directord again with httpkeepalive=yes (the farm on 2 nginx workers so it can
# hold 10,000 kept connections); directord's start-up to all N up through the stand-in.
# Goals (issue 15): cpu ratio <= 0.75, rss ratio <= 1, keepalive <= 0.015 ms/check at 10,000,
# all up within 60 s. Measures, never judges: always exits 0. Needs root (the lab bind-mounts
# its stand-in over /usr/sbin/ipvsadm in a private mount namespace); its setup.sh installs
# keepalived, ldirectord and nginx with apt when they are missing.
cd "$(dirname "$0")/../.."
ROOT=$PWD
say() { echo "# vs-keepalived: $*"; }
LAB=${PEERS_LAB:-$ROOT/../shared/peers}
[ -f "$LAB/bench.py" ] || LAB=/work/shared/peers
[ -f "$LAB/bench.py" ] || { say "the peers lab (PEERS_LAB) is not here; skipped"; exit 0; }
[ "$(id -u)" = 0 ] || { say "needs root (private mount namespace for the ipvsadm stand-in); skipped"; exit 0; }
DIRECTORD=${VSK_DIRECTORD:-$ROOT/bin/directord}
[ -x "$DIRECTORD" ] || make -s bin/directord >/dev/null 2>&1 || { say "bin/directord does not build; skipped"; exit 0; }
export PEERS_RUN=$(mktemp -d /tmp/vs-keepalived.XXXXXX)
cleanup() { "$LAB/farm.sh" stop >/dev/null 2>&1; [ -n "${VSK_KEEP:-}" ] && say "kept $PEERS_RUN" || rm -rf "$PEERS_RUN"; }
trap cleanup EXIT
trap 'exit 0' INT TERM
"$LAB/setup.sh" > "$PEERS_RUN/setup.log" 2>&1 || { say "peers lab setup failed: $(tail -2 "$PEERS_RUN/setup.log" | tr '\n' ' ')"; exit 0; }
ulimit -n 65536 2>/dev/null || true
# The keep-alive variant: the same generated ldirectord.cf plus httpkeepalive=yes.
cat > "$PEERS_RUN/directord-keepalive" <<EOS
#!/bin/sh
sed 's/^checkinterval=1\$/checkinterval=1\nhttpkeepalive=yes/' "\$1" > "\$1.keepalive.cf" && exec "$DIRECTORD" -f --ipvsadm "\$1.keepalive.cf" start
EOS
chmod +x "$PEERS_RUN/directord-keepalive"

# run CHECKER N TAG [bench.py options]: one lab run; its JSON in $PEERS_RUN/results/TAG.json.
run() {
    local checker=$1 n=$2 tag=$3; shift 3
    say "$tag: bench.py $checker $n $*"
    (cd "$LAB" && timeout -k 10 900 ./bench.py "$checker" "$n" --tag "$tag" "$@") > "$PEERS_RUN/$tag.log" 2>&1 ||
        say "$tag: bench.py exited $? ($(tail -1 "$PEERS_RUN/$tag.log"))"
}
# fig TAG EXPR: a figure from TAG's JSON (python expression over d), or empty.
fig() {
    python3 - "$PEERS_RUN/results/$1.json" "$2" <<'PY' 2>/dev/null
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    v = eval(sys.argv[2], {}, {'d': d})
    print('' if v is None else (round(v, 4) if isinstance(v, float) else v))
except Exception:
    pass
PY
}
ms_per_check='d["steady"]["checker"]["cpu_pct"] * 10 / d["steady"]["checks_per_s"]'
bench_line() { [ -n "$2" ] && echo "BENCH $1 $2 $3"; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && python3 -c "print(round($1 / $2, 3) if $2 else '')"; }

for n in ${VSK_NS:-1000 5000 10000}; do
    limit=$(( n >= 10000 ? 600 : 300 ))
    FARM_WORKERS=1 "$LAB/farm.sh" stop >/dev/null 2>&1
    run keepalived "$n" "keepalived-$n"
    DIRECTORD_CMD="$DIRECTORD -f --ipvsadm {cf} start" run directord "$n" "directord-$n" --startup-timeout "$limit"
    for who in keepalived directord; do
        t="$who-$n"
        bench_line "vsk_${who}_N${n}_cpu_ms_per_check" "$(fig "$t" "$ms_per_check")" ms
        bench_line "vsk_${who}_N${n}_checks_per_s" "$(fig "$t" 'd["steady"]["checks_per_s"]')" checks/s
        bench_line "vsk_${who}_N${n}_median_period" "$(fig "$t" 'd["steady"]["median_check_period_s"]')" s
        bench_line "vsk_${who}_N${n}_rss" "$(fig "$t" 'd["steady"]["checker"]["rss_kb"] / 1024')" MB
        bench_line "vsk_${who}_N${n}_all_up" "$(fig "$t" 'd["startup"]["all_up_s"]')" s
    done
    bench_line "vsk_N${n}_cpu_ratio_directord_to_keepalived" \
        "$(ratio "$(fig "directord-$n" "$ms_per_check")" "$(fig "keepalived-$n" "$ms_per_check")")" ratio
    bench_line "vsk_N${n}_rss_ratio_directord_to_keepalived" \
        "$(ratio "$(fig "directord-$n" 'd["steady"]["checker"]["rss_kb"]')" "$(fig "keepalived-$n" 'd["steady"]["checker"]["rss_kb"]')")" ratio
done

if [ -z "${VSK_NO_KEEPALIVE:-}" ]; then
    n=${VSK_KEEPALIVE_N:-10000}
    "$LAB/farm.sh" stop >/dev/null 2>&1
    export FARM_WORKERS=2   # 10,000 kept connections + 10,000 listeners do not fit one worker's 16,384
    DIRECTORD_CMD="$PEERS_RUN/directord-keepalive {cf}" run directord "$n" "directord-keepalive-$n" --startup-timeout 600
    t="directord-keepalive-$n"
    bench_line "vsk_directord_keepalive_N${n}_cpu_ms_per_check" "$(fig "$t" "$ms_per_check")" ms
    bench_line "vsk_directord_keepalive_N${n}_checks_per_s" "$(fig "$t" 'd["steady"]["checks_per_s"]')" checks/s
    bench_line "vsk_directord_keepalive_N${n}_rss" "$(fig "$t" 'd["steady"]["checker"]["rss_kb"] / 1024')" MB
fi
exit 0
