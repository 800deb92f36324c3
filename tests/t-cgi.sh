#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-cgi.sh - newsdex.cgi behind a real web server: lighttpd with mod_cgi
# from Debian on 127.0.0.1 and a free port, with a configuration written
# here. Indexes samples/ (and a generated archive when ../shared has
# gen-corpus) as two named collections and checks pages, JSON, Atom,
# OpenSearch, status codes and headers with curl, and hostile requests.
# Skips when lighttpd is missing and cannot be installed (not root).
# shellcheck source=tests/lib.sh
. "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
need_python

# the CGI: NEWSDEX_CGI, else next to the installed programs, else built here
if [ -n "${NEWSDEX_CGI:-}" ]; then
    CGI=$NEWSDEX_CGI
elif [ -n "${NEWSDEX_BINDIR:-}" ]; then
    CGI=$(find "$NEWSDEX_BINDIR/.." -name newsdex.cgi -type f 2>/dev/null | head -1)
else
    CGI=$top_builddir/newsdex.cgi
fi
[ -x "$CGI" ] || hard_error "newsdex.cgi not found (${CGI:-none})"

if ! have lighttpd || ! have curl; then
    if [ "$(id -u)" = 0 ] && have apt-get; then
        say "installing lighttpd and curl from Debian"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq lighttpd curl >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 &&
                apt-get install -y -qq lighttpd curl >/dev/null 2>&1; }
    fi
    have lighttpd && have curl ||
        skip_all "lighttpd or curl missing and not installable (not root): apt-get install lighttpd curl"
fi

# --- collections and a configuration naming them ---------------------------------
S=$ND_TMP/coll-samples
newsdex_index -q -c "$S" "$top_srcdir/samples" >/dev/null 2>&1 ||
    hard_error "indexing samples/ failed"
CONF=$ND_TMP/newsdex.conf
{
    echo "# written by t-cgi.sh"
    echo "title Test archive"
    echo "collection samples $S Bundled samples"
    echo "collection gone $ND_TMP/no-such-collection"
    echo "collection broken $ND_TMP/coll-broken"
    echo "collection empty $ND_TMP/coll-empty"
} >"$CONF"
# a damaged copy (every table overwritten) and a directory that is no collection
cp -r "$S" "$ND_TMP/coll-broken"
for f in "$ND_TMP"/coll-broken/*.glass; do
    head -c 65536 /dev/zero | tr '\0' 'x' >"$f"
done
mkdir -p "$ND_TMP/coll-empty"
GEN=
if [ -x "$NEWSDEX_SHARED/tools/gen-corpus" ]; then
    "$NEWSDEX_SHARED/tools/gen-corpus" --articles 300 --seed 7 --dup-rate 0.25 \
        --out "$ND_TMP/gen" -q &&
        newsdex_index -q -c "$ND_TMP/coll-gen" "$ND_TMP/gen" >/dev/null 2>&1 &&
        { echo "collection gen $ND_TMP/coll-gen Generated" >>"$CONF"; GEN=1; }
else
    say "no $NEWSDEX_SHARED/tools/gen-corpus: the generated archive is skipped"
fi

# --- the server ----------------------------------------------------------------
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$ND_TMP/www" "$ND_TMP/cgi-bin"
ln -s "$CGI" "$ND_TMP/cgi-bin/newsdex.cgi"
cat >"$ND_TMP/lighttpd.conf" <<CONF
server.document-root = "$ND_TMP/www"
server.bind = "127.0.0.1"
server.port = $PORT
server.modules = ("mod_alias", "mod_cgi", "mod_setenv")
server.errorlog = "$ND_TMP/lighttpd-error.log"
alias.url = ("/cgi-bin/" => "$ND_TMP/cgi-bin/")
cgi.assign = (".cgi" => "")
setenv.add-environment = ("NEWSDEX_CONF" => "$CONF")
CONF
lighttpd -D -f "$ND_TMP/lighttpd.conf" 2>"$ND_TMP/lighttpd.out" &
LPID=$!
trap 'kill $LPID 2>/dev/null; wait $LPID 2>/dev/null; nd_cleanup' EXIT
up=0
for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/" && { up=1; break; }
    sleep 0.1
done
[ $up = 1 ] || hard_error "lighttpd did not start: $(cat "$ND_TMP/lighttpd.out")"
BASE="http://127.0.0.1:$PORT/cgi-bin/newsdex.cgi"

# get URL [CURL-ARGS]: body in $ND_TMP/body, headers in $ND_TMP/hdr; prints the status
get() {
    local u=$1
    shift
    curl -s -D "$ND_TMP/hdr" -o "$ND_TMP/body" -w '%{http_code}' --max-time 20 "$@" "$u"
}
hdr() { grep -i "^$1:" "$ND_TMP/hdr" | head -1 | tr -d '\r'; }
expect() { # DESC WANT GOT
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got $3, want $2"; fi
}

# --- pages -----------------------------------------------------------------------
expect "front page: 200" 200 "$(get "$BASE")"
ok "front page: text/html; charset=utf-8" grep -qi '^content-type: text/html; charset=utf-8' "$ND_TMP/hdr"
ok "front page: nosniff" grep -qi '^x-content-type-options: nosniff' "$ND_TMP/hdr"
ok "front page: CSP with default-src 'none' and no script" \
    bash -c "grep -i '^content-security-policy:' '$ND_TMP/hdr' | grep -q \"default-src 'none'\" && ! grep -i '^content-security-policy:' '$ND_TMP/hdr' | grep -qi script-src"
ok "front page: Referrer-Policy" grep -qi '^referrer-policy: no-referrer' "$ND_TMP/hdr"
ok "front page: the collection selector offers every configured name" \
    bash -c "grep -q 'value=\"samples\"' '$ND_TMP/body' && grep -q 'value=\"gone\"' '$ND_TMP/body'"

expect "results page: 200" 200 "$(get "$BASE?q=oil+prices")"
cp "$ND_TMP/body" "$ND_TMP/results.html"
ok "results page: hits with <mark> highlights, a form with labels" python3 - "$ND_TMP/results.html" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.c = {}; s.ids = set(); s.fors = set()
    def handle_starttag(s, t, a):
        a = dict(a); s.c[t] = s.c.get(t, 0) + 1
        if t in ("input", "select") and a.get("type") != "hidden": s.ids.add(a.get("id"))
        if t == "label": s.fors.add(a.get("for"))
        if t == "li" and a.get("class") == "hit": s.c["hit"] = s.c.get("hit", 0) + 1
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
print(p.c, p.ids, p.fors)
sys.exit(0 if p.c.get("mark") and p.c.get("hit") and p.c.get("form") == 1 and p.ids <= p.fors and None not in p.ids else 1)
PY

expect "stylesheet: 200" 200 "$(get "$BASE?asset=style.css")"
ok "stylesheet: text/css" grep -qi '^content-type: text/css' "$ND_TMP/hdr"
expect "an unknown asset: 404" 404 "$(get "$BASE?asset=../../etc/passwd")"

expect "format=json: 200" 200 "$(get "$BASE?q=oil&format=json")"
ok "format=json: application/json" grep -qi '^content-type: application/json' "$ND_TMP/hdr"
newsdex_query -c "$S" --format json -n 10 oil >"$ND_TMP/cli.json"
ok "format=json: the same hits as newsdex-query --format json" python3 - "$ND_TMP/body" "$ND_TMP/cli.json" <<'PY'
import json, sys
w, c = (json.load(open(f)) for f in sys.argv[1:3])
print([h["id"] for h in w["hits"]], [h["id"] for h in c["hits"]])
sys.exit(0 if w["schema"] == c["schema"] and w["hits"] and [h["id"] for h in w["hits"]] == [h["id"] for h in c["hits"]] else 1)
PY
ID=$(json "$ND_TMP/body" 'j["hits"][0]["id"]')
TITLE=$(json "$ND_TMP/body" 'j["hits"][0]["title"]')

expect "format=atom: 200" 200 "$(get "$BASE?q=oil&format=atom")"
ok "format=atom: application/atom+xml" grep -qi '^content-type: application/atom+xml' "$ND_TMP/hdr"
ok "format=atom: a valid Atom feed (RFC 4287 rules)" python3 - "$ND_TMP/body" <<'PY'
import re, sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
t = ET.parse(sys.argv[1]).getroot()
date = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
def one(e, n): return len(e.findall(A + n)) == 1
errs = []
if t.tag != A + "feed": errs.append("root")
for n in ("id", "title", "updated"):
    if not one(t, n): errs.append("feed " + n)
if not date.match(t.findtext(A + "updated") or ""): errs.append("feed updated format")
if not any(l.get("rel") == "self" for l in t.findall(A + "link")): errs.append("self link")
entries = t.findall(A + "entry")
if not entries: errs.append("no entries")
feed_author = t.find(A + "author") is not None
for e in entries:
    for n in ("id", "title", "updated"):
        if not one(e, n): errs.append("entry " + n)
    if not date.match(e.findtext(A + "updated") or ""): errs.append("entry updated format")
    if not re.match(r"^[a-z][a-z0-9+.-]*:", e.findtext(A + "id") or ""): errs.append("entry id not an IRI")
    alts = [l for l in e.findall(A + "link") if l.get("rel", "alternate") == "alternate"]
    if len(alts) != 1 or not alts[0].get("href"): errs.append("entry alternate link")
    if not feed_author and e.find(A + "author") is None: errs.append("author")
print(len(entries), "entries", errs)
sys.exit(1 if errs else 0)
PY
ok "format=atom: well-formed for libxml2 too" bash -c "! have() { :; }; command -v xmllint >/dev/null || exit 0; xmllint --noout '$ND_TMP/body'"

expect "format=opensearch: 200" 200 "$(get "$BASE?format=opensearch")"
ok "format=opensearch: an OpenSearch description with a template" python3 - "$ND_TMP/body" <<'PY'
import sys, xml.etree.ElementTree as ET
O = "{http://a9.com/-/spec/opensearch/1.1/}"
t = ET.parse(sys.argv[1]).getroot()
urls = [u.get("template") for u in t.findall(O + "Url")]
print(urls)
sys.exit(0 if t.tag == O + "OpenSearchDescription" and len(t.findtext(O + "ShortName")) <= 16 and any("{searchTerms}" in u for u in urls) else 1)
PY

expect "article view: 200" 200 "$(get "$BASE?id=$ID&q=oil")"
ok "article view: shows the title and the stored text" python3 - "$ND_TMP/body" "$TITLE" <<'PY'
import html, re, sys
page = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", open(sys.argv[1], encoding="utf-8").read())).split())
sys.exit(0 if " ".join(sys.argv[2].split()) in page and "Back to the results" in page else 1)
PY
expect "article view: unknown id is 404" 404 "$(get "$BASE?id=0000000000000000")"
expect "article view: a malformed id is 400" 400 "$(get "$BASE?id=../../etc/passwd")"

# page 2 and a filter link taken from a page
expect "page 2: 200" 200 "$(get "$BASE?q=the&page=2")"
ok "page 2 lists other articles than page 1" bash -c "
    curl -s '$BASE?q=the' | grep -o 'href=\"?id=[0-9a-f]*' | sort >'$ND_TMP/p1'
    grep -o 'href=\"?id=[0-9a-f]*' '$ND_TMP/body' | sort >'$ND_TMP/p2'
    [ -s '$ND_TMP/p2' ] && ! cmp -s '$ND_TMP/p1' '$ND_TMP/p2'"
LINK=$(grep -o 'href="?q=oil+prices&amp;f=[^"]*"' "$ND_TMP/results.html" | head -1 | sed 's/^href="//; s/"$//; s/&amp;/\&/g')
say "filter link: $LINK"
expect "a filter link from the results answers 200" 200 "$(get "$BASE$LINK")"
ok "the filtered page shows the filter as removable" grep -q 'class="chip"' "$ND_TMP/body"
expect "a filter that is not field:name is 400" 400 "$(get "$BASE?q=oil&f=path%3A%2Fetc")"

# collections by name, never by path
expect "c=samples: 200" 200 "$(get "$BASE?q=oil&c=samples")"
expect "c=../etc: 400" 400 "$(get "$BASE?q=oil&c=..%2F..%2Fetc")"
expect "c=/etc: 400" 400 "$(get "$BASE?q=oil&c=%2Fetc")"
expect "a configured but missing collection: 503" 503 "$(get "$BASE?q=oil&c=gone")"
expect "a damaged collection: 503" 503 "$(get "$BASE?q=oil&c=broken")"
expect "a directory that is no collection: 503" 503 "$(get "$BASE?q=oil&c=empty")"
expect "a configured but missing collection: 503 (again, for the page)" 503 "$(get "$BASE?q=oil&c=gone")"
ok "503 page is short and does not show the path" bash -c "[ \$(wc -c <'$ND_TMP/body') -lt 4000 ] && ! grep -q 'no-such-collection' '$ND_TMP/body'"
# lighttpd keeps a CGI's stderr in its error log (or its own stderr)
ok "503 details are in the server's log" grep -q 'no-such-collection' "$ND_TMP/lighttpd-error.log" "$ND_TMP/lighttpd.out"
if [ -n "$GEN" ]; then
    Q=$(awk -F'\t' '!/^#/ && NF > 1 {print $2; exit}' "$ND_TMP/gen/queries.tsv" 2>/dev/null)
    expect "c=gen (generated archive): 200 for '${Q:-market}'" 200 "$(get "$BASE?c=gen&q=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "${Q:-market}")")"
    ok "c=gen: results and person links" bash -c "grep -q 'class=\"hit\"' '$ND_TMP/body' && grep -q 'f=person%3A' '$ND_TMP/body'"
    expect "c=gen: page 2 of 'the'" 200 "$(get "$BASE?c=gen&q=the&page=2")"
fi

# --- facets, date ranges, sorting, near-duplicates, did you mean ------------------
# on the generated archive when there is one, else on samples/
if [ -n "$GEN" ]; then FC=gen; FQ=${Q:-the}; else FC=samples; FQ=the; fi
FQE=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$FQ")
FBASE="$BASE?c=$FC&q=$FQE"
expect "facets: results page for '$FQ' on $FC" 200 "$(get "$FBASE")"
cp "$ND_TMP/body" "$ND_TMP/facets.html"
# the first facet entry of each kind present, as a path relative to the CGI
facet_link() { # KIND-REGEX
    python3 - "$ND_TMP/facets.html" "$1" <<'PY'
import html, re, sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.inside = False; s.found = None
    def handle_starttag(s, t, a):
        a = dict(a)
        if t == "aside" and "facets" in (a.get("class") or ""): s.inside = True
        if s.inside and t == "a" and re.search(sys.argv[2], a.get("href") or "") and s.found is None:
            s.found = a["href"]
    def handle_endtag(s, t):
        if t == "aside": s.inside = False
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
print(p.found or "")
PY
}
total_of() { # URL: the JSON total of the search at URL
    curl -s --max-time 20 "$1&format=json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'
}
ALL=$(total_of "$FBASE")
PL=$(facet_link 'f=person%3A')
say "person facet: $PL (of $ALL matches)"
ok "facets: the sidebar has a person entry counted over all matches" test -n "$PL"
if [ -n "$PL" ]; then
    expect "facets: a click on the person entry answers 200" 200 "$(get "$BASE$PL")"
    ok "facets: the clicked entry is an active, removable filter" grep -q 'class="chip"' "$ND_TMP/body"
    NARROW=$(total_of "$BASE$PL")
    ok "facets: the click narrows the results ($ALL -> $NARROW)" test "$NARROW" -gt 0 -a "$NARROW" -lt "$ALL"
    ok "facets: the active filter is not offered again in the sidebar" python3 - "$ND_TMP/body" "$PL" <<'PY'
import html, re, sys, urllib.parse
page = open(sys.argv[1], encoding="utf-8").read()
aside = page[page.find("<aside"):page.find("</aside>")]
name = urllib.parse.unquote_plus(re.search(r"f=person%3A([^&]*)", sys.argv[2]).group(1))
entries = [html.unescape(t) for t in re.findall(r'class="facet" href="[^"]*">([^<]*)</a>', aside)]
print(name, len(entries), "entries")
sys.exit(1 if name in entries or not entries else 0)
PY
fi
ML=$(facet_link 'from=[0-9]{4}-[0-9]{2}&(amp;)?to=')
say "month facet: $ML"
ok "facets: the sidebar has months" test -n "$ML"
if [ -n "$ML" ]; then
    ML=${ML//&amp;/&}
    MONTH=$(printf '%s' "$ML" | sed -n 's/.*from=\([0-9-]*\).*/\1/p')
    expect "facets: a month answers 200" 200 "$(get "$BASE$ML&format=json")"
    ok "facets: a month keeps only articles of $MONTH" python3 - "$ND_TMP/body" "$MONTH" "$ALL" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
ds = [h["date"] for h in j["hits"]]
print(j["total"], ds[:3])
sys.exit(0 if ds and all(d.startswith(sys.argv[2]) for d in ds) and j["total"] < int(sys.argv[3]) else 1)
PY
fi
expect "format=json&facets=1: 200" 200 "$(get "$FBASE&format=json&facets=1")"
ok "format=json&facets=1: facets as newsdex-query --facets gives them" python3 - "$ND_TMP/body" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
f = j.get("facets") or {}
print(j["schema"], sorted(f))
sys.exit(0 if {"person", "place", "org", "source", "month"} <= set(f) else 1)
PY
ok "format=json without facets=1: no facets (as newsdex-query without --facets)" bash -c \
    "curl -s '$FBASE&format=json' | python3 -c 'import json,sys; sys.exit(1 if \"facets\" in json.load(sys.stdin) else 0)'"

# a date range from the form narrows, and is checked
DR=$(total_of "$FBASE&from=2024-02&to=2024-03-15")
ok "from/to: a date range narrows ($ALL -> $DR)" test "$DR" -lt "$ALL"
expect "from/to: 200 with a range" 200 "$(get "$FBASE&from=2024-02&to=2024-03-15&format=json&n=50")"
ok "from/to: every hit is inside the range" python3 - "$ND_TMP/body" <<'PY'
import json, sys
ds = [h["date"][:10] for h in json.load(open(sys.argv[1]))["hits"]]
print(len(ds), min(ds or [""]), max(ds or [""]))
sys.exit(0 if all("2024-02-01" <= d <= "2024-03-15" for d in ds) else 1)
PY
expect "from/to: a range that ends before it starts is 400" 400 "$(get "$FBASE&from=2024-05&to=2024-03")"
expect "from/to: only a start (open range) is 200" 200 "$(get "$FBASE&from=2024-06")"

# sorting
for s in date oldest; do
    expect "sort=$s: 200" 200 "$(get "$FBASE&sort=$s&format=json&n=20")"
    ok "sort=$s: $([ $s = date ] && echo newest || echo oldest) first" python3 - "$ND_TMP/body" "$s" <<'PY'
import json, sys
ds = [h["date"] for h in json.load(open(sys.argv[1]))["hits"] if h["date"]]
want = sorted(ds, reverse=sys.argv[2] == "date")
print(ds[:3])
sys.exit(0 if len(ds) > 1 and ds == want else 1)
PY
done
expect "sort=recent: 200" 200 "$(get "$FBASE&sort=recent")"
ok "sort=recent: selected in the form" grep -q '<option value="recent" selected>' "$ND_TMP/body"

# did you mean: the first word of the query misspelt
MIS=$(printf '%s' "$FQ" | awk '{print $1}')
MIS=${MIS}x
expect "did you mean: 200 for '$MIS'" 200 "$(get "$BASE?c=$FC&q=$MIS")"
ok "did you mean: a suggestion linking to the corrected query" python3 - "$ND_TMP/body" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'id="suggest">Did you mean <a href="([^"]+)">([^<]+)</a>', page)
print(m.groups() if m else "none")
sys.exit(0 if m and "q=" in m.group(1) else 1)
PY

# near-duplicates: "+N similar" links to the same search with collapse=0
if [ -n "$GEN" ]; then
    found=
    for q in the update minister "$FQ"; do
        get "$BASE?c=gen&q=$q&n=50" >/dev/null
        if grep -q -E '>\+[0-9]+ similar</a>' "$ND_TMP/body"; then found=$q; break; fi
    done
    ok "near-duplicates: '+N similar' on the generated archive (query '${found:-none}')" test -n "$found"
    if [ -n "$found" ]; then
        SL=$(grep -o -E 'class="similar"><a href="[^"]*"' "$ND_TMP/body" | head -1 | sed 's/.*href="//; s/"$//; s/&amp;/\&/g')
        ok "near-duplicates: the link asks for collapse=0 ($SL)" bash -c "[[ '$SL' == *collapse=0* ]]"
        C1=$(total_of "$BASE?c=gen&q=$found")
        C0=$(total_of "$BASE$SL")
        expect "near-duplicates: the link answers 200" 200 "$(get "$BASE$SL")"
        ok "near-duplicates: collapse=0 shows the copies as hits of their own" python3 - "$ND_TMP/body" <<'PY'
import sys
sys.exit(1 if ">+" in open(sys.argv[1], encoding="utf-8").read() and " similar</a>" in open(sys.argv[1], encoding="utf-8").read() else 0)
PY
        say "collapsed total $C1, uncollapsed $C0"
    fi
    # the article view: entities and a link to similar articles
    AID=$(curl -s "$BASE?c=gen&q=$FQE&format=json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["id"])')
    expect "article view (gen): 200" 200 "$(get "$BASE?c=gen&id=$AID")"
    ok "article view: entities as filter links" grep -q -E '<dt>(People|Places|Organisations)</dt>' "$ND_TMP/body"
    LL=$(grep -o 'id="like" href="[^"]*"' "$ND_TMP/body" | sed 's/.*href="//; s/"$//; s/&amp;/\&/g')
    expect "article view: 'Articles like this one' answers 200 ($LL)" 200 "$(get "$BASE$LL")"
    ok "like=: lists other articles" grep -q 'class="hit"' "$ND_TMP/body"
fi
expect "collapse=2: 400" 400 "$(get "$BASE?q=oil&collapse=2")"
expect "like=../x: 400" 400 "$(get "$BASE?like=..%2Fx")"
expect "facets=yes: 400" 400 "$(get "$BASE?q=oil&facets=yes")"

# methods
expect "POST of a form: 200" 200 "$(get "$BASE" --data 'q=oil&format=json')"
ok "POST of a form: JSON" grep -qi '^content-type: application/json' "$ND_TMP/hdr"
expect "POST of another content type: 400" 400 "$(get "$BASE" -H 'Content-Type: text/plain' --data 'q=oil')"
expect "HEAD: 200" 200 "$(curl -s -I -o /dev/null -w '%{http_code}' "$BASE?q=oil")"
expect "PUT: 405" 405 "$(get "$BASE?q=oil" -X PUT --data x)"

# --- hostile requests -------------------------------------------------------------
n=0
while IFS=' ' read -r want qs; do
    [ -n "$qs" ] || continue
    n=$((n + 1))
    code=$(curl -s -D "$ND_TMP/h.$n" -o "$ND_TMP/b.$n" -w '%{http_code}' --max-time 15 "$BASE?$qs")
    # 400 from lighttpd itself: it refuses control characters in a URL
    case " ${want//,/ } " in
    *" $code "*) pass "hostile $qs -> $code" ;;
    *) fail "hostile $qs" "got $code, want $want" ;;
    esac
done <<'LIST'
400 q=%zz%ff%fe
400 q=%C0%AF
400 q=oil&page=-1
400 q=oil&page=0
400 q=oil&page=999999999999
400 q=oil&n=100000
400 q=oil&sort=%00
400 q=oil&sort=random
400 q=oil&from=yesterday
400 q=oil&from=2023-13-01
400 q=oil&format=../../etc/passwd
400 q=oil&q=gas
400 q=a*
400 q=((((((((((((((((((((((((((((((oil
400 q=oil&id=%3Cscript%3E
200 db=../../../../etc&q=oil
200 q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E%3Cimg%20src=x%20onerror=alert(2)%3E
200 q=oil&f=person%3A%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E
200 q=x%27%20onmouseover%3D%27alert(1)
400 q=oil%0d%0aSet-Cookie:%20pwn=1&sort=date%0d%0aX-Pwn:%201
200,400 q=oil%0d%0aSet-Cookie:%20pwn=1
400 q=oil&c=%0d%0aX-Pwn:%201
LIST
ok "no response carries an injected header" bash -c "! grep -qi -E '^(set-cookie|x-pwn)' '$ND_TMP'/h.*"
ok "no response carries /etc/passwd" bash -c "! grep -q 'root:x:0:0' '$ND_TMP'/b.*"
ok "no response has a <script> or an on* attribute (HTML parser)" python3 - "$ND_TMP" <<'PY'
import glob, sys
from html.parser import HTMLParser
bad = []
class P(HTMLParser):
    def handle_starttag(s, t, a):
        if t in ("script", "img", "iframe", "svg"): bad.append((t, a))
        for k, v in a:
            if k.startswith("on") or k == "style" or (v or "").strip().lower().startswith("javascript:"): bad.append((t, k, v))
for f in glob.glob(sys.argv[1] + "/b.*"):
    P().feed(open(f, encoding="utf-8", errors="replace").read())
print(bad[:3])
sys.exit(1 if bad else 0)
PY
LONG=$(python3 -c 'print("a" * 70000)')
code=$(NEWSDEX_CONF=$CONF REQUEST_METHOD=GET QUERY_STRING="q=$LONG" "$CGI" 2>/dev/null | head -1 | tr -d '\r')
expect "a 70,000-byte query string straight to the CGI: 414" "Status: 414 URI Too Long" "$code"
code=$(NEWSDEX_CONF=$ND_TMP/none.conf REQUEST_METHOD=GET QUERY_STRING="q=oil" "$CGI" 2>/dev/null | head -1 | tr -d '\r')
expect "no configuration: 503" "Status: 503 Service Unavailable" "$code"
ok "shell mode: newsdex.cgi 'q=oil prices' format=json" bash -c "
    NEWSDEX_COLLECTION='$S' '$CGI' 'q=oil prices' format=json | sed '1,/^\r\$/d' | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)[\"hits\"] else 1)'"

finish
