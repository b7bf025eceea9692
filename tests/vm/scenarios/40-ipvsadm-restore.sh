# `ipvsadm -R` on the real kernel: what directord's ipvsadm backend relies on (a line the
# kernel refuses prints one stderr line and the next lines go on, the exit status is the
# last line's; a line the parser refuses ends the run with status 2), then directord
# --ipvsadm through the real tool: one -R per sync, a reload, a failing change reported.
# POSIX sh (busybox ash in the VM).

W=/tmp/iprs
rm -rf $W; mkdir -p $W
T=$(command -v ipvsadm)

# restore NAME LINE...: feeds the lines to ipvsadm -R; sets RC, keeps stderr in $W/err.
restore() {
  _n=$1; shift
  printf '%s\n' "$@" | ipvsadm -R 2>$W/err
  RC=$?
  echo "# $_n: exit $RC, stderr: $(tr '\n' '|' <$W/err)"
}

# --- a refused change in the middle: reported, the rest applied, exit status 0 -------------
restore kernel-error "-A -t 10.0.0.1:80 -s rr" "-a -t 10.0.0.9:80 -r 10.0.1.1:80 -g" "-a -t 10.0.0.1:80 -r 10.0.1.2:80 -g"
if [ $RC -eq 0 ] && [ "$(grep -c . $W/err)" -eq 1 ]; then pass restore/kernel-error-one-line-and-go-on
else fail restore/kernel-error-one-line-and-go-on "exit $RC"; detail <$W/err; fi
expect_table restore/kernel-error-later-lines-applied <<'EOF2'
-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 10.0.1.2:80 -g -w 1
EOF2
# --- the last line refused: a non-zero exit status -----------------------------------------
restore last-refused "-a -t 10.0.0.1:80 -r 10.0.1.3:80 -g" "-a -t 10.0.0.1:80 -r 10.0.1.2:80 -g"
if [ $RC -ne 0 ] && [ "$(grep -c . $W/err)" -eq 1 ]; then pass restore/last-line-sets-status
else fail restore/last-line-sets-status "exit $RC"; detail <$W/err; fi
ipvsadm -C
# --- a line the parser refuses: exit 2, nothing after it applied ---------------------------
restore parse-error "-A -t 10.0.0.1:80 -s rr" "-a -t 10.0.0.1:80 -r 10.0.1.300:80 -g" "-a -t 10.0.0.1:80 -r 10.0.1.2:80 -g"
if [ $RC -eq 2 ]; then pass restore/parse-error-exits-2
else fail restore/parse-error-exits-2 "exit $RC"; detail <$W/err; fi
expect_table restore/parse-error-stops-the-run <<'EOF2'
-A -t 10.0.0.1:80 -s rr
EOF2
ipvsadm -C

# --- directord --ipvsadm through the real tool ----------------------------------------------
CF=$W/ld.cf LOG=$W/d.log PID=$W/d.pid
cat >$CF <<EOF2
logfile="$LOG"
checkinterval=1
cleanstop=yes
virtual=10.0.0.1:80
	real=10.0.1.1:80 gate 3
	real=10.0.1.2:8080 masq 2
	real=10.0.1.3 ipip
	checktype=on
	scheduler=wlc
virtual6=[2001:db8::1]:443
	real6=[2001:db8::10]:443 masq
	checktype=on
	scheduler=rr
	persistent=600
EOF2
if out=$(directord --ipvsadm=$T --pidfile $PID $CF start 2>&1); then pass ipvsadm-backend/start
else fail ipvsadm-backend/start "directord start failed"; printf '%s\n' "$out" | detail; fi
i=0; while [ $i -lt 50 ] && ! grep -q 'Table sync: 6 changes' $LOG 2>/dev/null; do sleep 0.2; i=$((i+1)); done
expect_table ipvsadm-backend/table <<'EOF2'
-A -t 10.0.0.1:80 -s wlc
-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 3
-a -t 10.0.0.1:80 -r 10.0.1.2:8080 -m -w 2
-a -t 10.0.0.1:80 -r 10.0.1.3:80 -i -w 1 --tun-type ipip
-A -t [2001:db8::1]:443 -s rr -p 600
-a -t [2001:db8::1]:443 -r [2001:db8::10]:443 -m -w 1
EOF2
# A reload that edits, removes and adds, plus a scheduler this kernel does not have: that
# one fails with its reason, the other changes of the same -R are made.
sed -e 's/gate 3/gate 5/' -e '/10.0.1.3 ipip/d' -e 's/^	scheduler=rr/	scheduler=nosuch/' $CF >$W/x
printf '%s\n' 'virtual=10.0.0.2:80' '	real=10.0.2.1:80 gate' '	checktype=on' >>$W/x
mv $W/x $CF
directord --pidfile $PID $CF reload >/dev/null 2>&1
i=0; while [ $i -lt 50 ] && ! grep -q 'Reload complete' $LOG 2>/dev/null; do sleep 0.2; i=$((i+1)); done
i=0; while [ $i -lt 50 ] && [ "$(grep -c 'Table sync' $LOG)" -lt 2 ]; do sleep 0.2; i=$((i+1)); done
expect_table ipvsadm-backend/reload-table <<'EOF2'
-A -t 10.0.0.1:80 -s wlc
-a -t 10.0.0.1:80 -r 10.0.1.1:80 -g -w 5
-a -t 10.0.0.1:80 -r 10.0.1.2:8080 -m -w 2
-A -t [2001:db8::1]:443 -s rr -p 600
-a -t [2001:db8::1]:443 -r [2001:db8::10]:443 -m -w 1
-A -t 10.0.0.2:80 -s wrr
-a -t 10.0.0.2:80 -r 10.0.2.1:80 -g -w 1
EOF2
if grep -q 'Failed: .*2001:db8::1.*: .*' $LOG; then pass ipvsadm-backend/failed-change-reported
else fail ipvsadm-backend/failed-change-reported "no Failed: line"; tail -n 12 $LOG | detail; fi
grep 'Failed:' $LOG | sed 's/^/# /'
directord --pidfile $PID $CF stop >/dev/null 2>&1
expect_empty ipvsadm-backend/cleanstop
