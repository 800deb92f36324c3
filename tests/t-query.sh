#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-query.sh - the query language of newsdex-query against a generated
# archive (gen-corpus of $NEWSDEX_SHARED) and its manifest: date: filters
# and -n without a cap, --sort, person: with full names and surnames,
# --facets and --histogram counts, --format trec, --like, "did you mean",
# --explain and usage errors of the new options.
# shellcheck source=tests/lib.sh
. "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
need_python
need_shared tools/gen-corpus "the generated corpus"

G=$ND_TMP/gen
C=$ND_TMP/coll
say "generating and indexing 300 articles"
python3 "$NEWSDEX_SHARED/tools/gen-corpus" --articles 300 --seed 11 --out "$G" \
    --dup-rate 0.05 --gzip-rate 0.1 -q || hard_error "gen-corpus failed"
newsdex_index -q -c "$C" "$G" || hard_error "newsdex-index failed"
M=$G/manifest.tsv

# py SCRIPT ARGS...: run a python check with the manifest rows in 'rows'
# and q(*args) running newsdex-query --format json --no-collapse (every
# article a hit of its own, as the manifest counts them).
py() {
    python3 - "$M" "$C" "$ND_QUERY" "$@" <<EOF
import collections, json, subprocess, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8") if not l.startswith("#")]
coll, query, args = sys.argv[2], sys.argv[3], sys.argv[4:]
def q(*a):
    out = subprocess.run([query, "-c", coll, "--format", "json", "--no-collapse"] + list(a), capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("newsdex-query %s: exit %d: %s" % (a, out.returncode, out.stderr))
    return json.loads(out.stdout)
$1
EOF
}

all_dates() {
    py '
j = q("-n", "1000000", "--snippet", "0", "date:1900-01-01..2100-01-01")
print(len(j["hits"]), len(rows))
sys.exit(0 if len(j["hits"]) == len(rows) else 1)'
}
ok "date:1900-01-01..2100-01-01 -n 1000000 lists every article" all_dates

pages() {
    # the same output read in pages of 7 hits as in one
    NEWSDEX_PAGE=7 newsdex_query -c "$C" --format json -n 100 --offset 3 \
        --facets --snippet 0 'date:2024' >"$ND_TMP/p7.json" &&
        newsdex_query -c "$C" --format json -n 100 --offset 3 --facets \
            --snippet 0 'date:2024' >"$ND_TMP/p1.json" &&
        NEWSDEX_PAGE=7 newsdex_query -c "$C" --format trec -n 30 'date:2024' >"$ND_TMP/t7" &&
        newsdex_query -c "$C" --format trec -n 30 'date:2024' >"$ND_TMP/t1" &&
        cmp "$ND_TMP/t7" "$ND_TMP/t1" &&
        python3 -c 'import json, sys; a, b = (json.load(open(f)) for f in sys.argv[1:]); sys.exit(0 if a == b and a["count"] == 100 else 1)' \
            "$ND_TMP/p7.json" "$ND_TMP/p1.json"
}
ok "hits printed page by page (NEWSDEX_PAGE=7) equal one page: JSON and TREC" pages

month() {
    py '
n = sum(1 for r in rows if r[1].startswith("2024-03"))
a = q("-n", "100000", "date:2024-03-01..2024-03-31")["hits"]
b = q("-n", "100000", "date:2024-03")["hits"]
c = q("-n", "100000", "date:..2024-02-29")["hits"]
m = sum(1 for r in rows if r[1] < "2024-03")
print(n, len(a), len(b), m, len(c))
sys.exit(0 if len(a) == len(b) == n and len(c) == m else 1)'
}
ok "date:2024-03, date:2024-03-01..2024-03-31 and date:..2024-02-29 match the manifest" month

sorted_dates() {
    py '
d = [h["date"] for h in q("--sort", "date", "-n", "50", "date:2024")["hits"]]
o = [h["date"] for h in q("--sort", "oldest", "-n", "50", "date:2024")["hits"]]
sys.exit(0 if len(d) == 50 and d == sorted(d, reverse=True) and o == sorted(o) and o[0] < d[-1] else 1)'
}
ok "--sort date: newest first; --sort oldest: oldest first" sorted_dates

person() {
    py '
cnt = collections.Counter(e[4:] for r in rows for e in r[4].split(";") if e.startswith("PER:"))
name, n = cnt.most_common(1)[0]
a = q("-n", "100000", "person:\"%s\"" % name)["hits"]
b = q("-n", "100000", "person:\"%s\"" % name.upper())["hits"]
print(name, n, len(a), len(b))
sys.exit(0 if len(a) == len(b) and len(a) > 0 else 1)'
}
ok "person:\"Full Name\" in any case" person

facets() {
    py '
src = collections.Counter(r[2] for r in rows if r[1].startswith("2024-0"))
j = q("--facets", "--histogram", "month", "-n", "1", "date:2024-01..2024-09")
f = j["facets"]
months = collections.Counter(r[1][:7] for r in rows if r[1] < "2024-10")
ok = {m["name"]: m["count"] for m in f["month"]} == dict(months)
ok = ok and {h["period"]: h["count"] for h in j["histogram"]} == dict(months)
ok = ok and all(k in f for k in ("person", "place", "org", "source", "related"))
ok = ok and [x["count"] for x in f["source"]] == sorted([x["count"] for x in f["source"]], reverse=True)
print(f["month"][:3], j["histogram"][:3])
sys.exit(0 if ok else 1)'
}
ok "--facets month and --histogram month count every match (page of 1)" facets

trec() {
    newsdex_query -c "$C" --format trec --qid 42 -n 5 'date:2024' >"$ND_TMP/run" || return 1
    awk 'NF != 6 || $1 != "42" || $2 != "Q0" || $4 != NR || $6 != "newsdex" { bad = 1 } END { exit bad || NR != 5 }' "$ND_TMP/run"
}
ok "--format trec --qid: 'qid Q0 docno rank score tag', ranks from 1" trec

like() {
    py '
d = [r for r in rows if r[5] != "-"][:5]
byp = {h["path"]: h for h in q("-n", "100000", "--snippet", "0", "date:1900..2100")["hits"]}
def find(key):
    path, _, item = key.partition("#")
    return next((h for p, h in byp.items() if p.endswith(path) and (not item or str(h["item"]) == item)), None)
good = n = 0
for r in d:
    o, c = find(r[5]), find(r[0])
    if not o or not c: continue
    n += 1
    hits = q("-n", "3", "--like", o["id"])["hits"]
    good += any(h["id"] == c["id"] for h in hits) and all(h["id"] != o["id"] for h in hits)
print(good, n)
sys.exit(0 if n and good >= 0.8 * n else 1)'
}
ok "--like ID: near-duplicates in the top 3, never the article itself" like

suggest() {
    py '
cnt = collections.Counter(e[4:].split()[-1] for r in rows for e in r[4].split(";") if e.startswith("PER:"))
name = next(s for s, _ in cnt.most_common() if len(s) >= 7 and s.isascii())
j = q(name[:3] + name[4:])
print(name, j.get("suggestion"))
sys.exit(0 if name.lower() in j.get("suggestion", "").lower() else 1)'
}
ok "did you mean: a surname missing a letter" suggest

explain() {
    newsdex_query -c "$C" --explain -n 1 'summit date:2024-03' >/dev/null 2>"$ND_TMP/ex" || return 1
    grep -q '^date filter: 2024-03-01T00:00:00Z .. 2024-03-31T23:59:59Z' "$ND_TMP/ex" &&
        grep -q '^understood as: ' "$ND_TMP/ex"
}
ok "--explain: the parsed query and the date range" explain

usage() {
    local o
    for o in "--sort sideways" "--histogram week" "--like nothex" "--format xml"; do
        # shellcheck disable=SC2086
        newsdex_query -c "$C" $o oil >/dev/null 2>&1
        [ $? -eq 2 ] || { echo "$o: not a usage error"; return 1; }
    done
    newsdex_query -c "$C" 'date:2024-13' >/dev/null 2>"$ND_TMP/err"
    [ $? -eq 2 ] && grep -q '2024-13' "$ND_TMP/err"
}
ok "bad --sort, --histogram, --like, --format and date: values are usage errors" usage

finish
