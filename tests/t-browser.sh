#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-browser.sh - the search page in a real browser: Debian's chromium in
# headless mode driven by playwright-core from npm (tests/browser/browse.js)
# against newsdex.cgi behind lighttpd. Screenshots of each page go to
# $top_builddir/tests/artifacts/. Installs chromium, lighttpd, nodejs and
# npm from Debian when root; skips with a message when that is impossible.
# playwright-core is installed with npm (package-lock.json) into the build
# tree; a browser is never downloaded.
# shellcheck source=tests/lib.sh
. "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
need_python

if [ -n "${NEWSDEX_CGI:-}" ]; then
    CGI=$NEWSDEX_CGI
elif [ -n "${NEWSDEX_BINDIR:-}" ]; then
    CGI=$(find "$NEWSDEX_BINDIR/.." -name newsdex.cgi -type f 2>/dev/null | head -1)
else
    CGI=$top_builddir/newsdex.cgi
fi
[ -x "$CGI" ] || hard_error "newsdex.cgi not found (${CGI:-none})"
if [ "${ND_SANITIZERS:-0}" = 1 ]; then
    skip_all "sanitizer build: the browser test runs in the normal build"
fi

need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
have lighttpd || need="$need lighttpd"
have node || need="$need nodejs"
have npm || need="$need npm"
have curl || need="$need curl"
if [ -n "$need" ]; then
    if [ "$(id -u)" = 0 ] && have apt-get; then
        say "installing$need from Debian"
        export DEBIAN_FRONTEND=noninteractive
        # shellcheck disable=SC2086
        apt-get install -y -qq $need >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $need >/dev/null 2>&1; }
    fi
    [ -x /usr/bin/chromium ] && have lighttpd && have node && have npm && have curl ||
        skip_all "need$need (Debian packages) and cannot install them: not root or no apt-get"
fi

# playwright-core from npm, pinned by package-lock.json, in the build tree
NODE_DIR=$top_builddir/tests/browser-node
if [ ! -d "$NODE_DIR/node_modules/playwright-core" ]; then
    mkdir -p "$NODE_DIR"
    cp "$top_srcdir/tests/browser/package.json" "$top_srcdir/tests/browser/package-lock.json" "$NODE_DIR/"
    chmod u+w "$NODE_DIR"/package*.json
    say "npm ci playwright-core into $NODE_DIR"
    (cd "$NODE_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >npm.log 2>&1) ||
        skip_all "npm could not install playwright-core (offline?): $(tail -3 "$NODE_DIR/npm.log" 2>/dev/null)"
fi

# a generated archive with near-duplicates when ../shared is there, else samples/
C=$ND_TMP/coll
if [ -x "$NEWSDEX_SHARED/tools/gen-corpus" ] &&
    "$NEWSDEX_SHARED/tools/gen-corpus" --articles 300 --seed 7 --dup-rate 0.25 \
        --out "$ND_TMP/gen" -q; then
    say "archive: generated (300 articles, near-duplicates)"
    newsdex_index -q -c "$C" "$ND_TMP/gen" >/dev/null 2>&1 || hard_error "indexing the generated archive failed"
else
    say "archive: samples/ (no $NEWSDEX_SHARED/tools/gen-corpus)"
    newsdex_index -q -c "$C" "$top_srcdir/samples" >/dev/null 2>&1 || hard_error "indexing samples/ failed"
fi

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
setenv.add-environment = ("NEWSDEX_COLLECTION" => "$C")
CONF
lighttpd -D -f "$ND_TMP/lighttpd.conf" 2>"$ND_TMP/lighttpd.out" &
LPID=$!
trap 'kill $LPID 2>/dev/null; wait $LPID 2>/dev/null; nd_cleanup' EXIT
for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
    sleep 0.1
done

ART=$top_builddir/tests/artifacts
mkdir -p "$ART"
rm -f "$ART"/*.png
if NODE_PATH=$NODE_DIR/node_modules HOME=$ND_TMP timeout 180 \
    node "$top_srcdir/tests/browser/browse.js" "http://127.0.0.1:$PORT/cgi-bin/newsdex.cgi" "$ART" >"$ND_TMP/browse.out" 2>&1; then
    pass "browser: query, facet, page 2, article, like, month, sort (playwright-core + /usr/bin/chromium)"
else
    fail "browser: query, facet, page 2, article" "$(tail -20 "$ND_TMP/browse.out")"
fi
sed 's/^/# /' "$ND_TMP/browse.out"
n=$(find "$ART" -name '*.png' -size +1k | wc -l)
if [ "$n" -ge 8 ]; then pass "$n screenshots in $ART"; else fail "screenshots" "$n in $ART"; fi
finish
