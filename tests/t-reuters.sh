#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-reuters.sh - real articles: the 20 crude-oil files of Reuters-21578 and a
# 10-article sample file from $NEWSDEX_SHARED/corpora (30 articles). Index
# them, search them, write them as a newsdex-ingest stream and index that.
# shellcheck source=tests/lib.sh
. "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
need_python
need_shared corpora/reuters-crude "the Reuters corpus"
need_shared corpora/reuters-21578-sample.xml "the Reuters corpus"

R=$ND_TMP/archive
C=$ND_TMP/coll
C2=$ND_TMP/coll-stream
mkdir -p "$R"
cp "$NEWSDEX_SHARED"/corpora/reuters-crude/*.xml "$NEWSDEX_SHARED"/corpora/reuters-21578-sample.xml "$R"/ ||
    hard_error "cannot copy the Reuters corpus"

nstats() { # COLL: number of articles per --stats
    newsdex_query -c "$1" --stats --format json | json - 'j["articles"]'
}

# --- index -------------------------------------------------------------------
say "indexing 21 Reuters files"
index_all() {
    newsdex_index -q -c "$C" --report "$ND_TMP/report.json" "$R" || return 1
    [ "$(json "$ND_TMP/report.json" 'j["articles_added"]')" = 30 ] || { cat "$ND_TMP/report.json"; return 1; }
}
ok "newsdex-index: exit 0, 30 articles added" index_all
ok "--stats: 30 articles" test "$(nstats "$C")" = 30

# --- search --------------------------------------------------------------------
say "searching"
diamond() {
    newsdex_query -c "$C" --format json 'Diamond Shamrock' >"$ND_TMP/ds.json" || return 1
    python3 - "$ND_TMP/ds.json" <<'EOF'
import json, sys
h = json.load(open(sys.argv[1], encoding="utf-8"))["hits"]
if not h:
    sys.exit("no hits")
x = h[0]
bad = []
if not x["path"].endswith("/reut-00001.xml"):
    bad.append("first hit is %s, not reut-00001.xml" % x["path"])
if x["date"] != "1987-02-26T17:00:56Z":
    bad.append("date %r, expected 1987-02-26T17:00:56Z" % x["date"])
if x["title"] != "DIAMOND SHAMROCK (DIA) CUTS CRUDE PRICES":
    bad.append("title %r" % x["title"])
if "Diamond Shamrock Corp said" not in x["snippet"]:
    bad.append("snippet %r" % x["snippet"])
sys.exit("\n".join(bad) if bad else 0)
EOF
}
ok "'Diamond Shamrock': reut-00001.xml first, 1987-02-26T17:00:56Z, its title" diamond

phrase() {
    newsdex_query -c "$C" --format json -n 50 '"crude oil"' >"$ND_TMP/phrase.json" || return 1
    newsdex_query -c "$C" --format json -n 50 'crude AND oil' >"$ND_TMP/both.json" || return 1
    python3 - "$ND_TMP/phrase.json" "$ND_TMP/both.json" <<'EOF'
import json, re, sys
hits = json.load(open(sys.argv[1], encoding="utf-8"))["hits"]
both = json.load(open(sys.argv[2], encoding="utf-8"))["hits"]
def words(h):
    # the article's own text: the <TEXT> of one <REUTERS> of the file
    # (its item), tags dropped (so not the TOPICS codes)
    t = open(h["path"], encoding="latin-1").read()
    items = re.findall(r"<REUTERS\b.*?</REUTERS>", t, re.S) or [t]
    t = items[h["item"]] if h["item"] < len(items) else t
    m = re.search(r"<TEXT\b.*?</TEXT>", t, re.S)
    t = m.group(0) if m else t
    return re.findall(r"\w+", re.sub(r"<[^>]*>", " ", t).lower())
def adjacent(w):
    return any(a == "crude" and b == "oil" for a, b in zip(w, w[1:]))
print("%d phrase hits, %d articles hold both words" % (len(hits), len(both)))
if len(hits) < 3:
    sys.exit("only %d hits" % len(hits))
bad = [h["path"] for h in hits if not adjacent(words(h))]
if bad:
    sys.exit("no adjacent 'crude oil' in: %s" % bad)
# and the phrase is a phrase: articles with both words apart are not hits
ids = {h["id"] for h in hits}
apart = [h["path"] for h in both if h["id"] not in ids and adjacent(words(h))]
if apart:
    sys.exit("articles with the phrase missing from the hits: %s" % apart)
if len(both) <= len(hits):
    sys.exit("no article holds both words apart: the corpus does not test the phrase")
EOF
}
ok "'\"crude oil\"': every hit holds the words adjacent, and only those" phrase

top5() {
    newsdex_query -c "$C" --format json -n 5 'crude oil prices' >"$ND_TMP/oil.json" || return 1
    python3 - "$ND_TMP/oil.json" <<'EOF'
import json, sys
h = json.load(open(sys.argv[1], encoding="utf-8"))["hits"]
paths = [x["path"].rsplit("/", 1)[-1] for x in h]
print("top 5: " + " ".join(paths))
sys.exit(0 if len(h) == 5 and all(p.startswith("reut-000") for p in paths) else "not all from the crude files")
EOF
}
ok "'crude oil prices': the top 5 are all crude articles (reut-000*)" top5

# --- the ingest stream ------------------------------------------------------------
say "newsdex-ingest stream"
S=$ND_TMP/reuters.warc.gz
ok "newsdex-ingest -o FILE: exit 0" newsdex_ingest -q -o "$S" "$R"
stream_ok() {
    [ "$(gzip -dc "$S" | head -n 1 | tr -d '\r')" = WARC/1.1 ] || { echo "does not start with WARC/1.1"; return 1; }
    local n
    n=$(gzip -dc "$S" | grep -ac '^WARC-Type: conversion')
    [ "$n" = 30 ] || { echo "$n conversion records, expected 30"; return 1; }
    gzip -dc "$S" | tr -s ' \r\n' '   ' | grep -q 'Diamond Shamrock Corp said that effective today' ||
        { echo "body text missing"; return 1; }
}
ok "the stream: zcat gives WARC/1.1, 30 conversion records, the body text" stream_ok
pipe_index() {
    newsdex_ingest -q "$R" | newsdex_index -q -c "$C2" -
    local st=("${PIPESTATUS[@]}")
    if [ "${st[0]}" != 0 ] || [ "${st[1]}" != 0 ]; then
        echo "exit statuses: ${st[*]}"
        return 1
    fi
    [ "$(nstats "$C2")" = 30 ] || { echo "$(nstats "$C2") articles"; return 1; }
}
ok "newsdex-ingest ARCHIVE | newsdex-index -c C2 -: 30 articles" pipe_index
same_hit() {
    newsdex_query -c "$C2" --format json 'Diamond Shamrock' >"$ND_TMP/ds2.json" || return 1
    python3 - "$ND_TMP/ds.json" "$ND_TMP/ds2.json" <<'EOF'
import json, sys
a, b = (json.load(open(f, encoding="utf-8"))["hits"][0] for f in sys.argv[1:3])
diff = ["%s: %r vs %r" % (k, a.get(k), b.get(k)) for k in ("id", "title", "date", "path", "url", "source", "item") if a.get(k) != b.get(k)]
sys.exit("differs: %s" % "; ".join(diff) if diff else 0)
EOF
}
ok "the collection from the stream gives the same 'Diamond Shamrock' hit (id, title, date, path, url, source)" same_hit
incremental_after_stream() {
    # the stream carries the file states: the archive is then unchanged
    newsdex_index -q -c "$C2" --report "$ND_TMP/r2.json" "$R" || return 1
    [ "$(json "$ND_TMP/r2.json" 'j["articles_added"] + j["articles_updated"]')" = 0 ] || { cat "$ND_TMP/r2.json"; return 1; }
}
ok "indexing the archive into the stream's collection adds and updates nothing" incremental_after_stream

# --- xapian-check --------------------------------------------------------------
if have xapian-check; then
    xcheck() {
        local c
        for c in "$C" "$C2"; do
            if [ -f "$c/XAPIANDB" ]; then xapian-check "$c/XAPIANDB"; else xapian-check "$c"; fi || return 1
        done
    }
    ok "xapian-check finds no error in either collection" xcheck
else
    skip "xapian-check finds no error in either collection" "xapian-check not found (Debian package xapian-tools)"
fi

finish
