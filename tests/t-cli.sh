#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-cli.sh - the command-line contract of newsdex-index, newsdex-ingest and
# newsdex-query: --help and --version, exit codes (0 done, 1 failed, 2 usage,
# 3 done with skipped inputs), error messages that name what failed, the
# --report JSON, JSON output for awkward text, paging and --stats.
# shellcheck source=tests/lib.sh
. "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
need_python

A=$ND_TMP/archive
C=$ND_TMP/coll
mkdir -p "$A"
cp "$top_srcdir"/samples/text/* "$A"/ || hard_error "cannot copy samples/text"
chmod -R u+w "$A" # the source tree may be read-only (make distcheck)
# A broken file with the name of a news file: bytes no format reads.
printf '\000\001\002\003\377\376garbage\000\000\000\004\005\006\007\010\016\017' >"$A/x.xml"
head -c 2048 /dev/zero | tr '\0' '\001' >>"$A/x.xml"

# rc CMD...: run CMD, its output in $ND_TMP/out and $ND_TMP/err, and echo
# its exit status (so a check can say what it got).
rc() {
    "$@" >"$ND_TMP/out" 2>"$ND_TMP/err"
    echo $?
}
# expect_rc WANT CMD...: CMD exits with WANT.
expect_rc() {
    local want=$1 got
    shift
    got=$(rc "$@")
    if [ "$got" != "$want" ]; then
        echo "expected exit $want, got $got: $*"
        sed -n '1,5p' "$ND_TMP/err"
        return 1
    fi
}

# --- --help and --version ------------------------------------------------------
say "--help and --version"
for p in "$ND_INDEX" "$ND_INGEST" "$ND_QUERY"; do
    prog=$(basename "$p")
    ok "$prog --help exits 0 and prints the usage on stdout" \
        bash -c '"$1" --help >"$2" 2>/dev/null && grep -q "^Usage: $3" "$2"' _ "$p" "$ND_TMP/help" "$prog"
    ok "$prog --version exits 0 and names the program and version" \
        bash -c '"$1" --version >"$2" 2>/dev/null && grep -Eq "^$3 .*[0-9]+\.[0-9]+" "$2"' _ "$p" "$ND_TMP/version" "$prog"
done

# --- usage errors: exit 2 ------------------------------------------------------
say "usage errors exit 2"
ok "newsdex-query without a collection: exit 2" expect_rc 2 newsdex_query oil
ok "newsdex-index without a collection: exit 2" expect_rc 2 newsdex_index "$A"
ok "newsdex-index without a PATH: exit 2" expect_rc 2 newsdex_index -c "$C"
ok "newsdex-index --rebuild with a PATH: exit 2" expect_rc 2 newsdex_index -c "$C" --rebuild "$A"
ok "newsdex-ingest without a PATH: exit 2" expect_rc 2 newsdex_ingest
ok "newsdex-query without a query: exit 2" expect_rc 2 newsdex_query -c "$C"
for v in abc -1 '' 1x 99999999999999999999; do
    ok "newsdex-query -n '$v': exit 2" expect_rc 2 newsdex_query -c "$C" -n "$v" oil
done
ok "newsdex-query --offset x: exit 2" expect_rc 2 newsdex_query -c "$C" --offset x oil
ok "newsdex-query --format xml: exit 2" expect_rc 2 newsdex_query -c "$C" --format xml oil
ok "newsdex-index -j many: exit 2" expect_rc 2 newsdex_index -c "$C" -j many "$A"
ok "newsdex-index --batch 0: exit 2" expect_rc 2 newsdex_index -c "$C" --batch 0 "$A"
for p in index ingest query; do
    ok "newsdex-$p --no-such-option: exit 2" expect_rc 2 "newsdex_$p" --no-such-option
done
ok "a usage error creates no collection" test ! -e "$C"

# --- missing inputs -------------------------------------------------------------
say "missing collection, missing directory"
missing_coll() {
    expect_rc 1 newsdex_query -c "$ND_TMP/no-such-coll" oil || return 1
    grep -q 'no-such-coll' "$ND_TMP/err" || { echo "stderr does not name it:"; cat "$ND_TMP/err"; return 1; }
}
ok "query of a missing collection: exit 1, the message names it" missing_coll
missing_dir() {
    local got
    got=$(rc newsdex_index -c "$ND_TMP/coll-missing" "$ND_TMP/no-such-dir")
    echo "exit $got"
    cat "$ND_TMP/err"
    [ "$got" -ne 0 ] && [ "$got" -lt 128 ] && grep -q "$ND_TMP/no-such-dir" "$ND_TMP/err"
}
ok "index of a missing directory: non-zero exit, the message names it" missing_dir

# --- a broken file is skipped: exit 3 ---------------------------------------------
say "a broken file among good ones"
got=$(rc newsdex_index -c "$C" --report "$ND_TMP/report.json" "$A")
cp "$ND_TMP/err" "$ND_TMP/index.err"
if [ "$got" = 3 ]; then
    pass "index with a broken file: exit 3 (done, inputs skipped)"
else
    fail "index with a broken file: exit 3 (done, inputs skipped)" "got exit $got; stderr: $(cat "$ND_TMP/index.err")"
fi
named_on_stderr() {
    local line
    while IFS= read -r line; do
        case $line in
        "newsdex-index: $A/x.xml: "?*) return 0 ;;
        esac
    done <"$ND_TMP/index.err"
    echo "no line 'newsdex-index: $A/x.xml: reason' in:"
    cat "$ND_TMP/index.err"
    return 1
}
ok "stderr says 'newsdex-index: PATH: reason' for the broken file" named_on_stderr
report_ok() {
    python3 - "$ND_TMP/report.json" "$A/x.xml" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
bad = []
for k in ("files_seen", "files_skipped", "articles_added", "articles_updated",
          "articles_unchanged", "articles_removed"):
    if not isinstance(r.get(k), int) or isinstance(r.get(k), bool):
        bad.append("%s missing or not an integer: %r" % (k, r.get(k)))
errs = r.get("errors")
if not isinstance(errs, list):
    bad.append("errors is not a list: %r" % (errs,))
else:
    for e in errs:
        if not isinstance(e, dict) or not isinstance(e.get("path"), str) or not isinstance(e.get("reason"), str) or not e["reason"]:
            bad.append("an error without path and reason: %r" % (e,))
    if not any(isinstance(e, dict) and e.get("path") == sys.argv[2] for e in errs):
        bad.append("the broken file %s is not in errors: %r" % (sys.argv[2], errs))
if r.get("files_skipped") != 1:
    bad.append("files_skipped = %r, expected 1" % r.get("files_skipped"))
if r.get("articles_added") != 6:
    bad.append("articles_added = %r, expected 6 (samples/text)" % r.get("articles_added"))
if bad:
    sys.exit("\n".join(bad))
EOF
}
ok "--report: the counters, and errors [{path, reason}] holding the broken file" report_ok

# --- queries -------------------------------------------------------------------------
say "query syntax errors, paging, JSON"
bad_syntax() {
    local f got
    for f in text json; do
        got=$(rc newsdex_query -c "$C" --format "$f" '((oil AND')
        echo "format $f: exit $got"
        [ "$got" -lt 128 ] || { echo "crashed"; return 1; }
        if [ "$got" = 0 ]; then
            if [ "$f" = json ]; then
                json "$ND_TMP/out" 'j["hits"]' >/dev/null || return 1
            fi
        else
            # a clean error: one message naming the program, nothing on stdout
            grep -q '^newsdex-query: ' "$ND_TMP/err" || { echo "no clean message:"; cat "$ND_TMP/err"; return 1; }
            [ ! -s "$ND_TMP/out" ] || { echo "output despite the error:"; head -5 "$ND_TMP/out"; return 1; }
        fi
    done
}
ok "an unbalanced query '((oil AND': results or a clean error, no crash" bad_syntax

count_zero() {
    expect_rc 0 newsdex_query -c "$C" --format json -n 0 oil || return 1
    json "$ND_TMP/out" 'j["hits"] == [] and j["count"] == 0 and j["total"] >= 1' | grep -qx True ||
        { cat "$ND_TMP/out"; return 1; }
}
ok "-n 0: exit 0, valid JSON with no hits (and the total)" count_zero
past_end() {
    expect_rc 0 newsdex_query -c "$C" --format json --offset 1000 said || return 1
    json "$ND_TMP/out" 'j["hits"] == [] and j["count"] == 0' | grep -qx True ||
        { cat "$ND_TMP/out"; return 1; }
}
ok "--offset past the end: exit 0, valid JSON with no hits" past_end
offset_echo() {
    local k
    for k in 1 1000; do
        newsdex_query -c "$C" --format json --offset "$k" said >"$ND_TMP/out" || return 1
        [ "$(json "$ND_TMP/out" 'j["offset"]')" = "$k" ] ||
            { echo "--offset $k: JSON says \"offset\": $(json "$ND_TMP/out" 'j["offset"]')"; return 1; }
    done
}
ok "JSON \"offset\" is the offset asked for (also past the end)" offset_echo
paging() {
    newsdex_query -c "$C" --format json -n 3 said >"$ND_TMP/all.json" &&
        newsdex_query -c "$C" --format json -n 1 --offset 1 said >"$ND_TMP/p2.json" || return 1
    python3 - "$ND_TMP/all.json" "$ND_TMP/p2.json" <<'EOF'
import json, sys
a, b = (json.load(open(f, encoding="utf-8"))["hits"] for f in sys.argv[1:3])
if len(a) < 2 or len(b) != 1 or b[0]["id"] != a[1]["id"] or b[0]["rank"] != 2:
    sys.exit("page 2 of size 1 is not hit 2: %r vs %r" % ([h["id"] for h in a], [(h["id"], h["rank"]) for h in b]))
EOF
}
ok "--offset 1 -n 1 gives the second hit, rank 2" paging

# Text with quotes, backslashes, a tab and a bell. The short file is the
# one of the acceptance checks: one control byte in 80 must not make a text
# file "binary". The longer one checks the escaping even when the short
# one is refused.
W=$ND_TMP/awkward
mkdir -p "$W/short" "$W/long"
printf 'Quote "q" back\\slash\n\nBody with "quotes", a tab\tand \\ slash, bell \a zqwxjson.\n' >"$W/short/a.txt"
{
    printf 'Quote "q" and a back\\slash\ttab\n\n'
    printf 'Body with "quotes", a tab\tand a \\ back\\slash, a bell \a and zqwxlong.\n\n'
    for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
        printf 'Paragraph %d says "this" and \\that\\ again, with\ttabs.\n\n' "$i"
    done
} >"$W/long/b.txt"
awkward_json() { # DIR WORD: index DIR, one valid JSON hit for WORD, with the title intact
    local dir=$1 word=$2
    newsdex_index -q -c "$ND_TMP/coll-$word" "$dir"
    echo "newsdex-index: exit $?"
    newsdex_query -c "$ND_TMP/coll-$word" --format json "$word" >"$ND_TMP/$word.json" || return 1
    python3 - "$ND_TMP/$word.json" <<'EOF'
import json, sys
raw = open(sys.argv[1], "rb").read()
j = json.loads(raw.decode("utf-8"))
h = j["hits"]
if len(h) != 1:
    sys.exit("expected 1 hit, got %d" % len(h))
t = h[0]["title"]
if '"q"' not in t or "back\\slash" not in t:
    sys.exit("title lost its quotes or backslash: %r" % t)
for k, v in h[0].items():
    if isinstance(v, str) and any(ord(c) < 0x20 for c in v):
        sys.exit("control character left in %s: %r" % (k, v))
EOF
}
ok "JSON is valid for text with quotes, backslashes, a tab and a bell" awkward_json "$W/long" zqwxlong
ok "a short text file holding one bell character is indexed, and its JSON is valid" awkward_json "$W/short" zqwxjson
awkward_text() {
    newsdex_query -c "$ND_TMP/coll-zqwxlong" zqwxlong >"$ND_TMP/t.txt" || return 1
    if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$ND_TMP/t.txt"; then
        echo "control characters in the text output:"
        cat -A "$ND_TMP/t.txt" | head -10
        return 1
    fi
}
ok "text output holds no control characters" awkward_text

# --- --stats ---------------------------------------------------------------------------
say "--stats"
stats_text() {
    expect_rc 0 newsdex_query -c "$C" --stats || return 1
    cat "$ND_TMP/out"
    grep -Eq '^articles:[[:space:]]+6$' "$ND_TMP/out"
}
ok "--stats as text: exit 0, 'articles: 6'" stats_text
stats_json() {
    expect_rc 0 newsdex_query -c "$C" --stats --format json || return 1
    python3 - "$ND_TMP/out" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
if s.get("schema") != "newsdex-stats/1" or s.get("articles") != 6:
    sys.exit("unexpected stats: %r" % s)
EOF
}
ok "--stats --format json: schema newsdex-stats/1, articles 6" stats_json

# --- newsdex-ingest ----------------------------------------------------------------------
say "newsdex-ingest"
if have script && script --version 2>&1 | grep -q util-linux; then
    tty_refused() {
        # script(1) gives the program a terminal for stdout
        script -qec "'$ND_INGEST' '$A'" /dev/null </dev/null >"$ND_TMP/tty.out" 2>&1
        local got=$?
        echo "exit $got"
        cat -v "$ND_TMP/tty.out" | head -3
        [ "$got" = 2 ] && grep -q 'terminal' "$ND_TMP/tty.out" && ! LC_ALL=C grep -q "$(printf '\037\213')" "$ND_TMP/tty.out"
    }
    ok "newsdex-ingest refuses to write to a terminal (exit 2)" tty_refused
else
    skip "newsdex-ingest refuses to write to a terminal" "needs util-linux script(1) for a terminal"
fi
O=$ND_TMP/stream.warc.gz
no_leftovers() { # no temporary file of -o FILE is left beside it
    local f
    for f in "$O".*; do
        [ -e "$f" ] || continue
        echo "left behind: $f"
        return 1
    done
}
ingest_fails_keeps() {
    echo OLD >"$O"
    local got
    got=$(rc newsdex_ingest -o "$O" "$ND_TMP/no-such-dir")
    echo "exit $got"
    [ "$got" -ne 0 ] && [ "$got" -lt 128 ] || return 1
    [ "$(cat "$O")" = OLD ] || { echo "FILE was replaced by a failed run"; return 1; }
    no_leftovers
}
ok "newsdex-ingest -o FILE: a failed run leaves FILE as it was (and no temporary)" ingest_fails_keeps
ingest_writes() {
    local got
    got=$(rc newsdex_ingest -o "$O" "$A")
    echo "exit $got (3 expected: x.xml is skipped)"
    [ "$got" = 3 ] || return 1
    [ "$(gzip -dc "$O" | head -n 1 | tr -d '\r')" = WARC/1.1 ] || { echo "not a WARC stream"; return 1; }
    [ "$(gzip -dc "$O" | grep -ac '^WARC-Type: conversion')" = 6 ] || { echo "not 6 records"; return 1; }
    no_leftovers
    [ ! -s "$ND_TMP/out" ] || { echo "wrote to stdout despite -o"; return 1; }
}
ok "newsdex-ingest -o FILE: replaced by a run that completes (6 records, exit 3)" ingest_writes

# -o naming a FIFO (or /dev/null): written in place, the FIFO stays one
ingest_fifo() {
    local F=$ND_TMP/stream.fifo got
    mkfifo "$F" || return 1
    timeout 120 cat "$F" >"$ND_TMP/fifo.out" & # no hang if never opened
    got=$(rc newsdex_ingest -o "$F" "$A")
    wait
    echo "exit $got"
    [ "$got" = 3 ] || return 1
    [ -p "$F" ] || { echo "the FIFO was replaced"; return 1; }
    [ "$(gzip -dc "$ND_TMP/fifo.out" | grep -ac '^WARC-Type: conversion')" = 6 ] ||
        { echo "not 6 records through the FIFO"; return 1; }
    ! ls "$ND_TMP"/stream.fifo.tmp-* >/dev/null 2>&1 || { echo "temporary file left"; return 1; }
}
ok "newsdex-ingest -o FIFO: written in place, not replaced by a file" ingest_fifo

# --- one writer at a time: a second one exits 4 at once ------------------------
# The first writer reads a stream from a FIFO nobody writes yet: it holds the
# collection's lock until the FIFO closes.
second_writer() {
    local L=$ND_TMP/locked F=$ND_TMP/hold.fifo got pid
    mkfifo "$F" || return 1
    "$ND_INGEST" -o "$ND_TMP/hold.warc.gz" "$A" 2>/dev/null
    "$ND_INDEX" -q -c "$L" - <"$F" &
    pid=$!
    exec 7>"$F" # open the FIFO's writing end: the first writer starts
    local i
    for i in $(seq 1 100); do { [ -e "$L/iamglass" ] || [ -e "$L/XAPIANDB" ]; } && break; sleep 0.1; done
    got=$(rc timeout 20 "$ND_INDEX" -q -c "$L" "$A")
    cat "$ND_TMP/hold.warc.gz" >&7
    exec 7>&- # EOF: the first writer ends
    wait $pid
    local first=$?
    echo "second writer: exit $got: $(cat "$ND_TMP/err")"
    echo "first writer: exit $first"
    [ "$got" = 4 ] && grep -q "collection is locked: process $pid " "$ND_TMP/err" &&
        [ "$first" = 0 ] && [ "$(rc newsdex_index -c "$L" --verify)" = 0 ]
}
ok "a second newsdex-index on a collection being written exits 4 naming the writer" second_writer

finish
