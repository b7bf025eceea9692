#!/usr/bin/env python3
"""Hostile real servers for tests/soak/05-hostile.sh: one misbehaving mode per port.

    hostile_server.py HOST BASEPORT [SECRET]

Mode i listens on BASEPORT + i (TCP or UDP, see MODES). Prints "MODE PORT PROTO" per mode,
then "ready", and serves until killed. Every connection gets its own thread; a client that
goes away ends it. SECRET is the RADIUS shared secret (the reply is signed with it, so the
check gets as far as reading the lying lengths).
"""
import hashlib
import os
import socket
import struct
import sys
import threading
import time

CHUNK = b"x" * 65536


def read_request(conn, limit=65536):
    """Reads what the client sends first (an HTTP request, a ClientHello); bounded."""
    conn.settimeout(3)
    data = b""
    try:
        while b"\r\n\r\n" not in data and len(data) < limit:
            got = conn.recv(4096)
            if not got:
                break
            data += got
            if not data.startswith((b"GET", b"HEAD", b"POST")):
                break   # not HTTP (TLS): one read is enough
    except OSError:
        pass
    conn.settimeout(None)
    return data


def hold(conn, seconds=60):
    """Keeps the connection open without answering (until the client leaves)."""
    conn.settimeout(seconds)
    try:
        while conn.recv(4096):
            pass
    except OSError:
        pass


# --- HTTP modes -------------------------------------------------------------------------
def endless_body(conn):
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
    while True:
        conn.sendall(CHUNK)


def slow_body(conn):
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
    while True:
        conn.sendall(b"x")
        time.sleep(1)


def huge_header(conn):
    """A 1 GB header line, streamed."""
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Huge: ")
    sent = 0
    while sent < 1 << 30:
        conn.sendall(CHUNK)
        sent += len(CHUNK)
    conn.sendall(b"\r\n\r\nTest Page")


def huge_content_length(conn):
    """Header and one body byte in one segment, then nothing."""
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000000000\r\n\r\nx")
    hold(conn)


def chunked_bytewise(conn):
    """A valid chunked reply sent one byte at a time: the check must say up."""
    read_request(conn)
    body = b"<html>Test Page</html>"
    reply = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
             + b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n")
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for i in range(len(reply)):
        conn.sendall(reply[i:i + 1])
        time.sleep(0.005)
    hold(conn, 5)


def chunked_empty_bytewise(conn):
    """A valid chunked reply with an empty body (only the last chunk), one byte at a time:
    the parser then sees "0\r\n" and the final CRLF split. A check without receive= is up."""
    read_request(conn)
    reply = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n"
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for i in range(len(reply)):
        conn.sendall(reply[i:i + 1])
        time.sleep(0.005)
    hold(conn, 5)


def tls_garbage(conn):
    """For an https check: a TLS record header announcing 64 KB, then random bytes."""
    read_request(conn)
    conn.sendall(b"\x16\x03\x03\xff\xff" + os.urandom(4096))
    hold(conn)


def rst_mid_reply(conn):
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\n<html>Test")
    time.sleep(0.1)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


# --- LDAP (BER) ---------------------------------------------------------------------------
def ber_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    return bytes([tag]) + ber_len(len(content)) + content


def read_ldap_message(conn):
    """One LDAPMessage: (message id, protocolOp tag), or None when the client is gone."""
    def exact(n):
        data = b""
        while len(data) < n:
            got = conn.recv(n - len(data))
            if not got:
                raise EOFError
            data += got
        return data
    try:
        tag, first = exact(2)
        if first & 0x80:
            n = int.from_bytes(exact(first & 0x7F), "big")
        else:
            n = first
        if n > 1 << 20:
            return None
        body = exact(n)
    except (EOFError, OSError, ValueError):
        return None
    if tag != 0x30 or len(body) < 3 or body[0] != 0x02:
        return None
    idlen = body[1]
    msgid = int.from_bytes(body[2:2 + idlen], "big")
    return msgid, body[2 + idlen] if len(body) > 2 + idlen else 0


def ldap_msg(msgid, op):
    return tlv(0x30, tlv(0x02, msgid.to_bytes(4, "big").lstrip(b"\0") or b"\0") + op)


LDAP_OK = b"\x0a\x01\x00\x04\x00\x04\x00"   # resultCode success, matchedDN "", diagnostic ""


def ldap_serve(conn, on_search):
    while True:
        m = read_ldap_message(conn)
        if m is None:
            return
        msgid, op = m
        if op == 0x60:     # bindRequest -> bindResponse success
            conn.sendall(ldap_msg(msgid, tlv(0x61, LDAP_OK)))
        elif op == 0x63:   # searchRequest
            on_search(conn, msgid)
        elif op == 0x42:   # unbindRequest
            return


def ldap_lying_lengths(conn):
    """A search answer whose DN claims 2 GB inside a 20-byte message, then a message
    announcing 2 GB that never comes."""
    def on_search(c, msgid):
        dn = b"\x04\x84\x7f\xff\xff\xff" + b"cn=x"
        entry = b"\x64" + ber_len(len(dn) + 2) + dn + b"\x30\x00"
        c.sendall(ldap_msg(msgid, entry))
        c.sendall(b"\x30\x84\x7f\xff\xff\xff\x02\x01" + bytes([msgid & 0x7F]))
        hold(c)
    ldap_serve(conn, on_search)


def ldap_huge_entries(conn):
    """1,000 search entries of 1 MB DNs each (about 1 GB), then searchResultDone."""
    def on_search(c, msgid):
        for i in range(1000):
            dn = b"cn=%04d," % i + b"a" * 1000000   # just under a 1 MiB element limit
            c.sendall(ldap_msg(msgid, tlv(0x64, tlv(0x04, dn) + b"\x30\x00")))
        c.sendall(ldap_msg(msgid, tlv(0x65, LDAP_OK)))
        hold(c, 10)
    ldap_serve(conn, on_search)


# --- UDP modes ----------------------------------------------------------------------------
def dns_lying_lengths(sock):
    while True:
        q, peer = sock.recvfrom(4096)
        if len(q) < 12:
            continue
        i = 12
        while i < len(q) and q[i] != 0:
            i += q[i] + 1
        question = q[12:i + 5]
        # header: the query's id, a response, 1 question, 65,535 answers claimed
        head = q[:2] + b"\x81\x80" + struct.pack(">HHHH", 1, 0xFFFF, 0, 0)
        # one answer: pointer to the question's name, A IN, TTL 60, RDLENGTH 65,535, 4 bytes
        answer = b"\xc0\x0c\x00\x01\x00\x01" + struct.pack(">IH", 60, 0xFFFF) + bytes([192, 0, 2, 10])
        sock.sendto(head + question + answer, peer)


def radius_lying_lengths(sock, secret):
    while True:
        req, peer = sock.recvfrom(4096)
        if len(req) < 20:
            continue
        # Access-Accept whose Length says 1,024 and whose Reply-Message says 200 bytes, in 27
        attrs = bytes([18, 200]) + b"hello"
        code_id_len = bytes([2, req[1]]) + struct.pack(">H", 1024)
        auth = hashlib.md5(code_id_len + req[4:20] + attrs + secret).digest()
        sock.sendto(code_id_len + auth + attrs, peer)


MODES = [
    ("endless_body", "tcp", endless_body),
    ("slow_body", "tcp", slow_body),
    ("huge_header", "tcp", huge_header),
    ("huge_content_length", "tcp", huge_content_length),
    ("chunked_bytewise", "tcp", chunked_bytewise),
    ("chunked_empty_bytewise", "tcp", chunked_empty_bytewise),
    ("tls_garbage", "tcp", tls_garbage),
    ("rst_mid_reply", "tcp", rst_mid_reply),
    ("dns_lying_lengths", "udp", dns_lying_lengths),
    ("ldap_lying_lengths", "tcp", ldap_lying_lengths),
    ("radius_lying_lengths", "udp", radius_lying_lengths),
    ("ldap_huge_entries", "tcp", ldap_huge_entries),
]


def serve_tcp(host, port, handler):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((host, port))
    ls.listen(64)

    def one(conn):
        try:
            handler(conn)
        except OSError:
            pass   # the client went away: what a check at its deadline does
        finally:
            conn.close()

    def loop():
        while True:
            conn, _ = ls.accept()
            threading.Thread(target=one, args=(conn,), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()


def main():
    host, base = sys.argv[1], int(sys.argv[2])
    secret = sys.argv[3].encode() if len(sys.argv) > 3 else b"testing123"
    for i, (name, proto, handler) in enumerate(MODES):
        port = base + i
        if proto == "tcp":
            serve_tcp(host, port, handler)
        else:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind((host, port))
            args = (s, secret) if handler is radius_lying_lengths else (s,)
            threading.Thread(target=handler, args=args, daemon=True).start()
        print(name, port, proto, flush=True)
    print("ready", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
