#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-hostile.sh - hostile input: an archive of malicious and broken files
# (tests/hostile/cases.tsv, made by tests/hostile/make-corpus.py) with good
# control files beside them and a canary file outside. One run must end by
# itself (exit 3) within a 4 GB address space and 1 GiB of RSS, index every
# control file and every good part, report every skipped file on stderr and
# in --report with its reason, open nothing outside the archive and the
# collection (strace), touch no network, and store and print only valid
# UTF-8 without control characters. A second run adds nothing; a run with
# small caps names the option of each cap in its messages.
# shellcheck source=tests/lib.sh
. "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"
need_python

H=$top_srcdir/tests/hostile
S=$ND_TMP/s        # the generated corpus: archive/ caps/ alone/ outside/
A=$S/archive
C=$ND_TMP/coll     # main run
CC=$ND_TMP/coll-caps
CI=$ND_TMP/coll-items
CA=$ND_TMP/coll-alone
# a run must end by itself well before this (it takes ~20 s here)
RUN_TIMEOUT=${ND_HOSTILE_TIMEOUT:-240}
ALONE_TIMEOUT=20

say "generating the corpus"
python3 "$H/make-corpus.py" "$S" >"$ND_TMP/na.tsv" ||
    hard_error "make-corpus.py failed"
# a newsdex-ingest stream of 20 records for the --max-items check
newsdex_ingest -o "$S/caps/ingested.warc.gz" "$S/warc-src" >/dev/null 2>&1 ||
    hard_error "newsdex-ingest of $S/warc-src failed"
while IFS=$'\t' read -r _ name why; do
    say "not applicable here: $name ($why)"
done <"$ND_TMP/na.tsv"

# ---- the main run: ulimit -v, timeout, /usr/bin/time, strace, no network ----
wrap=()
if have unshare && unshare -n true 2>/dev/null; then
    wrap+=(unshare -n)
    say "the run has no network (unshare -n)"
fi
if ! have strace && [ "$(id -u)" = 0 ] && have apt-get &&
    [ "${ND_NO_INSTALL:-0}" != 1 ]; then
    say "installing strace (apt-get install -y strace)"
    apt-get install -y -q strace >/dev/null 2>&1 || say "could not install strace"
fi
STRACE_LOG=
# Under ASan (ND_SANITIZERS, set by a --enable-sanitizers build) the run is
# not traced: LeakSanitizer cannot work under ptrace. Nor is its address
# space limited: ASan reserves terabytes of shadow memory up front.
SAN=${ND_SANITIZERS:-0}
limit_vm() { [ "$SAN" = 1 ] || ulimit -v 4000000; }
if [ "$SAN" = 1 ]; then
    say "sanitizer build: no strace, no ulimit -v (ASan's shadow memory)"
elif have strace && strace -f -o /dev/null true 2>/dev/null; then
    STRACE_LOG=$ND_TMP/strace.log
    sopts=(-f -qq -y -xx -s 8192 -o "$STRACE_LOG"
        -e "trace=open,openat,openat2,connect,socket")
    if strace -f --seccomp-bpf -o /dev/null true 2>/dev/null; then
        sopts=(--seccomp-bpf "${sopts[@]}") # much faster: only these stop
    fi
    wrap+=(strace "${sopts[@]}")
fi
TIME_LOG=
if [ -x /usr/bin/time ] && /usr/bin/time -v -o /dev/null true 2>/dev/null; then
    TIME_LOG=$ND_TMP/time.txt
    wrap+=(/usr/bin/time -v -o "$TIME_LOG")
fi
if have timeout; then
    wrap+=(timeout "$RUN_TIMEOUT")
fi

main_run() {
    (
        limit_vm
        exec "${wrap[@]}" "$ND_INDEX" -c "$C" --report "$ND_TMP/r.json" "$A"
    ) >"$ND_TMP/main.out" 2>"$ND_TMP/main.err"
    echo $? >"$ND_TMP/main.rc"
}
say "indexing the hostile archive: ${wrap[*]} newsdex-index"
start=$(date +%s)
main_run
say "main run: exit $(cat "$ND_TMP/main.rc") after $(($(date +%s) - start)) s"

expect_exit() { # FILE WANT
    local got
    got=$(cat "$1")
    [ "$got" = "$2" ] && return 0
    echo "exit status $got, expected $2 (124: timeout, >128: a signal)"
    tail -n 5 "${1%.rc}.err"
    return 1
}
ok "main run ends by itself with exit 3 (done, inputs skipped), no crash, < 4 GB" \
    expect_exit "$ND_TMP/main.rc" 3
if [ "$SAN" = 1 ]; then
    skip "main run: peak RSS under 1 GiB" "sanitizer build (ASan's own memory)"
elif [ -n "$TIME_LOG" ]; then
    rss_ok() {
        local kb
        kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TIME_LOG")
        echo "peak RSS ${kb:-?} KB"
        [ -n "$kb" ] && [ "$kb" -lt 1048576 ]
    }
    ok "main run: peak RSS under 1 GiB" rss_ok
else
    skip "main run: peak RSS under 1 GiB" "/usr/bin/time -v not available"
fi

# ---- the run with small caps -------------------------------------------------
caps_run() {
    newsdex_index -c "$CC" --report "$ND_TMP/r-caps.json" \
        --max-file-bytes 1M --max-inflated-bytes 4M --max-article-bytes 64k \
        --max-items 10 --max-depth 8 "$S/caps" \
        >"$ND_TMP/caps.out" 2>"$ND_TMP/caps.err"
    echo $? >"$ND_TMP/caps.rc"
}
caps_run
ok "small-caps run ends with exit 3" expect_exit "$ND_TMP/caps.rc" 3

# ---- 200 000 items per file: --max-items 10 --------------------------------------
items_run() {
    (
        limit_vm
        exec timeout "$RUN_TIMEOUT" "$ND_INDEX" -c "$CI" \
            --report "$ND_TMP/r-items.json" --max-items 10 "$S/items"
    ) >"$ND_TMP/items.out" 2>"$ND_TMP/items.err"
    echo $? >"$ND_TMP/items.rc"
}
start=$(date +%s)
items_run
say "items run: exit $(cat "$ND_TMP/items.rc") after $(($(date +%s) - start)) s"
ok "--max-items 10 run over 200 000-item files ends with exit 3" \
    expect_exit "$ND_TMP/items.rc" 3

# ---- cases indexed alone, each within a time limit ---------------------------
mkdir -p "$ND_TMP/alone"
for f in "$S"/alone/*; do
    b=$(basename "$f")
    start=$(date +%s)
    timeout "$ALONE_TIMEOUT" "$ND_INDEX" -q -c "$CA-$b" \
        --report "$ND_TMP/alone/$b.json" "$f" >/dev/null 2>"$ND_TMP/alone/$b.err"
    rc=$?
    printf '%s\t%s\t%s\n' "$b" "$rc" "$(($(date +%s) - start))" >>"$ND_TMP/alone.tsv"
done

# ---- every case, every check ---------------------------------------------------
# check.py prints one line per check: PASS/FAIL/SKIP <tab> what <tab> why
check_all() {
    python3 - "$H/cases.tsv" "$ND_TMP" "$S" "$ND_QUERY" "${STRACE_LOG:-}" \
        "$top_builddir" <<'EOF'
import json, os, re, subprocess, sys

cases_tsv, tmp, scratch, query, strace_log, builddir = sys.argv[1:7]
fsenc = os.fsencode
out = []


def emit(kind, what, why=""):
    why = "; ".join(str(why).splitlines())
    out.append("%s\t%s\t%s" % (kind, what, why[:1500]))


roots = {"main": scratch + "/archive", "caps": scratch + "/caps",
         "items": scratch + "/items", "alone": scratch + "/alone"}
colls = {"main": tmp + "/coll", "caps": tmp + "/coll-caps",
         "items": tmp + "/coll-items"}
na = {}
for line in open(tmp + "/na.tsv", encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if len(f) >= 3 and f[0] == "na":
        na[f[1]] = f[2]


def unescape(s):
    """A path of the table as bytes: Python escapes allowed."""
    return s.encode("latin-1", "backslashreplace").decode(
        "unicode_escape").encode("latin-1")


cases = []
cols = None
for line in open(cases_tsv, encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    f = line.rstrip("\n").split("\t")
    if cols is None:
        cols = f
        continue
    c = dict(zip(cols, f))
    c["paths"] = [unescape(p) for p in c["path"].split(";")]
    cases.append(c)


def clean(s):
    """Text as the JSON shows it, for comparison: without U+FFFD and
    control characters (both stand for bytes that are not shown)."""
    return "".join(ch for ch in s if ch != "\ufffd" and ord(ch) >= 0x20
                   and ch != "\x7f")


def shown(b):
    return clean(b.decode("utf-8", "replace"))


def on_stderr(b):
    return bytes(0x3F if x < 0x20 else x for x in b)


class Run:
    def __init__(self, run, report, err):
        self.run = run
        self.root = roots[run]
        try:
            self.report = json.load(open(report, encoding="utf-8"))
        except Exception as e:  # noqa: BLE001 - any failure is the finding
            self.report = {"errors": []}
            emit("FAIL", "%s run: --report is valid JSON" % run, e)
        self.errors = self.report.get("errors", [])
        self.err = open(err, "rb").read().split(b"\n") if os.path.exists(
            err) else []
        self.claimed = set()

    def full(self, rel):
        return fsenc(self.root) + b"/" + rel

    def errors_for(self, rel):
        p = self.full(rel)
        want = shown(p)
        res = []
        for i, e in enumerate(self.errors):
            got = clean(e.get("path", ""))
            if got == want or (rel.endswith(b"/") and got.startswith(want)):
                res.append(e)
                self.claimed.add(i)
        return res

    def stderr_has(self, rel, reason):
        p = b"newsdex-index: " + on_stderr(self.full(rel))
        if not rel.endswith(b"/"):
            p += b": "
        r = reason.encode() if reason not in ("-", "*") else b""
        return any(l.startswith(p) and r in l for l in self.err)


qcache = {}


def hits(run, word):
    key = (run, word)
    if key not in qcache:
        p = subprocess.run([query, "-c", colls.get(run, ""), "--format", "json",
                            "-n", "50", word], capture_output=True)
        try:
            qcache[key] = json.loads(p.stdout.decode("utf-8"))["hits"]
        except Exception:  # noqa: BLE001
            qcache[key] = None
    return qcache[key]


def found(run, word, rels, formats):
    """Whether 'word' is found in a hit of one of the files 'rels'."""
    h = hits(run, word)
    if h is None:
        return False, "query failed"
    want = [shown(fsenc(roots[run]) + (b"/" + r if r else b""))
            for r in rels]
    for x in h:
        p = clean(x.get("path", ""))
        if not any(p == w or (w.endswith("/") and p.startswith(w))
                   for w in want):
            continue
        if formats and x.get("format") not in formats:
            return False, "found, but in format %r" % x.get("format")
        return True, ""
    return False, ("not found" if not h else
                   "found only in %s" % [x.get("path") for x in h[:3]])


runs = {"main": Run("main", tmp + "/r.json", tmp + "/main.err"),
        "caps": Run("caps", tmp + "/r-caps.json", tmp + "/caps.err"),
        "items": Run("items", tmp + "/r-items.json", tmp + "/items.err")}

# alone cases: one collection and report each
alone = {}
if os.path.exists(tmp + "/alone.tsv"):
    for line in open(tmp + "/alone.tsv", encoding="utf-8"):
        b, rc, secs = line.rstrip("\n").split("\t")
        alone[b] = (int(rc), int(secs))

# Which of the formats still being written have landed: a placeholder
# claims no file, so no article of the main or items run has its name.
landed = {}
for c in cases:
    if c["name"].startswith("probe-") and c["pending"] != "-":
        fmt = c["format"].split(",")[0]
        n = 0
        for run in ("main", "items"):
            p = subprocess.run([query, "-c", colls[run], "--format", "json",
                                "-n", "0", "format:" + fmt],
                               capture_output=True)
            try:
                n += json.loads(p.stdout.decode("utf-8"))["total"]
            except Exception:  # noqa: BLE001 - counted as not landed
                pass
        landed[c["pending"]] = n > 0
        if n == 0:
            out.append("NOTE\tformat %s: no article has it yet (placeholder):"
                       " its cases accept skipped or indexed\t" % fmt)


def judge(c):
    """(verdict, detail): verdict PASS, FAIL or PENDING."""
    run = c["run"]
    if run == "alone":
        b = c["paths"][0].decode()
        rc, secs = alone.get(b, (None, 0))
        if rc is None:
            return "FAIL", "not run"
        if rc == 124:
            return "FAIL", "indexing it alone took over %d s (killed)" % secs
        if rc not in (0, 3):
            return "FAIL", "indexing it alone: exit %d" % rc
        colls["alone"] = tmp + "/coll-alone-" + b
        roots["alone"] = scratch + "/alone/" + b
        rels = [b""]
        rep = Run("alone", tmp + "/alone/" + b + ".json",
                  tmp + "/alone/" + b + ".err")
        rep.root = roots["alone"]
        rep.full = lambda rel: fsenc(rep.root)
        r = rep
    else:
        r = runs[run]
        rels = c["paths"]
    for rel in rels:
        full = r.full(rel)
        if not os.path.lexists(full.rstrip(b"/") or b"/"):
            return "FAIL", "the corpus lacks %r (make-corpus.py and " \
                           "cases.tsv disagree)" % full
    errs = [e for rel in rels for e in r.errors_for(rel)]
    file_errs = [e for e in errs if "item" not in e]
    formats = [] if c["format"] == "-" else c["format"].split(",")
    tokens = [] if c["tokens"] == "-" else c["tokens"].split()
    reason = c["reason"]
    why = []

    def tokens_found():
        for t in tokens:
            ok, d = found(run, t, rels if run != "alone" else [b""],
                          formats)
            if not ok:
                why.append("%s: %s" % (t, d))
                return False
        return True

    def skipped():
        if not file_errs and not (rels[0].endswith(b"/") and errs):
            why.append("not in the report's errors")
            return False
        if reason not in ("-", "*") and not any(
                reason in e.get("reason", "") for e in errs):
            why.append("no error says %r: %s" % (
                reason, [e.get("reason") for e in errs]))
            return False
        for rel in rels:
            if not r.stderr_has(rel, reason):
                why.append("no stderr line 'newsdex-index: %s: ...%s...'" % (
                    rel.decode("utf-8", "replace"), reason))
                return False
        return True

    def alternative(kind):
        if kind == "indexed":
            if not tokens_found():
                return False
            if errs:
                why.append("reported: %s" % [e.get("reason") for e in errs])
                return False
            return True
        if kind == "indexed-partly":
            if not tokens_found():
                return False
            if reason == "*" and not errs:
                why.append("no error reported for its bad part")
                return False
            if reason not in ("-", "*") and not any(
                    reason in e.get("reason", "") for e in errs):
                why.append("no error says %r: %s" % (
                    reason, [e.get("reason") for e in errs]))
                return False
            return True
        if kind == "skipped":
            return skipped()
        if kind == "ignored":
            if errs:
                why.append("reported: %s" % errs)
                return False
            return True
        why.append("unknown outcome %r in cases.tsv" % kind)
        return False

    if c["pending"] != "-" and not landed.get(c["pending"], True):
        # The format is still a placeholder: indexed somehow or skipped is
        # accepted, if what is reported is on stderr too.
        ok = all(r.stderr_has(rel, "-") for rel in rels) if errs else True
        if not ok:
            why.append("reported, but not on stderr")
        return ("PENDING" if ok else "FAIL"), "; ".join(why)
    verdict = "PASS" if any(alternative(k) for k in
                            c["expect"].split("|")) else "FAIL"
    if c["absent"] != "-":
        h = hits(run, c["absent"])
        if h:
            verdict = "FAIL"
            why.append("%s must not be indexed, found in %s" % (
                c["absent"], [x.get("path") for x in h[:3]]))
    return verdict, "; ".join(why)


counts = {}
for c in cases:
    what = "%s [%s]: %s (%s)" % (c["name"], c["category"], c["expect"],
                                 c["description"])
    if c["name"] in na:
        emit("SKIP", what, "not applicable: " + na[c["name"]])
        counts.setdefault(c["category"], [0, 0, 0, 0])[3] += 1
        continue
    v, d = judge(c)
    k = counts.setdefault(c["category"], [0, 0, 0, 0])
    if v == "PASS":
        k[0] += 1
        emit("PASS", what)
    elif v == "PENDING":
        k[2] += 1
        emit("PASS", what + " - pending: format %s not landed yet" %
             c["pending"])
    else:
        k[1] += 1
        emit("FAIL", what, d)

for run in ("main", "caps", "items"):
    r = runs[run]
    rest = [e for i, e in enumerate(r.errors) if i not in r.claimed]
    if rest:
        emit("FAIL", "%s run: every error belongs to a case" % run,
             "unexpected: %s" % rest[:10])
    else:
        emit("PASS", "%s run: every error belongs to a case" % run)
    lines = [l for l in r.err if l.startswith(b"newsdex-index: ")]
    missing = [e["path"] for e in r.errors
               if not any(on_stderr(e["path"].encode()) in l or
                          "\ufffd" in e["path"] for l in lines)]
    if missing:
        emit("FAIL", "%s run: every report error is on stderr" % run,
             missing[:10])
    else:
        emit("PASS", "%s run: every report error is on stderr" % run)

# nothing from outside the archive
outside = ["hxcanary", "hxcanarydir"]
try:
    if b"nologin" in open("/etc/passwd", "rb").read():
        outside.append("nologin")
except OSError:
    pass
for w in outside:
    for run in ("main", "caps"):
        h = hits(run, w)
        if h:
            emit("FAIL", "%s run: %s (outside the archive) is not indexed"
                 % (run, w), [x.get("path") for x in h[:5]])
        else:
            emit("PASS", "%s run: %s (outside the archive) is not indexed"
                 % (run, w))

# JSON of a query over every token: valid UTF-8, no control characters
words = sorted({t for c in cases if c["run"] == "main" and c["tokens"] != "-"
                for t in c["tokens"].split()})
p = subprocess.run([query, "-c", colls["main"], "--format", "json", "-n",
                    "1000", " OR ".join(words)], capture_output=True)
try:
    j = json.loads(p.stdout.decode("utf-8", "strict"))
    bad = []

    def walk(v, where):
        if isinstance(v, str):
            for ch in v:
                if ord(ch) < 0x20 or ch == "\x7f":
                    bad.append("%s: %r" % (where, v[:60]))
                    break
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(x, where + "." + k)
        elif isinstance(v, list):
            for i, x in enumerate(v):
                walk(x, where)
    walk(j, "hits")
    if p.returncode != 0 or len(j.get("hits", [])) < len(words) // 2:
        emit("FAIL", "JSON of a query over all %d tokens" % len(words),
             "exit %d, %d hits" % (p.returncode, len(j.get("hits", []))))
    elif bad:
        emit("FAIL", "JSON output holds no control characters", bad[:5])
    else:
        emit("PASS", "JSON output over %d hits: valid UTF-8, no control "
             "characters" % len(j["hits"]))
except Exception as e:  # noqa: BLE001
    emit("FAIL", "JSON output is valid UTF-8 JSON", "%s: %r" % (e, p.stdout[:200]))

# the terms of the collection: valid UTF-8 without control characters
try:
    p = subprocess.run(["xapian-delve", "-a", "-1", colls["main"]],
                       capture_output=True)
    if p.returncode != 0:
        raise OSError(p.stderr.decode("utf-8", "replace")[:200])
    bad = []
    for t in p.stdout.split(b"\n")[1:]:
        try:
            s = t.decode("utf-8")
            if any(ord(ch) < 0x20 or ch == "\x7f" for ch in s):
                bad.append(t[:100])
        except UnicodeDecodeError:
            bad.append(t[:100])
    if bad:
        emit("FAIL", "every term is valid UTF-8 without control characters",
             "%d bad terms: %r" % (len(bad), bad[:5]))
    else:
        emit("PASS", "every term is valid UTF-8 without control characters")
except OSError as e:
    emit("SKIP", "every term is valid UTF-8 without control characters",
         "xapian-delve not usable: %s" % e)

# strace: nothing opened outside the archive and the collection, no network
if strace_log:
    A = os.path.normpath(fsenc(scratch + "/archive"))
    allow_prefix = [A + b"/", fsenc(colls["main"]), fsenc(tmp + "/r.json")]
    system = [b"/lib/", b"/lib64/", b"/usr/lib/", b"/usr/lib64/",
              b"/usr/local/lib/", b"/usr/share/", b"/etc/ld.so.cache",
              b"/etc/ld.so.preload", b"/etc/localtime", b"/proc/self/",
              b"/proc/sys/vm/overcommit_memory", fsenc(tmp + "/time.txt"),
              b"/proc/thread-self/", b"/sys/devices/system/cpu/",
              b"/dev/null", b"/dev/urandom", b"/sys/fs/cgroup/"]
    bin_dir = os.path.dirname(fsenc(os.path.abspath(query)))
    system.append(os.path.normpath(bin_dir + b"/../lib") + b"/")
    system.append(fsenc(os.path.abspath(builddir)) + b"/.libs/")
    # the dynamic loader searches LD_LIBRARY_PATH (and its hwcaps subdirs)
    for d in os.environ.get("LD_LIBRARY_PATH", "").split(":"):
        if d:
            system.append(os.path.normpath(fsenc(os.path.abspath(d))) + b"/")
    # the entity gazetteers (lib/ner.c): $NEWSDEX_DATADIR or pkgdatadir
    if os.environ.get("NEWSDEX_DATADIR"):
        system.append(os.path.normpath(fsenc(os.path.abspath(
            os.environ["NEWSDEX_DATADIR"]))) + b"/")
    system.append(os.path.normpath(bin_dir + b"/../share/newsdex") + b"/")
    rx = re.compile(rb'^\d+\s+(open|openat|openat2)\((?:(AT_FDCWD|\d+)'
                    rb'(?:<((?:\\x[0-9a-f]{2})*)>)?, )?"((?:\\x[0-9a-f]{2})*)"')
    net = re.compile(rb'^\d+\s+(socket|connect)\(')
    hx = lambda s: bytes.fromhex(s.replace(b"\\x", b"").decode())
    bad, nets, n = [], [], 0
    for line in open(strace_log, "rb"):
        if net.match(line):
            nets.append(line[:200])
            continue
        m = rx.match(line)
        if not m:
            continue
        n += 1
        path = hx(m.group(4))
        if not path.startswith(b"/"):
            base = hx(m.group(3)) if m.group(3) else None
            if base is None:
                bad.append(b"unresolved: " + line[:200])
                continue
            path = base + b"/" + path
        path = os.path.normpath(path)
        if path == A or any(path.startswith(p) for p in allow_prefix) or \
                any(path.startswith(p) or path == p.rstrip(b"/")
                    for p in system) or re.match(rb"^/proc/\d+/", path):
            continue
        bad.append(path)
    if n == 0:
        emit("FAIL", "strace: the log shows the opens", "no open in the log")
    elif bad:
        emit("FAIL", "strace: %d opens, none outside the archive, the "
             "collection and system files" % n,
             sorted(set(x.decode("utf-8", "replace") for x in bad))[:10])
    else:
        emit("PASS", "strace: %d opens, none outside the archive, the "
             "collection and system files" % n)
    if nets:
        emit("FAIL", "strace: no socket or connect", nets[:5])
    else:
        emit("PASS", "strace: no socket or connect")
else:
    emit("SKIP", "strace: nothing opened outside the archive, no network",
         "strace not available (apt-get install strace)")

for cat, (p, f, pe, s) in sorted(counts.items()):
    out.append("NOTE\t%-9s %3d cases: %3d pass, %2d fail, %2d pending, "
               "%d not applicable\t" % (cat, p + f + pe + s, p, f, pe, s))
print("\n".join(out))
EOF
}
check_all >"$ND_TMP/checks.tsv" || fail "check.py ran to the end" "$(tail -n 5 "$ND_TMP/checks.tsv")"
while IFS=$'\t' read -r kind what why; do
    case $kind in
    PASS) pass "$what" ;;
    FAIL) fail "$what" "$why" ;;
    SKIP) skip "$what" "$why" ;;
    NOTE) say "$what" ;;
    esac
done <"$ND_TMP/checks.tsv"

# ---- a second run adds nothing ---------------------------------------------------
second_run() {
    newsdex_index -c "$C" --report "$ND_TMP/r2.json" "$A" >/dev/null 2>&1
    local rc=$?
    echo "exit $rc"
    [ "$rc" = 3 ] || return 1
    json "$ND_TMP/r2.json" '(j["articles_added"], j["articles_updated"], j["articles_removed"])'
    [ "$(json "$ND_TMP/r2.json" 'j["articles_added"] + j["articles_updated"] + j["articles_removed"]')" = 0 ]
}
ok "a second run over the hostile archive adds, updates and removes nothing (exit 3)" second_run

finish
