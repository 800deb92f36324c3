#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-kill.sh - kill -9 while indexing loses and duplicates nothing.
# An archive (gen-corpus from ../shared when there, else the bundled
# samples plus generated plain text) is indexed once cleanly; then runs are
# killed with SIGKILL (a) at random moments and (b) under gdb at every
# commit, once just before the commit (at ndi_xdb_commit) and once just
# after it. After each kill: xapian-check (or --verify) passes, a rerun
# completes, it holds as many articles as the clean run and a fixed set of
# queries gives the same answers. ND_LONG=1: 3000 articles, 20 random
# kills, every commit (slow); by default 120 articles, 3 random kills.
# shellcheck source=tests/lib.sh
. "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
need_python

LONG=${ND_LONG:-0}
if [ "$LONG" = 1 ]; then NART=3000 KILLS=20 BATCH=100; else NART=120 KILLS=3 BATCH=40; fi
A=$ND_TMP/archive
if [ -x "$NEWSDEX_SHARED/tools/gen-corpus" ]; then
    python3 "$NEWSDEX_SHARED/tools/gen-corpus" --articles "$NART" --seed 61 --out "$A" -q ||
        hard_error "gen-corpus failed"
    say "archive: gen-corpus, $NART articles"
else
    # the bundled samples plus deterministic plain-text articles
    mkdir -p "$A/gen" && cp -R "$top_srcdir/samples/." "$A/" || hard_error "cannot copy the samples"
    python3 - "$A/gen" "$NART" <<'PY' || hard_error "cannot write the text articles"
import random, sys
out, n = sys.argv[1], int(sys.argv[2])
r = random.Random(61)
words = ("minister said market oil shares rose fell harbour strike talks bank "
         "rates election court ruling storm flood grain exports union wages").split()
for i in range(n):
    body = " ".join(r.choice(words) for _ in range(120))
    with open("%s/a%04d.txt" % (out, i), "w") as f:
        f.write("Report number %d on %s\n\n%s.\n" % (i, r.choice(words), body.capitalize()))
PY
    say "archive: samples plus $NART generated text articles"
fi
QUERIES="minister oil said market harbour strike bank"

count() { newsdex_query -c "$1" --stats --format json | json - "j['articles']"; }
# answers COLL: the ranked answers to the fixed queries, one line each
answers() {
    local q
    for q in $QUERIES; do
        newsdex_query -c "$1" --format json -n 10 "$q" |
            json - "'$q %d %s' % (j['total'], [(h['path'], h.get('item'), h['title']) for h in j['hits']])" ||
            echo "$q: query failed"
    done
}
xcheck() {
    if have xapian-check; then xapian-check "$1" >/dev/null; else newsdex_index -q -c "$1" --verify; fi
}

ok "a clean run" newsdex_index -q --batch "$BATCH" -c "$ND_TMP/clean" "$A"
NCLEAN=$(count "$ND_TMP/clean")
answers "$ND_TMP/clean" >"$ND_TMP/clean.ans"
[ "${NCLEAN:-0}" -gt 0 ] || hard_error "the clean run indexed nothing"
say "clean: $NCLEAN articles"

# after_kill NAME COLL: the checks after a kill; echoes what it found
after_kill() {
    local c=$2
    if [ -e "$c/iamglass" ] && ! xcheck "$c"; then echo "$1: the check fails after the kill"; return 1; fi
    newsdex_index -q --batch "$BATCH" -c "$c" "$A" || { echo "$1: the rerun failed"; return 1; }
    newsdex_index -q -c "$c" --verify || { echo "$1: --verify fails after the rerun"; return 1; }
    local n
    n=$(count "$c")
    [ "$n" = "$NCLEAN" ] || { echo "$1: $n articles, the clean run has $NCLEAN"; return 1; }
    answers "$c" >"$ND_TMP/k.ans"
    cmp -s "$ND_TMP/clean.ans" "$ND_TMP/k.ans" || {
        echo "$1: answers differ"
        diff "$ND_TMP/clean.ans" "$ND_TMP/k.ans" | head -5
        return 1
    }
}

# (a) random moments: somewhere in the first 90% of a clean run's time
T0=$(date +%s.%N)
newsdex_index -q --batch "$BATCH" -c "$ND_TMP/timed" "$A" >/dev/null 2>&1
DUR=$(python3 -c "import time; print(max(0.2, time.time() - $T0))")
random_kills() {
    local i c pid bad=0 at
    for i in $(seq 1 "$KILLS"); do
        c=$ND_TMP/r$i
        at=$(python3 -c "import random; random.seed($i); print(round(random.uniform(0.05, 0.9) * $DUR, 2))")
        "$ND_INDEX" -q --batch "$BATCH" -c "$c" "$A" >/dev/null 2>&1 &
        pid=$!
        sleep "$at"
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        after_kill "random kill $i at ${at}s" "$c" || bad=$((bad + 1))
        rm -rf "$c"
    done
    echo "$KILLS random kills, $bad bad"
    [ "$bad" = 0 ]
}
ok "kill -9 at $KILLS random moments: sound, rerun complete, same answers" random_kills

# (b) every commit, under gdb: SIGKILL just before commit k and just after
commit_kills() {
    local k c bad=0 n=0 where out
    for k in $(seq 1 200); do
        for where in before after; do
            c=$ND_TMP/c$k$where
            local fin=()
            [ $where = after ] && fin=(-ex finish)
            out=$(timeout 120 gdb -q -batch -ex 'set breakpoint pending on' \
                -ex 'break ndi_xdb_commit' -ex "ignore 1 $((k - 1))" -ex run "${fin[@]}" \
                -ex 'signal SIGKILL' --args "$ND_INDEX" -q --batch "$BATCH" -c "$c" "$A" 2>&1)
            if ! grep -q 'Breakpoint 1, ' <<<"$out"; then
                rm -rf "$c"
                echo "$n kill points at $((k - 1)) commits, $bad bad"
                [ "$bad" = 0 ] && [ "$n" -ge 2 ]
                return
            fi
            n=$((n + 1))
            after_kill "kill $where commit $k" "$c" || bad=$((bad + 1))
            rm -rf "$c"
        done
    done
    echo "more than 200 commits: stopped; $n kill points, $bad bad"
    [ "$bad" = 0 ]
}
if ! have gdb; then
    skip "kill -9 at every commit" "needs gdb"
elif [ "${ND_SANITIZERS:-0}" = 1 ]; then
    skip "kill -9 at every commit" "gdb and the sanitizers do not mix"
elif ! gdb -q -batch -ex run --args /bin/true >/dev/null 2>&1; then
    skip "kill -9 at every commit" "gdb cannot trace here (ptrace denied)"
elif [ "$(head -c 2 "$ND_INDEX")" = '#!' ]; then
    skip "kill -9 at every commit" "the program is a libtool wrapper"
else
    ok "kill -9 just before and just after every commit: sound, rerun complete, same answers" commit_kills
fi

finish
