# SPDX-License-Identifier: MIT
# tests/lib.sh - helpers for the integration tests (tests/t-*.sh).
#
# Source it from a test script, which runs under bash:
#     . "$top_srcdir/tests/lib.sh"
#
# Environment (set by `make check`, see AM_TESTS_ENVIRONMENT in Makefile.am):
#   top_srcdir, top_builddir   absolute source and build directories
#   ND_TEST_DATA               tests/data of the source tree
#   NEWSDEX_SHARED             the shared corpora and tools (default
#                              $top_srcdir/../shared; may not exist)
#   NEWSDEX_BINDIR             run the programs found there (installed ones)
#                              instead of those of $top_builddir
#   ND_KEEP=1                  keep the scratch directory and say where it is
#   ND_TIMEOUT                 seconds one program run may take (default 300)
#
# What it gives:
#   ND_INDEX ND_INGEST ND_QUERY   the programs (also as the functions
#                              newsdex_index, newsdex_ingest, newsdex_query)
#   ND_TMP                     a scratch directory, removed on exit
#   say MSG                    print a line (a "# " comment in the log)
#   ok DESC CMD...             run CMD (output kept in the log if it fails);
#                              count and print "ok - DESC" or "not ok - DESC"
#   pass DESC / fail DESC [WHY]  count a result decided by the script
#   skip DESC WHY              report one check as skipped
#   finish                     print the totals and exit (1 if any failed)
#   skip_all WHY               print WHY and exit 77 (the whole script skips)
#   hard_error WHY             print WHY and exit 99
#   need_python                skip_all unless python3 runs
#   need_shared [REL [WHAT]]   skip_all unless $NEWSDEX_SHARED/REL exists
#                              (REL defaults to tools/gen-corpus)
#   json FILE|- EXPR           print EXPR evaluated by python3 with the JSON
#                              document of FILE (or stdin) bound to j
#   have CMD                   whether CMD is on PATH

set -u

# ---- where things are --------------------------------------------------
if [ -z "${top_srcdir:-}" ]; then
    top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
fi
if [ -z "${top_builddir:-}" ]; then
    top_builddir=$(pwd)
fi
ND_TEST_DATA=${ND_TEST_DATA:-$top_srcdir/tests/data}
NEWSDEX_SHARED=${NEWSDEX_SHARED:-$top_srcdir/../shared}
export top_srcdir top_builddir ND_TEST_DATA NEWSDEX_SHARED

# The tests must not depend on the user's default collection.
unset NEWSDEX_COLLECTION

ND_PASS=0
ND_FAIL=0
ND_SKIP=0
ND_TEST_NAME=$(basename "$0" .sh)

say() {
    printf '# %s\n' "$*"
}

skip_all() {
    printf '%s\n' "$*"
    exit 77
}

hard_error() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 99
}

have() {
    command -v "$1" >/dev/null 2>&1
}

# ---- the programs ----------------------------------------------------------
if [ -n "${NEWSDEX_BINDIR:-}" ]; then
    nd_bindir=$NEWSDEX_BINDIR
else
    nd_bindir=$top_builddir
fi
ND_INDEX=$nd_bindir/newsdex-index
ND_INGEST=$nd_bindir/newsdex-ingest
ND_QUERY=$nd_bindir/newsdex-query
# A script that does not run them (t-source.sh) sets ND_NO_PROGRAMS=1.
if [ "${ND_NO_PROGRAMS:-0}" != 1 ]; then
    for nd_prog in "$ND_INDEX" "$ND_INGEST" "$ND_QUERY"; do
        [ -x "$nd_prog" ] ||
            hard_error "$nd_prog: not built (run make first, or set NEWSDEX_BINDIR)"
    done
    unset nd_prog
fi
export ND_INDEX ND_INGEST ND_QUERY

# A hung program fails its check instead of stalling `make check`.
ND_TIMEOUT=${ND_TIMEOUT:-300}
nd_run() {
    if have timeout; then
        timeout "$ND_TIMEOUT" "$@"
    else
        "$@"
    fi
}
newsdex_index() { nd_run "$ND_INDEX" "$@"; }
newsdex_ingest() { nd_run "$ND_INGEST" "$@"; }
newsdex_query() { nd_run "$ND_QUERY" "$@"; }

# ---- scratch directory -----------------------------------------------------
ND_TMP=$(mktemp -d "${TMPDIR:-/tmp}/newsdex-$ND_TEST_NAME.XXXXXX") ||
    hard_error "cannot make a scratch directory"
nd_cleanup() {
    if [ "${ND_KEEP:-0}" = 1 ]; then
        printf '# scratch directory kept: %s\n' "$ND_TMP"
    else
        # A test may have left read-only directories behind.
        chmod -R u+rwx "$ND_TMP" 2>/dev/null
        rm -rf "$ND_TMP"
    fi
}
trap nd_cleanup EXIT
trap 'exit 130' HUP INT TERM
export ND_TMP

# ---- results -----------------------------------------------------------------
pass() {
    ND_PASS=$((ND_PASS + 1))
    printf 'ok - %s\n' "$1"
}

fail() {
    ND_FAIL=$((ND_FAIL + 1))
    printf 'not ok - %s\n' "$1"
    if [ $# -gt 1 ] && [ -n "$2" ]; then
        printf '%s\n' "$2" | sed 's/^/#   /'
    fi
}

skip() {
    ND_SKIP=$((ND_SKIP + 1))
    printf 'ok - %s # SKIP %s\n' "$1" "$2"
}

# ok DESC CMD...: CMD's output goes to a file shown only when it fails
# (its first 40 lines), so a passing log stays short.
ok() {
    local desc=$1 out=$ND_TMP/.last-check.log rc
    shift
    "$@" >"$out" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then
        pass "$desc"
        # what the check printed on purpose (a ratio, a count) stays visible
        [ -s "$out" ] && sed -n '1,5p' "$out" | sed 's/^/#   /'
    else
        ND_FAIL=$((ND_FAIL + 1))
        printf 'not ok - %s (exit %d)\n' "$desc" "$rc"
        sed -n '1,40p' "$out" | sed 's/^/#   | /'
    fi
    return 0
}

finish() {
    printf '# %s: %d passed, %d failed, %d skipped\n' "$ND_TEST_NAME" \
        "$ND_PASS" "$ND_FAIL" "$ND_SKIP"
    if [ "$ND_FAIL" -gt 0 ]; then
        exit 1
    fi
    if [ "$ND_PASS" -eq 0 ] && [ "$ND_SKIP" -gt 0 ]; then
        exit 77
    fi
    exit 0
}

# ---- requirements ------------------------------------------------------------
need_python() {
    python3 -c 'import json, sys' >/dev/null 2>&1 ||
        skip_all "skipped: python3 not found (the integration tests read JSON with it)"
}

need_shared() {
    local rel=${1:-tools/gen-corpus} what=${2:-the generated corpus}
    if [ ! -e "$NEWSDEX_SHARED/$rel" ]; then
        printf '# looked for %s (set NEWSDEX_SHARED to use another copy)\n' \
            "$NEWSDEX_SHARED/$rel"
        skip_all "skipped: ../shared not found (tests that need $what run only where it exists)"
    fi
}

# ---- JSON ----------------------------------------------------------------------
# json FILE|- EXPR: print the value of the python expression EXPR, with the
# parsed document bound to j. Fails when the document is not valid JSON.
json() {
    python3 -c '
import json, sys
src = sys.argv[1]
j = json.load(sys.stdin if src == "-" else open(src, encoding="utf-8"))
v = eval(sys.argv[2])
print(json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v)
' "$1" "$2"
}
