#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/<target>/ (run from anywhere; idempotent).
Every seed is written here by hand from the formats' specifications: small, valid inputs
(plus a few near-misses) the fuzzers mutate from."""
import hashlib, hmac, os, struct, zlib

HERE = os.path.dirname(os.path.abspath(__file__))

def put(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

# --- ldirectord.cf ------------------------------------------------------------------------
put("ldirectord_cf", "http", """# two web servers, http negotiate
checktimeout=3
checkinterval=5
autoreload=yes
logfile="/var/log/ldirectord.log"
quiescent=no

virtual=192.168.6.240:80
\treal=192.168.6.2:80 gate
\treal=192.168.6.3:80 gate 2
\tfallback=127.0.0.1:80 gate
\tservice=http
\trequest="index.html"
\treceive="Test Page"
\tscheduler=wrr
\tprotocol=tcp
\tchecktype=negotiate
""")
put("ldirectord_cf", "many", """checktimeout=10
checkinterval=15
failurecount=3
emailalert="root@example.org"
emailalertfreq=3600
emailalertstatus=starting,running
maintenancedir=/srv/maint
callback="/bin/true"
fallback=10.9.9.9:80
cleanstop=no

virtual=10.0.0.1:443
    real=10.0.0.11:443 masq 5
    real=10.0.0.[12-14]:443 masq
    service=https
    virtualhost=www.example.org
    request="/health"
    receive="\\"status\\":\\"UP\\""
    httpmethod=HEAD
    persistent=600
    netmask=255.255.255.0
    scheduler=sh
    schedflags=sh-port,sh-fallback

virtual=10.0.0.2:53
    real=web1:53 gate
    protocol=udp
    service=dns
    request="www.example.org"
    receive="10.0.0"
    checktype=negotiate

virtual=10.0.0.3:389
    real=web2:389 ipip
    service=ldap
    login="cn=admin,dc=example,dc=org"
    passwd="secret"
    request="dc=example,dc=org"

virtual=10.0.0.4:1812
    real=10.0.0.21:1812 gate
    protocol=udp
    service=radius
    login=user
    passwd=pass
    secret=radsecret

virtual=10.0.0.5:5060
    real=10.0.0.22:5060 gate
    protocol=udp
    service=sip
    login=probe@example.org

virtual=10.0.0.6:3306
    real=10.0.0.23:3306 gate
    service=mysql
    login=monitor
    passwd=pw
    database=test
    request="SELECT 1"

virtual=100
    real=10.0.0.24:80 gate
    checktype=ping
    ops=yes
""")
put("ldirectord_cf", "ipv6", """virtual6=[2001:db8::1]:80
\treal6=[2001:db8::11]:80 gate
\treal6=web6:80 gate
\tchecktype=connect
\tcheckport=8080
virtual6=fwm6 200
\treal6=[2001:db8::12]:0 gate
\tchecktype=combined
\tcheckcount=2
""")
put("ldirectord_cf", "external", """checktimeout=5
virtual=10.0.0.7:25
\treal=10.0.0.31:25 gate
\tchecktype=external
\tcheckcommand="/usr/local/bin/check-smtp"
\tservice=smtp
virtual=10.0.0.8:21
\treal=10.0.0.32:21 masq
\tservice=ftp
\tlogin=anonymous
\trequest="welcome.msg"
\treceive="Welcome"
""")
put("ldirectord_cf", "broken", """checktimeout=abc
virtual=10.0.0.1
\treal=10.0.0.11:80 bogus
\tservice=nosuch
quiescent=maybe
""")

# --- ha.cf, authkeys, haresources -----------------------------------------------------------
put("ha_cf", "pair", """# a director pair
logfacility local0
keepalive 200ms
deadtime 2
warntime 1
initdead 10
udpport 694
bcast eth0
mcast eth1 225.0.0.1 694 1 0
ucast eth2 10.0.0.2
serial /dev/ttyS0
baud 19200
auto_failback on
node alpha
node beta
ping 10.0.0.254
respawn hacluster /usr/lib/heartbeat/ipfail
apiauth ipfail gid=haclient uid=hacluster
""")
put("ha_cf", "netstring", """msgfmt netstring
keepalive 1
deadtime 30
auto_failback legacy
node Alpha beta
ucast6 eth0 fe80::2
crm no
debug 1
""")
put("ha_cf", "broken", "keepalive\ndeadtime -1\nnode\nbogus directive\nauto_failback maybe\n")
put("authkeys", "sha1", "auth 1\n1 sha1 ThisIsALongSecret\n")
put("authkeys", "several", "# keys\nauth 3\n1 crc\n2 md5 md5secret\n3 sha1 shasecret # comment\n15 sha256 ext\n")
put("authkeys", "broken", "auth 16\n1 sha1\n2 rot13 x\nauth 2\n")
put("haresources", "pair", """alpha 10.0.0.100/24/eth0 ldirectord::ldirectord.cf
beta IPaddr::10.0.0.101/24/eth0/10.0.0.255 \\
    Filesystem::/dev/sdb1::/data::ext4 httpd
""")
put("haresources", "broken", "alpha\nnode2 IPaddr::\n alpha 10.0.0.100 # dup\nalpha 10.0.0.100\ngamma x \\")

# --- heartbeat packets --------------------------------------------------------------------
def classic_line(name, value, binary=False):
    if binary:
        import base64
        return "(1)%s=%s\n" % (name, base64.b64encode(value).decode())
    return "%s=%s\n" % (name, value.replace("\n", "\x13"))

def status_fields():
    return [("t", "status"), ("st", "active"), ("dt", "7530"), ("protocol", "1"), ("src", "alpha"),
            ("seq", "2a"), ("hg", "4b1"), ("ts", "6571d1e0"), ("ld", "0.01 0.02 0.00 1/100 1234"), ("ttl", "3")]

def classic(fields, key=None, extra=b""):
    body = "".join(classic_line(n, v) for n, v in fields)
    if key:
        idx, k = key
        body += "auth=%d %s\n" % (idx, hmac.new(k, body.encode(), hashlib.sha1).hexdigest())
    return (">>>\n" + body + "<<<\n").encode() + extra

def netstring(fields, key=None):
    out = b"###\n"
    for n, v in fields:
        p = ("(0)%s=%s" % (n, v)).encode()
        out += str(len(p)).encode() + b":" + p + b","
    out += b"%%%\n"
    if key:
        idx, k = key
        tok = ("%d %s" % (idx, hmac.new(k, out, hashlib.sha1).hexdigest())).encode()
        out += str(len(tok)).encode() + b":" + tok + b","
    return out

KEY = (1, b"fuzzkey")   # tests/fuzz/hb_keys.hpp
st = status_fields()
for tgt in ("hb_packet", "hb_netstring", "hb_classic", "hb_serial", "hb_fifo"):
    put(tgt, "netstring_signed", netstring(st, KEY))
    put(tgt, "classic_signed", classic(st, KEY))
    put(tgt, "classic_nul", classic(st, None, b"\0"))
    put(tgt, "rexmit", netstring([("t", "NS_rexmit"), ("dest", "beta"), ("firstseq", "10"), ("lastseq", "12"),
                                  ("src", "alpha"), ("hg", "4b1"), ("ts", "6571d1e0"), ("ttl", "3")], KEY))
put("hb_classic", "binary", (">>>\n" + classic_line("srcuuid", bytes(range(16)), True) + "t=x\n<<<\n").encode())
put("hb_serial", "stream", b"\x07\x01noise" + classic(st, KEY) + b">>>\ncut" + classic(st, KEY))
put("hb_fifo", "standby", classic([("t", "ask_resources"), ("rsc_hold", "foreign"), ("info", "me")]))
put("hb_fifo", "takeover", classic([("t", "hb_takeover"), ("rsc_hold", "all")]))
put("hb_fifo", "clustermsg", classic([("t", "mymsg"), ("src", "alpha"), ("x", "multi\nline")]))

# --- control socket -----------------------------------------------------------------------
for i, req in enumerate(["hbstatus\n", "listnodes\n", "nodestatus Alpha\n", "nodetype 10.0.0.254\n",
                         "listhblinks beta\n", "linkstatus alpha eth0\n", "hbparameter -p deadtime\n",
                         "standby failback\n", "takeover foreign\n", "counters\n", "OK\nreply text\n",
                         "ERR\nunknown node: x\n"]):
    put("hb_control", "req%02d" % i, req)

# --- dns ----------------------------------------------------------------------------------
def dns_name(n):
    return b"".join(bytes([len(l)]) + l.encode() for l in n.split(".") if l) + b"\0"

def dns_answer():
    q = dns_name("www.example.org") + struct.pack(">HH", 1, 1)
    a1 = b"\xc0\x0c" + struct.pack(">HHIH", 5, 1, 300, 0) + b""
    cname = dns_name("web.example.org")
    a1 = b"\xc0\x0c" + struct.pack(">HHIH", 5, 1, 300, len(cname)) + cname
    a2 = b"\xc0\x2d" + struct.pack(">HHIH", 1, 1, 300, 4) + bytes([10, 0, 0, 11])
    hdr = struct.pack(">HHHHHH", 0x1234, 0x8180, 1, 2, 0, 0)
    return hdr + q + a1 + a2

put("dns", "a_cname", dns_answer())
rq = dns_name("11.0.0.10.in-addr.arpa") + struct.pack(">HH", 12, 1)
ptr = dns_name("web1.example.org")
put("dns", "ptr", struct.pack(">HHHHHH", 7, 0x8580, 1, 1, 0, 0) + rq + b"\xc0\x0c" +
    struct.pack(">HHIH", 12, 1, 60, len(ptr)) + ptr)
put("dns", "nxdomain", struct.pack(">HHHHHH", 9, 0x8183, 1, 0, 0, 0) + dns_name("nx.example.org") + struct.pack(">HH", 1, 1))
put("dns", "loop", struct.pack(">HHHHHH", 9, 0x8180, 1, 0, 0, 0) + b"\xc0\x0c")

# --- ldap (BER) ---------------------------------------------------------------------------
def ber_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b

def tlv(tag, v):
    return bytes([tag]) + ber_len(len(v)) + v

def ber_int(tag, v):
    return tlv(tag, v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big", signed=True))

def ldap_msg(mid, op):
    return tlv(0x30, ber_int(0x02, mid) + op)

bind_ok = ldap_msg(1, tlv(0x61, ber_int(0x0a, 0) + tlv(0x04, b"") + tlv(0x04, b"")))
entry = ldap_msg(2, tlv(0x64, tlv(0x04, b"dc=example,dc=org") + tlv(0x30, b"")))
done = ldap_msg(2, tlv(0x65, ber_int(0x0a, 0) + tlv(0x04, b"") + tlv(0x04, b"")))
put("ldap", "bind_search", bind_ok + entry + done)
put("ldap", "invalid_credentials", ldap_msg(1, tlv(0x61, ber_int(0x0a, 49) + tlv(0x04, b"") + tlv(0x04, b"bad password"))))
put("ldap", "notice_of_disconnection", ldap_msg(0, tlv(0x78, ber_int(0x0a, 52) + tlv(0x04, b"") + tlv(0x04, b"shutting down"))))
put("ldap", "long_length", b"\x30\x84\x00\x00\x01\x00" + ber_int(0x02, 3))

# --- radius -------------------------------------------------------------------------------
attrs = bytes([18, 7]) + b"hello" + bytes([80, 18]) + bytes(16)
put("radius", "accept", bytes([2, 42]) + struct.pack(">H", 20 + len(attrs)) + bytes(16) + attrs)
put("radius", "reject", bytes([3, 42, 0, 20]) + bytes(16))
put("radius", "bad_attr", bytes([2, 42, 0, 23]) + bytes(16) + bytes([18, 1, 0]))

# --- sip ----------------------------------------------------------------------------------
put("sip", "ok", "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKabc;rport=5060\r\n"
                 "From: <sip:probe@example.org>;tag=1\r\nTo: <sip:probe@example.org>;tag=2\r\n"
                 "Call-ID: 1234@10.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 4\r\n\r\nbody")
put("sip", "compact", "\r\n\r\nSIP/2.0 404 Not Found\nv: SIP/2.0/TCP h;branch=z9hG4bKx\ni: x\n"
                      " continued\nl: 0\n\n")

# --- ipvsadm -S -n and -L -n --thresholds ---------------------------------------------------
put("ipvsadm", "table", """-A -t 10.0.0.1:80 -s wrr -p 600 -M 255.255.255.0
-a -t 10.0.0.1:80 -r 10.0.0.11:80 -g -w 2
-a -t 10.0.0.1:80 -r 10.0.0.12:8080 -m -w 0 -x 100 -y 10
-A -u [2001:db8::1]:53 -s rr -o
-a -u [2001:db8::1]:53 -r [2001:db8::11]:53 -i -w 1
-A -f 100 -s sh -b sh-port,sh-fallback
-a -f 100 -r 10.0.0.13:0 -g -w 1
-A -f 7 -6 -s wlc --pe sip

IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn
  -> RemoteAddress:Port
TCP  10.0.0.1:80 wrr persistent 600 mask 255.255.255.0
  -> 10.0.0.11:80                 0          0          3          7
  -> 10.0.0.12:8080               100        10         0          0
FWM  100 sh (sh-port,sh-fallback)
  -> 10.0.0.13:0                  0          0          1          0
""")

# --- IPVS generic netlink replies ----------------------------------------------------------
def nla(t, payload):
    l = 4 + len(payload)
    return struct.pack("=HH", l, t) + payload + bytes((-l) % 4)

def nlmsg(payload, seq=1):
    body = struct.pack("=BBH", 1, 1, 0) + payload   # genlmsghdr: cmd, version
    return struct.pack("=IHHII", 16 + len(body), 0x1c, 2, seq, 0) + body

AF_INET = 2
svc = (nla(1, struct.pack("=H", AF_INET)) + nla(2, struct.pack("=H", 6)) + nla(3, bytes([10, 0, 0, 1]) + bytes(12)) +
       nla(4, struct.pack(">H", 80)) + nla(6, b"wlc\0") + nla(7, struct.pack("=II", 3, 0xffffffff)) +
       nla(8, struct.pack("=I", 300)) + nla(9, struct.pack(">I", 0xffffff00)))
dest = (nla(1, bytes([10, 0, 0, 11]) + bytes(12)) + nla(2, struct.pack(">H", 80)) + nla(3, struct.pack("=I", 0)) +
        nla(4, struct.pack("=I", 5)) + nla(5, struct.pack("=I", 0)) + nla(6, struct.pack("=I", 0)) +
        nla(7, struct.pack("=I", 4)) + nla(8, struct.pack("=I", 2)) + nla(11, struct.pack("=H", AF_INET)))
NLA_F_NESTED = 0x8000
put("netlink", "service_and_dest", nlmsg(nla(1 | NLA_F_NESTED, svc)) + nlmsg(nla(2 | NLA_F_NESTED, dest), 2))
put("netlink", "info", nlmsg(nla(1, struct.pack("=I", 0x010201)) + nla(2, struct.pack("=I", 4096))))
fw = nla(1, struct.pack("=H", 10)) + nla(5, struct.pack("=I", 100)) + nla(6, b"sh\0") + \
     nla(7, struct.pack("=II", 1, 0xffffffff)) + nla(8, struct.pack("=I", 0)) + nla(9, struct.pack("=I", 128)) + nla(11, b"sip\0")
put("netlink", "fwmark6", nlmsg(nla(1 | NLA_F_NESTED, fw)))

# --- command lines (NUL-separated arguments) -------------------------------------------------
for name, args in {
    "directord_start": ["-d", "ldirectord.cf", "start"],
    "directord_test": ["-t", "/etc/ha.d/ldirectord.cf"],
    "directord_ipvsadm": ["--ipvsadm=/sbin/ipvsadm", "--pidfile", "/run/d.pid", "--dry-run", "x.cf", "reload"],
    "hb_status": ["status", "nodestatus", "alpha"],
    "hb_flags": ["-f", "-d", "-c", "/etc/ha.d", "-S", "/var/lib/heartbeat", "-p", "/run/hb.pid", "-l", "-M"],
    "cl_status_hb": ["cl_status", "hbstatus"],
    "cl_status_link": ["cl_status", "hblinkstatus", "beta", "eth0"],
    "cl_status_list": ["cl_status", "listnodes", "-p"],
    "cl_status_param": ["cl_status", "hbparameter", "-p", "deadtime"],
    "cl_status_rsc": ["cl_status", "rscstatus", "-m"],
    "hb_standby": ["standby", "foreign"],
}.items():
    put("cli", name, "\0".join(args))

# --- for tests/fuzz/pending (HTTP replies, receive= patterns) -------------------------------
# http_reply: 2 bytes of flags (HEAD?, close at the end?) + 16 split sizes, then the reply.
prefix = bytes(18)
put("http_reply", "length", prefix + b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nhello")
put("http_reply", "chunked", prefix + b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: 1\r\n\r\n")
put("http_reply", "close", prefix + b"HTTP/1.0 302 Found\r\nLocation: http://x/\r\n folded\r\n\r\nbody to the close")
put("http_reply", "huge_length", prefix + b"HTTP/1.1 200 OK\r\nContent-Length: 1000000000000\r\n\r\nx")
put("receive", "literal", b"Test Page\0<html><title>Test Page</title></html>")
put("receive", "backtrack", b"(.|\\n)*Test Page\0" + b"a" * 2000)
put("receive", "perl", b"(?i)\\\"status\\\"\\s*:\\s*\"UP\"\0{\"Status\" : \"UP\"}")
put("receive", "bad", b"(unclosed\0x")
