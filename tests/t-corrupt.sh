#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-corrupt.sh - damaged collections give clean errors. Each file of a
# collection in turn is truncated to half, zeroed, and has 64 bytes
# bit-flipped at a third of its length. Then newsdex-query exits 0 (the
# damage was not on its path) or 1 with a message, never a signal or an
# uncaught C++ exception; the CGI answers with a page or a 503, never a
# crash or another 5xx; newsdex-index --verify exits 5 naming the damaged
# file (when the damage shows at all: flipped bytes in unused space may
# not); --repair then gives a collection that --verify passes, or fails
# cleanly when the tables themselves are beyond reading.
# shellcheck source=tests/lib.sh
. "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
need_python

C=$ND_TMP/clean
ok "index the samples" newsdex_index -q -c "$C" "$top_srcdir/samples"
ok "--verify passes on a sound collection" newsdex_index -q -c "$C" --verify
CGI=$top_builddir/newsdex.cgi
[ -n "${NEWSDEX_BINDIR:-}" ] && CGI=$(find "$NEWSDEX_BINDIR/.." -name newsdex.cgi -type f 2>/dev/null | head -1)

damage() { # damage HOW FILE
    case $1 in
    truncate) truncate -s $(($(stat -c %s "$2") / 2)) "$2" ;;
    zero) dd if=/dev/zero of="$2" bs="$(stat -c %s "$2")" count=1 conv=notrunc status=none ;;
    flip) python3 - "$2" <<'PY' ;;
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
for i in range(len(b) // 3, min(len(b), len(b) // 3 + 64)):
    b[i] ^= 0xFF
open(p, "wb").write(b)
PY
    esac
}

crashed() { # crashed RC ERRFILE: a signal or an uncaught exception
    [ "$1" -ge 128 ] || grep -q -E 'terminate called|Segmentation|Aborted|AddressSanitizer|runtime error' "$2"
}

corruptions() {
    local f how d rc n=0 bad=0 named=0 damaged=0
    for f in $(cd "$C" && ls); do
        [ "$f" = flintlock ] && continue
        for how in truncate zero flip; do
            d=$ND_TMP/cc
            rm -rf "$d" && cp -a "$C" "$d"
            damage $how "$d/$f"
            n=$((n + 1))
            "$ND_QUERY" -c "$d" --format json said >"$ND_TMP/q.out" 2>"$ND_TMP/q.err"
            rc=$?
            if crashed $rc "$ND_TMP/q.err" || { [ $rc != 0 ] && [ $rc != 1 ]; } ||
                { [ $rc = 1 ] && [ ! -s "$ND_TMP/q.err" ]; }; then
                echo "$how $f: newsdex-query exit $rc: $(head -2 "$ND_TMP/q.err")"
                bad=$((bad + 1))
            fi
            if [ -x "$CGI" ]; then
                NEWSDEX_COLLECTION=$d REQUEST_METHOD=GET QUERY_STRING='q=said' "$CGI" >"$ND_TMP/cgi.out" 2>"$ND_TMP/cgi.err"
                rc=$?
                local st
                st=$(head -5 "$ND_TMP/cgi.out" | tr -d '\r' | sed -n 's/^Status: *\([0-9]*\).*/\1/ip' | head -1)
                if crashed $rc "$ND_TMP/cgi.err" || { [ -n "$st" ] && [ "${st:0:1}" = 5 ] && [ "$st" != 503 ]; }; then
                    echo "$how $f: CGI exit $rc, status ${st:-200}"
                    bad=$((bad + 1))
                fi
            fi
            "$ND_INDEX" -c "$d" --verify >"$ND_TMP/v.out" 2>&1
            rc=$?
            if crashed $rc "$ND_TMP/v.out" || { [ $rc != 0 ] && [ $rc != 5 ]; }; then
                echo "$how $f: --verify exit $rc: $(head -2 "$ND_TMP/v.out")"
                bad=$((bad + 1))
            elif [ $rc = 5 ]; then
                damaged=$((damaged + 1))
                if grep -q "$f" "$ND_TMP/v.out"; then named=$((named + 1)); else
                    echo "$how $f: --verify does not name $f: $(head -2 "$ND_TMP/v.out")"
                    bad=$((bad + 1))
                fi
                "$ND_INDEX" -q -c "$d" --repair >"$ND_TMP/r.out" 2>&1
                rc=$?
                if crashed $rc "$ND_TMP/r.out"; then
                    echo "$how $f: --repair crashed"; bad=$((bad + 1))
                elif [ $rc = 0 ] || [ $rc = 3 ]; then
                    "$ND_INDEX" -q -c "$d" --verify >/dev/null 2>&1 ||
                        { echo "$how $f: --verify fails after --repair"; bad=$((bad + 1)); }
                fi
            fi
        done
    done
    echo "$n corruptions: $damaged found damaged by --verify (the file named in $named), $bad bad"
    [ "$bad" = 0 ] && [ "$n" -gt 0 ]
}
ok "truncated, zeroed, bit-flipped files: clean errors, 503s, --verify names the file" corruptions

ok "--verify on a missing collection: exit 1" bash -c "'$ND_INDEX' -c '$ND_TMP/none' --verify; [ \$? = 1 ]"

finish
