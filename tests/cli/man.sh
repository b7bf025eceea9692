#!/bin/bash
# Man pages (doc/*.[1-8]): each renders without groff or man warnings and has a NAME line
# mandb can index; every option `heartbeatd --help` and `directord --help` print is a tag in
# the OPTIONS of their page; every directive heartbeatd's ha.cf parser knows is a tag in the
# DIRECTIVES of ha.cf.5, and every tag there is a directive `heartbeatd -t` accepts. The
# directive list is read from the parser's source, so a new directive fails this test until
# it is documented.
set -u
cd "$(dirname "$0")/../.."
T=$(mktemp -d /tmp/man-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
pass() { echo "PASS cli/man_$1"; }
fail() { echo "FAIL cli/man_$1: $2"; }

if ! command -v groff >/dev/null || ! command -v man >/dev/null || ! command -v col >/dev/null; then
  echo "SKIP cli/man: needs groff, man and col (apt-get install groff-base man-db bsdextrautils)"
  exit 0
fi

# A page as text, with lines wide enough that no tag wraps.
render() { MANWIDTH=200 man -l -Tascii "$1" 2>/dev/null | col -bx; }
# Lines of section $2 (a heading in column 0) of the rendered page $1.
section() { render "$1" | awk -v s="$2" '$0 == s {f = 1; next} /^[A-Z]/ {f = 0} f'; }

pages=(doc/*.[1-8])
[ "${#pages[@]}" -ge 8 ] && pass page_count || fail page_count "only ${#pages[@]} pages in doc/"
for p in "${pages[@]}"; do
  name=$(basename "$p")
  # A .so page (hb_takeover.1): its target must be one of ours; it renders as the target.
  if so=$(sed -n 's/^\.so[[:space:]]\{1,\}//p' "$p" | head -1) && [ -n "$so" ]; then
    [ -f "doc/$(basename "$so")" ] && [ "$(dirname "$so")" = "man${name##*.}" ] \
      && pass "${name}_so_target" || fail "${name}_so_target" ".so $so: no doc/$(basename "$so") in man${name##*.}/"
    continue
  fi
  groff -man -ww -z "$p" 2>"$T/err"
  [ -s "$T/err" ] && fail "${name}_groff" "$(head -c 400 "$T/err")" || pass "${name}_groff"
  LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$p" >/dev/null 2>"$T/err"
  [ -s "$T/err" ] && fail "${name}_man_warnings" "$(head -c 400 "$T/err")" || pass "${name}_man_warnings"
  # .TH NAME SECTION matches the file name (lintian: wrong-manual-section).
  th=$(awk '/^\.TH/ {print tolower($2) "." $3; exit}' "$p")
  [ "$th" = "$name" ] && pass "${name}_th" || fail "${name}_th" ".TH says $th"
  if command -v lexgrog >/dev/null; then
    lexgrog "$p" >"$T/out" 2>&1 && grep -q ' - ' "$T/out" && pass "${name}_whatis" || fail "${name}_whatis" "$(cat "$T/out")"
  fi
done

# Every option in --help is a tag (a line at the OPTIONS indent starting with it, maybe in a
# list "-v, -V, --version").
help_options() { "$1" --help 2>&1 | grep -oE '(^|[][ |{(])--?[A-Za-z][A-Za-z-]*' | sed -E 's/^[][ |{(]//' | sort -u; }
check_options() {  # BINARY PAGE
  local bin=$1 page=$2 opts missing=""
  section "$page" OPTIONS >"$T/opts"
  opts=$(help_options "$bin")
  [ "$(echo "$opts" | wc -w)" -ge 5 ] || { fail "$(basename "$bin")_options_read" "--help gave: $opts"; return; }
  for o in $opts; do
    grep -qE -- "^ {7}(--?[A-Za-z][A-Za-z-]*[^ ,]*( [A-Z]+)?, )*${o}([] ,=[]|$)" "$T/opts" || missing+=" $o"
  done
  [ -z "$missing" ] && pass "$(basename "$page")_documents_every_option" \
    || fail "$(basename "$page")_documents_every_option" "not a tag in OPTIONS:$missing"
}
check_options bin/heartbeatd doc/heartbeatd.8
check_options bin/directord doc/directord.8

# ha.cf directives from the parser: the rows of its keyword table (Parser::keywords) and the
# names directive() tests before the table (the obsolete "udp").
src=heartbeatd/config/ha_cf.cpp
{
  sed -n '/^const std::vector<Keyword>& Parser::keywords() {/,/^}/p' "$src" | grep -oE '^ *\{"[a-z0-9_]+"' | grep -oE '"[a-z0-9_]+"'
  sed -n '/^void Parser::directive(/,/^}/p' "$src" | grep -oE 'name == "[a-z0-9_]+"' | grep -oE '"[a-z0-9_]+"'
} | tr -d '"' | sort -u >"$T/known"
n=$(wc -l <"$T/known")
if [ "$n" -ge 50 ] && grep -qx node "$T/known" && grep -qx keepalive "$T/known" && grep -qx udp "$T/known"; then
  pass hacf_directives_read_from_parser
else
  fail hacf_directives_read_from_parser "$n names read from $src: the parser's tables moved? $(tr '\n' ' ' <"$T/known")"
fi

# The list must be what the parser accepts: each name is known to `heartbeatd -t` (whatever
# it then says of the value), and a made-up one is not.
mkdir -p "$T/ha.d"
printf 'auth 1\n1 sha1 test-key\n' >"$T/ha.d/authkeys"; chmod 600 "$T/ha.d/authkeys"
echo nodea >"$T/ha.d/nodeinfo"
base=$'node nodea nodeb\nbcast lo\nauto_failback off\nlogfacility daemon\n'
unknown_to_t() {  # DIRECTIVE: true when heartbeatd -t calls it unknown
  printf '%s%s x\n' "$base" "$1" >"$T/ha.d/ha.cf"
  bin/heartbeatd -t -c "$T/ha.d" >/dev/null 2>"$T/terr"
  grep -q "unknown directive '$1'" "$T/terr"
}
if unknown_to_t no_such_directive; then pass hacf_t_names_unknown_directives
else fail hacf_t_names_unknown_directives "heartbeatd -t said: $(head -c 300 "$T/terr")"; fi
bad=""
while read -r d; do unknown_to_t "$d" && bad+=" $d"; done <"$T/known"
[ -z "$bad" ] && pass hacf_parser_list_matches_t || fail hacf_parser_list_matches_t "unknown to heartbeatd -t:$bad"

# Tags of ha.cf.5's DIRECTIVES, from the source: the first word(s) of the line after each
# .TP or .TQ ("a, b, c" lists included).
awk '/^\.SH DIRECTIVES/ {f = 1; next} /^\.SH/ {f = 0}
     f && tag { line = $0; sub(/^\.[A-Z]+ +/, "", line); gsub(/\\f[BIRP]|"/, "", line);
                if (line ~ /^[a-z0-9_]+(, *[a-z0-9_]+)+$/) { n = split(line, w, /, */); for (i = 1; i <= n; i++) print w[i] }
                else { split(line, w, / /); print w[1] } }
     { tag = f && ($0 == ".TP" || $0 == ".TQ") }' doc/ha.cf.5 | sort -u >"$T/tags"
missing=$(comm -23 "$T/known" "$T/tags" | tr '\n' ' ')
[ -z "$missing" ] && pass hacf5_documents_every_directive || fail hacf5_documents_every_directive "not a tag in ha.cf.5 DIRECTIVES: $missing"
extra=$(comm -13 "$T/known" "$T/tags" | tr '\n' ' ')
[ -z "$extra" ] && pass hacf5_documents_only_directives || fail hacf5_documents_only_directives "tags the parser does not know: $extra"
