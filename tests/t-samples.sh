#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-samples.sh - index the bundled sample archive (samples/: 24 articles in
# HTML, plain text, NITF, RCV1 and Reuters-21578 XML, two of them gzipped,
# one page in windows-1252 and three RCV1 items in Latin-1; samples/ABOUT.md
# describes it) and search it.
# shellcheck source=tests/lib.sh
. "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
need_python

S=$top_srcdir/samples
C=$ND_TMP/coll
[ -d "$S/html" ] || hard_error "$S: the sample archive is missing"
SWISS=html/2023-03-23-swiss-national-bank-raises-rates.html

# hits QUERY [ARGS...]: JSON hits of QUERY in $ND_TMP/hits.json
hits() {
    local q=$1
    shift
    newsdex_query -c "$C" --format json "$@" -- "$q" >"$ND_TMP/hits.json"
}

# --- indexing ------------------------------------------------------------------
say "indexing $S"
newsdex_index -q -c "$C" --report "$ND_TMP/report.json" "$S" 2>"$ND_TMP/index.err"
got=$?
if [ $got -eq 0 ]; then
    pass "newsdex-index of samples/: exit 0"
else
    fail "newsdex-index of samples/: exit 0" "got exit $got: $(cat "$ND_TMP/index.err")"
fi
report() {
    python3 - "$ND_TMP/report.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
want = {"articles_added": 24, "files_seen": 22, "files_skipped": 0, "files_ignored": 1}
bad = ["%s = %r, expected %r" % (k, r.get(k), v) for k, v in want.items() if r.get(k) != v]
if r.get("errors"):
    bad.append("errors: %r" % r["errors"])
sys.exit("\n".join(bad) if bad else 0)
EOF
}
ok "report: 24 articles from 22 files, ABOUT.md ignored, no errors" report
stats() {
    newsdex_query -c "$C" --stats --format json >"$ND_TMP/stats.json" || return 1
    [ "$(json "$ND_TMP/stats.json" 'j["articles"]')" = 24 ] || { cat "$ND_TMP/stats.json"; return 1; }
}
ok "--stats: 24 articles" stats
about_ignored() {
    # words found only in ABOUT.md
    hits 'extractor OR historical OR demos' -n 50 || return 1
    python3 - "$ND_TMP/hits.json" <<'EOF'
import json, sys
h = json.load(open(sys.argv[1], encoding="utf-8"))["hits"]
bad = [x["path"] for x in h if not x["path"].endswith((".html", ".html.gz", ".xml", ".txt", ".txt.gz"))]
sys.exit("indexed: %r" % bad if bad else 0)
EOF
}
ok "samples/ABOUT.md is not indexed" about_ignored

# --- ranking ----------------------------------------------------------------------
say "'Xi Putin summit'"
xi_first() {
    hits 'Xi Putin summit' || return 1
    python3 - "$ND_TMP/hits.json" "$SWISS" <<'EOF'
import json, sys
h = json.load(open(sys.argv[1], encoding="utf-8"))["hits"]
if not h:
    sys.exit("no hits")
t = h[0]["title"] + " " + h[0]["snippet"]
print("first: %s (%s)" % (h[0]["title"], h[0]["path"]))
if "Xi" not in t or "Putin" not in t:
    sys.exit("the first hit's title and snippet do not hold both Xi and Putin: %r" % t)
EOF
}
ok "'Xi Putin summit': the first hit's title and snippet hold 'Xi' and 'Putin'" xi_first
no_boilerplate() {
    # The Swiss page names the summit only in its "Most read" box.
    hits 'Xi Putin summit' -n 30 || return 1
    python3 - "$ND_TMP/hits.json" "$SWISS" <<'EOF'
import json, sys
h = json.load(open(sys.argv[1], encoding="utf-8"))["hits"]
bad = [x["rank"] for x in h if x["path"].endswith(sys.argv[2])]
sys.exit("the Swiss page is hit %r: its 'Most read' box was indexed" % bad if bad else 0)
EOF
}
ok "HTML boilerplate ('Most read' box) is not indexed" no_boilerplate

# --- character sets ----------------------------------------------------------------------
# check_hit QUERY PATH-SUFFIX FIELD=TEXT...: the first hit of QUERY is the file
# PATH-SUFFIX and each FIELD holds TEXT (valid UTF-8, no replacement
# character, no mojibake such as "Ã¼").
check_hit() {
    local q=$1
    shift
    hits "$q" -n 3 || return 1
    python3 - "$ND_TMP/hits.json" "$@" <<'EOF'
import json, sys
raw = open(sys.argv[1], "rb").read()
try:
    h = json.loads(raw.decode("utf-8", errors="strict"))["hits"]
except UnicodeDecodeError as e:
    sys.exit("output is not valid UTF-8: %s" % e)
want_path = sys.argv[2]
if not h or not h[0]["path"].endswith(want_path):
    sys.exit("first hit is not %s: %r" % (want_path, [x["path"] for x in h]))
bad = []
for spec in sys.argv[3:]:
    field, text = spec.split("=", 1)
    v = h[0].get(field) or ""
    if text not in v:
        bad.append("%s does not hold %r: %r" % (field, text, v))
for k, v in h[0].items():
    if isinstance(v, str) and ("\ufffd" in v or "Ã" in v.replace("SÃO", "") or "Â" in v):
        bad.append("%s is garbled: %r" % (k, v))
sys.exit("\n".join(bad) if bad else 0)
EOF
}
say "windows-1252 and Latin-1 text"
ok "windows-1252 page: 'Zürich' finds it" check_hit 'Zürich' "$SWISS"
ok "windows-1252 page: 'ZÜRICH' finds it too" check_hit 'ZÜRICH' "$SWISS"
ok "windows-1252 page: the snippet holds 'Zürich' and curly quotes as UTF-8" \
    check_hit 'Lukas Brunner' "$SWISS" 'snippet=Zürich' 'snippet=“'
ok "windows-1252 page: 'café' is decoded" check_hit 'café Paradeplatz' "$SWISS" 'snippet=café'
ok "RCV1 Latin-1: 'François Lemaître' in 700001" \
    check_hit 'François Lemaître' rcv1/700001newsML.xml 'snippet=François Lemaître'
ok "RCV1 Latin-1: 'Núria Cerdà' in 700002, byline 'Jordi Puigdomènech'" \
    check_hit 'Núria Cerdà' rcv1/700002newsML.xml 'snippet=Núria Cerdà' 'byline=Jordi Puigdomènech'
ok "RCV1 Latin-1: 700003 has byline 'João Conceição' and dateline 'SÃO PAULO'" \
    check_hit 'coffee São Paulo exporter' rcv1/700003newsML.xml 'byline=João Conceição' 'dateline=SÃO PAULO' 'snippet=São Paulo'

# --- text output ----------------------------------------------------------------------------
say "text output"
plain_text() {
    newsdex_query -c "$C" 'Xi Putin summit' >"$ND_TMP/hits.txt" || return 1
    if LC_ALL=C grep -q "$(printf '\033')" "$ND_TMP/hits.txt"; then
        echo "ANSI escapes in piped output:"
        cat -v "$ND_TMP/hits.txt" | head -5
        return 1
    fi
    grep -q 'Putin' "$ND_TMP/hits.txt" || { echo "no hit shown"; head -5 "$ND_TMP/hits.txt"; return 1; }
}
ok "text output piped: hits shown, no ANSI escapes" plain_text
text_utf8() {
    newsdex_query -c "$C" 'Lukas Brunner' >"$ND_TMP/hits.txt" || return 1
    python3 -c 'import sys; t = open(sys.argv[1], "rb").read().decode("utf-8"); sys.exit(0 if "Zürich" in t else "no Zürich in: " + t[:400])' "$ND_TMP/hits.txt"
}
ok "text output is UTF-8 ('Zürich' of the windows-1252 page)" text_utf8

# --- dates ------------------------------------------------------------------------------------
say "dates"
dates() {
    hits 'the OR said OR a' -n 100 || return 1
    python3 - "$ND_TMP/hits.json" "$S" <<'EOF'
import gzip, json, os, re, sys
h = json.load(open(sys.argv[1], encoding="utf-8"))["hits"]
root = sys.argv[2]
bad = []
if len(h) != 24:
    bad.append("expected all 24 articles, got %d" % len(h))
iso = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
for x in h:
    if not isinstance(x["date"], str) or not iso.match(x["date"]):
        bad.append("%s: date %r is not ISO 8601 UTC (...Z)" % (x["path"], x["date"]))
    elif not "2023-03-20" <= x["date"][:10] <= "2023-04-29":
        bad.append("%s: date %s outside 2023-03-20..2023-04-29" % (x["path"], x["date"]))
# the dates the files state, by format
def text(p):
    b = open(p, "rb").read()
    if p.endswith(".gz"):
        b = gzip.decompress(b)
    return b.decode("latin-1")
want = {}
for d, _, fs in os.walk(root):
    for f in fs:
        p = os.path.join(d, f)
        rel = os.path.relpath(p, root)
        if rel.startswith("html/"):
            m = re.search(r'article:published_time" content="([^"]+)"', text(p))
            if m:
                want[(rel, 0)] = m.group(1)
        elif rel.startswith("nitf/"):
            m = re.search(r'date\.issue norm="(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z"', text(p))
            if m:
                want[(rel, 0)] = "%s-%s-%sT%s:%s:%sZ" % m.groups()
        elif rel.startswith("reuters/"):
            mon = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
            for i, m in enumerate(re.finditer(r"<DATE>\s*(\d+)-([A-Z]{3})-(\d{4}) (\d\d:\d\d:\d\d)", text(p))):
                want[(rel, i)] = "%s-%02d-%02dT%sZ" % (m.group(3), mon.index(m.group(2)) + 1, int(m.group(1)), m.group(4))
got = {(os.path.relpath(x["path"], root), x["item"]): x["date"] for x in h}
if len(want) < 15:
    bad.append("only %d stated dates found in the samples" % len(want))
for k, v in sorted(want.items()):
    if got.get(k) != v:
        bad.append("%s item %d: date %r, the file says %s" % (k[0], k[1], got.get(k), v))
print("%d hits, %d dates compared with the files" % (len(h), len(want)))
sys.exit("\n".join(bad) if bad else 0)
EOF
}
ok "every hit's date is ISO 8601 UTC ending in Z, and the date the file states" dates

finish
