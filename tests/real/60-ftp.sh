#!/bin/bash
# service=ftp against vsftpd on 127.0.0.1 (its own foreground process and config in the
# work dir, anonymous only): RETR of a file whose content matches receive up, mismatch
# down, missing file down, a login the server refuses down, a SIGSTOPped server down
# within negotiatetimeout, a server gone down.
source "$(dirname "$0")/lib.sh"
real_init ftp
need_cmd ftp /usr/sbin/vsftpd

P=$(free_port)
mkdir -p "$W/root" "$W/empty"
echo "ftp health page: all good" >"$W/root/health.txt"
chmod 755 "$W/root" "$W/empty"
cat >"$W/vsftpd.conf" <<EOF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$P
background=NO
anonymous_enable=YES
anon_root=$W/root
no_anon_password=YES
local_enable=NO
write_enable=NO
pasv_enable=YES
pasv_address=127.0.0.1
secure_chroot_dir=$W/empty
seccomp_sandbox=NO
xferlog_enable=NO
vsftpd_log_file=$W/vsftpd.log
EOF
start_bg /usr/sbin/vsftpd "$W/vsftpd.conf"
FPID=${LIB_PIDS[-1]}
if ! wait_port 127.0.0.1 "$P" 10; then fail ftp "vsftpd did not start: $(tail -3 "$W/vsftpd.log" 2>/dev/null)"; exit 1; fi

# $1 name, $2 request, $3 receive, $4 extra lines
cf() {
    check_cf "$1" "virtual=192.0.2.1:21
	service=ftp
	real=127.0.0.1:$P gate
	request=\"$2\"
	receive=\"$3\"
${4:-}"
}

expect_up ftp-retr "$(cf retr health.txt 'all good')" 'RETR /health\.txt: [0-9]+ bytes'
expect_down ftp-receive-mismatch "$(cf mismatch health.txt 'all bad')" 'does not match receive'
expect_down ftp-missing-file "$(cf missing nothere.txt 'all good')" 'RETR /nothere\.txt.*550'
expect_down ftp-login-refused "$(cf login health.txt 'all good' '	login="alice"
	passwd="secret"')" '530'

# A stopped server accepts (the kernel's backlog) but never greets: down at the deadline.
expect_hung_down ftp-stopped "$(cf stopped health.txt 'all good')" 'timed out after 3 s' "$FPID"
expect_up ftp-resumed "$(cf resumed health.txt 'all good')"

kill -TERM "$FPID" 2>/dev/null
wait_for 5 bash -c "! exec 3<>/dev/tcp/127.0.0.1/$P"
expect_down ftp-server-gone "$(cf gone health.txt 'all good')" 'refused'
