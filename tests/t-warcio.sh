#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-warcio.sh - the newsdex-ingest stream read by an independent WARC
# reader: the warcio package from npm (installed once into the build tree,
# tests/npm-warcio; the script skips when npm, node or the registry is not
# there). Every record is read, one per article, of type "conversion",
# its body as long as its Content-Length says, and the WARC-Record-IDs are
# all different.
# shellcheck source=tests/lib.sh
. "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
need_python
have npm && have node || skip_all "skipped: needs npm and node"
N=$top_builddir/tests/npm-warcio
if [ ! -d "$N/node_modules/warcio" ]; then
    mkdir -p "$N" && (cd "$N" && timeout 300 npm install --silent --no-audit --no-fund warcio@2 >/dev/null 2>&1) ||
        skip_all "skipped: npm install warcio failed (offline?)"
fi
cat >"$N/read.mjs" <<'JS'
import fs from "fs";
import { WARCParser } from "warcio";
const parser = new WARCParser(fs.createReadStream(process.argv[2]));
let n = 0, bad = 0;
const ids = new Set();
for await (const rec of parser) {
  const body = await rec.readFully();
  const len = parseInt(rec.warcHeaders.headers.get("Content-Length"));
  if (rec.warcType !== "conversion" || body.length !== len) bad++;
  ids.add(rec.warcHeaders.headers.get("WARC-Record-ID"));
  n++;
}
console.log(n, "records,", bad, "bad,", ids.size, "ids");
JS

A=$top_srcdir/samples
ok "newsdex-ingest the samples" newsdex_ingest -o "$ND_TMP/s.warc.gz" "$A"
ok "index the samples" newsdex_index -q -c "$ND_TMP/c" "$A"
NART=$(newsdex_query -c "$ND_TMP/c" --stats --format json | json - "j['articles']")
read_all() {
    (cd "$N" && node read.mjs "$ND_TMP/s.warc.gz") >"$ND_TMP/w.out" || return 1
    cat "$ND_TMP/w.out"
    grep -qx "$NART records, 0 bad, $NART ids" "$ND_TMP/w.out"
}
ok "warcio reads every record: one per article, type conversion, right Content-Length" read_all

finish
