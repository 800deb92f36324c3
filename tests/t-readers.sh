#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-readers.sh - readers during a writer. While newsdex-index builds a
# collection (in small batches, so it commits often), newsdex-query and the
# CGI run in a loop against it: every query answers (valid JSON, or a page),
# none crashes; a query that meets DatabaseModifiedError reopens and
# retries. The collection starts with the samples so that it exists.
# shellcheck source=tests/lib.sh
. "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
need_python

C=$ND_TMP/coll
A=$ND_TMP/archive
ok "index the samples" newsdex_index -q -c "$C" "$top_srcdir/samples"
if [ -x "$NEWSDEX_SHARED/tools/gen-corpus" ]; then
    python3 "$NEWSDEX_SHARED/tools/gen-corpus" --articles 600 --seed 62 --out "$A" -q ||
        hard_error "gen-corpus failed"
else
    mkdir -p "$A"
    python3 - "$A" 600 <<'PY' || hard_error "cannot write the text articles"
import random, sys
out, n = sys.argv[1], int(sys.argv[2])
r = random.Random(62)
words = ("minister said market oil shares rose fell harbour strike talks bank "
         "rates election court ruling storm flood grain exports union wages").split()
for i in range(n):
    body = " ".join(r.choice(words) for _ in range(150))
    with open("%s/a%04d.txt" % (out, i), "w") as f:
        f.write("Dispatch %d on %s\n\n%s.\n" % (i, r.choice(words), body.capitalize()))
PY
fi
CGI=$top_builddir/newsdex.cgi

readers() {
    local n=0 fails=0 cgi=0 q st rc
    "$ND_INDEX" -q --batch 10 -j 1 -c "$C" "$A" >/dev/null 2>"$ND_TMP/ix.err" &
    local pid=$!
    while kill -0 $pid 2>/dev/null; do
        for q in said minister oil; do
            n=$((n + 1))
            "$ND_QUERY" -c "$C" --format json -n 20 --facets "$q" >"$ND_TMP/q.json" 2>"$ND_TMP/q.err"
            rc=$?
            if [ $rc != 0 ] || ! json "$ND_TMP/q.json" "j['total']" >/dev/null 2>&1; then
                fails=$((fails + 1))
                echo "query $q: exit $rc: $(head -2 "$ND_TMP/q.err")"
            fi
        done
        if [ -x "$CGI" ]; then
            cgi=$((cgi + 1))
            NEWSDEX_COLLECTION=$C REQUEST_METHOD=GET QUERY_STRING='q=said' "$CGI" >"$ND_TMP/cgi.out" 2>/dev/null
            rc=$?
            st=$(head -5 "$ND_TMP/cgi.out" | tr -d '\r' | sed -n 's/^Status: *\([0-9]*\).*/\1/ip' | head -1)
            if [ $rc != 0 ] || [ -n "$st" ]; then
                fails=$((fails + 1))
                echo "CGI: exit $rc, status $st"
            fi
        fi
    done
    wait $pid
    rc=$?
    echo "$n queries and $cgi CGI requests during indexing, $fails failed; the writer exited $rc"
    [ $rc = 0 ] && [ $fails = 0 ] && [ $n -ge 3 ]
}
ok "queries and CGI requests during a build: every one answers" readers
ok "the collection is sound afterwards" newsdex_index -q -c "$C" --verify

finish
