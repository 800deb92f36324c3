#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-generated.sh - a generated archive of 2000 articles (gen-corpus of
# $NEWSDEX_SHARED: text, HTML, NITF, RCV1 and Reuters files, a fifth of them
# gzipped) with its ground truth: counts, titles and dates, recall of the
# generated queries, incremental runs (unchanged, changed, deleted files),
# --rebuild without the archive, and the sizes of the stream and the index.
# shellcheck source=tests/lib.sh
. "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
need_python
need_shared tools/gen-corpus "the generated corpus"

G=$ND_TMP/gen
C=$ND_TMP/coll
say "generating 2000 articles"
python3 "$NEWSDEX_SHARED/tools/gen-corpus" --articles 2000 --seed 5 --out "$G" \
    --formats txt,html,nitf,rcv1,reuters --gzip-rate 0.2 --emit-queries 20 -q ||
    hard_error "gen-corpus failed"
NGEN=$(grep -vc '^#' "$G/manifest.tsv")
[ "$NGEN" -gt 0 ] || hard_error "gen-corpus wrote an empty manifest"

nstats() { # COLL: number of articles per --stats
    newsdex_query -c "$1" --stats --format json | json - 'j["articles"]'
}
# one_hit WORD PATH-SUFFIX: WORD finds exactly one article, from that file
one_hit() {
    newsdex_query -c "$C" --format json "$1" >"$ND_TMP/one.json" || return 1
    python3 - "$ND_TMP/one.json" "$2" <<'EOF'
import json, sys
h = json.load(open(sys.argv[1], encoding="utf-8"))["hits"]
if len(h) != 1 or not h[0]["path"].endswith(sys.argv[2]):
    sys.exit("expected one hit from %s, got %r" % (sys.argv[2], [x["path"] for x in h]))
EOF
}

# --- first run -------------------------------------------------------------------
say "indexing $NGEN generated articles"
index_first() {
    newsdex_index -q -c "$C" --report "$ND_TMP/r1.json" "$G" || return 1
    local n
    n=$(json "$ND_TMP/r1.json" 'j["articles_added"]')
    [ "$n" = "$NGEN" ] || { echo "articles_added = $n, manifest has $NGEN"; return 1; }
}
ok "newsdex-index --report: exit 0, articles_added = manifest rows ($NGEN)" index_first
stats_agree() {
    local n
    n=$(nstats "$C")
    [ "$n" = "$NGEN" ] || { echo "--stats says $n"; return 1; }
}
ok "--stats agrees ($NGEN articles)" stats_agree

titles() {
    python3 - "$G" "$C" "$ND_QUERY" <<'EOF'
import collections, json, re, subprocess, sys
gen, coll, query = sys.argv[1:4]
rows = [l.rstrip("\n").split("\t") for l in open(gen + "/manifest.tsv", encoding="utf-8")
        if not l.startswith("#")]
# Only articles a title query can single out: a title no other article
# shares (as a set of words), and no near-duplicate republication.
tkey = lambda t: " ".join(sorted(set(re.findall(r"[^\W_]+", t.lower()))))
same = collections.Counter(tkey(r[3]) for r in rows)
dups = {r[5] for r in rows if r[5] != "-"} | {r[0] for r in rows if r[5] != "-"}
pool = [r for r in rows if same[tkey(r[3])] == 1 and r[0] not in dups]
sample = pool[::max(1, len(pool) // 30)][:30]
bad = []
for key, date, _, title in (r[:4] for r in sample):
    words = re.findall(r"[^\W_]+", title)  # no punctuation: RCV1 headlines end in "."
    out = subprocess.run([query, "-c", coll, "--format", "json", "-n", "10", " ".join(words)],
                         capture_output=True, text=True)
    try:
        hits = json.loads(out.stdout)["hits"]
    except ValueError:
        bad.append("%s: no JSON (exit %d): %s" % (key, out.returncode, out.stderr.strip()))
        continue
    mine = [h for h in hits if h["path"].endswith("/" + key)]
    if not mine:
        bad.append("%s: not in the top 10 for %r" % (key, title))
    elif mine[0]["date"][:10] != date[:10]:
        bad.append("%s: date %s, manifest %s" % (key, mine[0]["date"], date))
print("%d of %d sampled titles found with their date" % (len(sample) - len(bad), len(sample)))
if bad:
    print("\n".join(bad))
sys.exit(1 if bad or len(sample) < 20 else 0)
EOF
}
ok "titles find their article in the top 10, with the manifest's date (30 sampled)" titles

recall() {
    python3 - "$G" "$C" "$ND_QUERY" <<'EOF'
import json, subprocess, sys
gen, coll, query = sys.argv[1:4]
rows = [l.rstrip("\n").split("\t") for l in open(gen + "/queries.tsv", encoding="utf-8")
        if not l.startswith("#")]
tot = 0.0
for r in rows:
    q, keys = r[1], r[6].split()
    out = subprocess.run([query, "-c", coll, "--format", "json", "-n", "10", q],
                         capture_output=True, text=True)
    hits = json.loads(out.stdout)["hits"]
    found = sum(1 for h in hits if any(h["path"].endswith("/" + k) for k in keys))
    tot += found / min(10, len(keys))
mean = tot / len(rows)
print("mean recall@10 over %d queries = %.3f" % (len(rows), mean))
sys.exit(0 if mean >= 0.6 else 1)
EOF
}
ok "generated queries: mean recall@10 >= 0.6" recall

sizes() {
    newsdex_ingest -q -o "$ND_TMP/gen.warc.gz" "$G" || { echo "newsdex-ingest failed"; return 1; }
    python3 - "$G" "$C" "$ND_TMP/gen.warc.gz" <<'EOF'
import gzip, os, sys
gen, coll, stream = sys.argv[1:4]
inp = 0
for d, _, fs in os.walk(gen):
    for f in fs:
        if f in ("manifest.tsv", "queries.tsv"):
            continue
        p = os.path.join(d, f)
        inp += len(gzip.open(p).read()) if f.endswith(".gz") else os.path.getsize(p)
st = os.path.getsize(stream)
cs = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(coll) for f in fs)
print("input %d bytes (uncompressed); stream %.3fx, collection %.3fx" % (inp, st / inp, cs / inp))
sys.exit(0 if st <= 0.5 * inp and cs <= 4.0 * inp else 1)
EOF
}
ok "ingest stream <= 0.5x and collection <= 4x the uncompressed input" sizes

# --- incremental runs ------------------------------------------------------------------
say "incremental runs"
second_run() {
    newsdex_index -q -c "$C" --report "$ND_TMP/r2.json" "$G" || return 1
    json "$ND_TMP/r2.json" '"added %d, updated %d, unchanged %d" % (j["articles_added"], j["articles_updated"], j["articles_unchanged"])'
    [ "$(json "$ND_TMP/r2.json" 'j["articles_added"] + j["articles_updated"]')" = 0 ]
}
ok "second run over the unchanged archive: 0 added, 0 updated" second_run

TXT=$(awk -F'\t' '!/^#/ && $7 == "txt" && $1 !~ /\.gz$/ { print $1; exit }' "$G/manifest.tsv")
HTML=$(awk -F'\t' '!/^#/ && $7 == "html" && $1 !~ /\.gz$/ { print $1; exit }' "$G/manifest.tsv")
if [ -z "$TXT" ] || [ ! -f "$G/$TXT" ] || [ -z "$HTML" ] || [ ! -f "$G/$HTML" ]; then
    hard_error "no plain .txt or .html file in the manifest"
fi
WORD=zebulonquux
printf '\nA late correction mentions the %s accord.\n' "$WORD" >>"$G/$TXT"
touch -d '+1 minute' "$G/$TXT"
changed() {
    newsdex_index -q -c "$C" --report "$ND_TMP/r3.json" "$G" || return 1
    json "$ND_TMP/r3.json" '"added %d, updated %d" % (j["articles_added"], j["articles_updated"])'
    [ "$(json "$ND_TMP/r3.json" '(j["articles_added"], j["articles_updated"]) == (0, 1)')" = True ] || return 1
    [ "$(nstats "$C")" = "$NGEN" ] || { echo "count changed: $(nstats "$C")"; return 1; }
    one_hit "$WORD" "/$TXT"
}
ok "a changed .txt file is re-indexed (1 updated, count unchanged, the new word finds it)" changed

rm -f "$G/$HTML"
pruned() {
    newsdex_index -q -c "$C" --prune --report "$ND_TMP/r4.json" "$G" || return 1
    local removed n
    removed=$(json "$ND_TMP/r4.json" 'j["articles_removed"]')
    n=$(nstats "$C")
    echo "articles_removed $removed, $n articles"
    [ "$removed" = 1 ] && [ "$n" = $((NGEN - 1)) ]
}
ok "--prune after deleting an .html file: articles_removed 1, count - 1" pruned
gone() {
    newsdex_query -c "$C" --format json -n 100 "$(awk -F'\t' -v k="$HTML" '$1 == k { print $4 }' "$G/manifest.tsv")" >"$ND_TMP/gone.json" || return 1
    ! json "$ND_TMP/gone.json" '[h["path"] for h in j["hits"]]' | grep -qF "$HTML"
}
ok "the deleted file's article is no longer found" gone

rebuilt() {
    # without the archive: the stored records are the only source
    mv "$G" "$G.away" || return 1
    newsdex_index -q -c "$C" --rebuild
    local rc=$?
    mv "$G.away" "$G" || return 1
    [ "$rc" -eq 0 ] || { echo "--rebuild: exit $rc"; return 1; }
    local n
    n=$(nstats "$C")
    [ "$n" = $((NGEN - 1)) ] || { echo "$n articles after --rebuild"; return 1; }
    one_hit "$WORD" "/$TXT"
}
ok "--rebuild with the archive moved away: same count, the new word still found" rebuilt
after_rebuild() {
    newsdex_index -q -c "$C" --report "$ND_TMP/r5.json" "$G" || return 1
    [ "$(json "$ND_TMP/r5.json" 'j["articles_added"] + j["articles_updated"]')" = 0 ] || { cat "$ND_TMP/r5.json"; return 1; }
}
ok "after --rebuild the archive is still up to date (0 added, 0 updated)" after_rebuild

finish
