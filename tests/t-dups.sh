#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-dups.sh - near-duplicate clusters end to end. Always: the hand-made
# stories of tests/data/dups (a wire story, its "UPDATE 1-" copy as an HTML
# page from another source, and a different story on the same subject):
# the copy and the original share a cluster, collapse shows one hit with
# "+1 similar" / duplicates 1, --show-duplicates names the other,
# --no-collapse shows all; the cluster is the same whichever comes first
# and survives an incremental run. With ../shared: pairwise precision and
# recall against gen-corpus's dup_of ground truth.
# shellcheck source=tests/lib.sh
. "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
need_python

D=$ND_TMP/dups
cp -R "$ND_TEST_DATA/dups" "$D" || hard_error "cannot copy the fixtures"
C=$ND_TMP/coll
Q='harbour strike Rotterdam'

# cluster_of COLL FILE: the cluster key of the article from FILE (or None)
cluster_of() {
    newsdex_query -c "$1" --format json --no-collapse --snippet 0 "$Q" |
        json - "[h['cluster'] for h in j['hits'] if h['path'].endswith('/$2')][0]"
}

ok "index the three stories" newsdex_index -q -c "$C" "$D"

same_cluster() {
    local a b o
    a=$(cluster_of "$C" wire-original.txt) && b=$(cluster_of "$C" wire-update.html) &&
        o=$(cluster_of "$C" other.txt) || return 1
    echo "original $a, update $b, other $o"
    [ "$a" = "$b" ] && [ "$a" != None ] && [ "$o" = None ]
}
ok "the copy and the original share a cluster; the other story has none" same_cluster

collapsed() {
    newsdex_query -c "$C" --format json --snippet 0 --show-duplicates "$Q" >"$ND_TMP/c.json" &&
        python3 - "$ND_TMP/c.json" <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))["hits"]
mem = [x for x in h if "/wire-" in x["path"]]
assert len(h) == 2 and len(mem) == 1, [x["path"] for x in h]
assert mem[0]["duplicates"] == 1, mem[0]
other = [x for x in h if x["path"].endswith("/other.txt")][0]
assert other["duplicates"] == 0 and "duplicate_ids" not in other, other
print("duplicate_ids", mem[0]["duplicate_ids"])
assert len(mem[0]["duplicate_ids"]) == 1 and mem[0]["duplicate_ids"][0] != mem[0]["id"]
PY
}
ok "collapsed by default: one hit for the pair with duplicates 1 and the other's id" collapsed

no_collapse() {
    newsdex_query -c "$C" --format json --no-collapse --snippet 0 "$Q" |
        json - "len(j['hits']) == 3 and all(h['duplicates'] == 0 for h in j['hits'])" |
        grep -qx True
}
ok "--no-collapse shows all three" no_collapse
ok "text output says +1 similar" bash -c \
    "'$ND_QUERY' -c '$C' '$Q' | grep -q '+1 similar'"

key=$(cluster_of "$C" wire-update.html)
touch "$D/wire-original.txt" "$D/wire-update.html"
ok "an incremental run over unchanged files" newsdex_index -q -c "$C" "$D"
ok "keeps the cluster key" test "$(cluster_of "$C" wire-update.html)" = "$key"

# The copy first, the original in a later run: still one cluster.
C2=$ND_TMP/coll2
mkdir -p "$ND_TMP/first" "$ND_TMP/later"
cp "$D/wire-update.html" "$ND_TMP/first/"
cp "$D/wire-original.txt" "$D/other.txt" "$ND_TMP/later/"
reverse_order() {
    newsdex_index -q -c "$C2" "$ND_TMP/first" &&
        newsdex_index -q -c "$C2" "$ND_TMP/later" || return 1
    local a b
    a=$(cluster_of "$C2" wire-original.txt) && b=$(cluster_of "$C2" wire-update.html) || return 1
    echo "original $a, update $b"
    [ "$a" = "$b" ] && [ "$a" != None ]
}
ok "copy indexed before its original, in another run: one cluster" reverse_order

# --- generated archive with ground truth ------------------------------------
if [ ! -e "$NEWSDEX_SHARED/tools/gen-corpus" ]; then
    skip "near-duplicate precision and recall on a generated archive" \
        "../shared not found (set NEWSDEX_SHARED)"
    finish
fi
G=$ND_TMP/gen
python3 "$NEWSDEX_SHARED/tools/gen-corpus" --articles 800 --seed 11 --out "$G" \
    --dup-rate 0.1 --gzip-rate 0.1 -q || hard_error "gen-corpus failed"
ok "index the generated archive" newsdex_index -q -c "$ND_TMP/gcoll" "$G"
pairs() {
    newsdex_query -c "$ND_TMP/gcoll" --format json --no-collapse --snippet 0 \
        -n 1000000 'NOT xqzxqzxqz' >"$ND_TMP/all.json" || return 1
    python3 - "$G" "$ND_TMP/all.json" <<'PY'
import itertools, json, sys
gen, allf = sys.argv[1], sys.argv[2]
rows = [l.rstrip("\n").split("\t") for l in open(gen + "/manifest.tsv", encoding="utf-8") if not l.startswith("#")]
hits = {(h["path"], str(h["item"])): h for h in json.load(open(allf))["hits"]}
dup = {r[0]: r[5] for r in rows}
def origin(k):
    while dup.get(k, "-") != "-":
        k = dup[k]
    return k
t, p = {}, {}
for r in rows:
    path, _, item = r[0].partition("#")
    h = hits[(gen + "/" + path, item or "0")]
    t.setdefault(origin(r[0]), []).append(r[0])
    if h["cluster"] is not None:
        p.setdefault(h["cluster"], []).append(r[0])
tp_ = {frozenset(x) for g in t.values() for x in itertools.combinations(g, 2)}
pp = {frozenset(x) for g in p.values() for x in itertools.combinations(g, 2)}
P, R = len(tp_ & pp) / max(1, len(pp)), len(tp_ & pp) / max(1, len(tp_))
print("pairs: true %d predicted %d  P %.3f R %.3f" % (len(tp_), len(pp), P, R))
sys.exit(0 if len(tp_) > 20 and P >= 0.95 and R >= 0.90 else 1)
PY
}
ok "near-duplicate pairs against dup_of: P >= 0.95, R >= 0.90" pairs
finish
