#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh - make fuzz-run: run each libFuzzer target for FUZZ_SECONDS with
# its seed corpus (tests/data, samples, fuzz/seeds) copied into a scratch
# directory, print what each found (executions, coverage), and fail on any
# crash, leak or hang with the path of the input that reproduces it.
#
#   run.sh SRCDIR BINDIR WORKDIR [TARGET...]
#
# Environment: FUZZ_SECONDS (30), FUZZ_JOBS (targets at once; nproc),
# FUZZ_ARGS (more libFuzzer options), FUZZ_KEEP_CORPUS=1 (go on from the
# corpus a previous run left in WORKDIR instead of starting from the seeds).
set -u
[ $# -ge 3 ] || {
    echo "usage: run.sh SRCDIR BINDIR WORKDIR [TARGET...]" >&2
    exit 2
}
mkdir -p "$3" || exit 2
src=$(cd "$1" && pwd) && bin=$(cd "$2" && pwd) && work=$(cd "$3" && pwd) ||
    exit 2
shift 3
all="text html xml reuters_sgm trec warc mail jsonl feed charset gunzip date
    record query ner"
targets=${*:-$all}
secs=${FUZZ_SECONDS:-30}
# leaks of libraries that are not newsdex's (see the file); stack traces
LSAN_OPTIONS="suppressions=$src/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
u=${UBSAN_OPTIONS:-}
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${u:+:$u}"
export LSAN_OPTIONS UBSAN_OPTIONS
# the entity gazetteers for fuzz_ner
NEWSDEX_DATADIR=${NEWSDEX_DATADIR:-$src/data}
export NEWSDEX_DATADIR
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}

# seeds TARGET: the seed files of a target, one per line.
seeds() {
    local pats=()
    case $1 in
    text) pats=('*.txt' '*.txt.gz') ;;
    html) pats=('*.html' '*.htm' '*.html.gz') ;;
    xml) pats=('*.xml' '*.xml.gz') ;;
    reuters_sgm) pats=('*.sgm' '*.sgm.gz' 'reut*.xml') ;;
    trec) pats=('*.sgml' '*.trec' '*trec*') ;;
    warc) pats=('*.warc' '*.warc.gz') ;;
    mail) pats=('*.mbox' '*.eml' '*.news' '*.mbox.gz' '*.eml.gz') ;;
    jsonl) pats=('*.jsonl' '*.jsonl.gz' '*.ndjson' '*.json') ;;
    feed) pats=('*.rss' '*.atom' '*.rdf' '*rss*.xml' '*atom*.xml' 'feed*') ;;
    gunzip) pats=('*.gz') ;;
    record) pats=('*.warc') ;;
    langid) pats=('*.txt') ;;
    ner) pats=('articles.txt' '*.txt') ;;
    esac
    local p
    for p in "${pats[@]}"; do
        find "$src/tests/data" "$src/samples" -type f -name "$p" 2>/dev/null
    done
    [ -d "$src/fuzz/seeds/$1" ] && find "$src/fuzz/seeds/$1" -type f
    # a newsdex record stream is a WARC file too
    [ "$1" = warc ] && find "$src/fuzz/seeds/record" -type f
    return 0
}

# prepare TARGET: the scratch corpus directory, filled with the seeds.
prepare() {
    local t=$1 d=$work/$1 f i=0
    if [ "${FUZZ_KEEP_CORPUS:-0}" != 1 ] || [ ! -d "$d/corpus" ]; then
        rm -rf "$d"
        mkdir -p "$d/corpus" "$d/artifacts" || return 1
        while IFS= read -r f; do
            i=$((i + 1))
            cp "$f" "$d/corpus/seed-$i-$(basename "$f")"
        done < <(seeds "$t" | sort -u)
        if [ "$t" = charset ]; then
            # the first two bytes pick the charset and the mode: read
            # every test file as "no charset declared" and as Latin-1
            while IFS= read -r f; do
                i=$((i + 1))
                { printf '\201\001'; cat "$f"; } >"$d/corpus/auto-$i"
                { printf '\212\000'; head -c 2048 "$f"; } >"$d/corpus/latin1-$i"
            done < <(find "$src/tests/data" -type f)
        fi
    fi
    mkdir -p "$d/artifacts"
}

# run TARGET: fuzz it, its output in WORKDIR/TARGET/log.
run() {
    local t=$1 d=$work/$1 opts=()
    [ -f "$src/fuzz/dict/$t.dict" ] && opts+=("-dict=$src/fuzz/dict/$t.dict")
    case $t in
    query) opts+=(-max_len=256) ;;
    date) opts+=(-max_len=64) ;;
    *) opts+=(-max_len=65536) ;;
    esac
    # shellcheck disable=SC2086 # FUZZ_ARGS is a list of options
    (cd "$d" && exec "$bin/fuzz_$t" -max_total_time="$secs" -timeout=20 \
        -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$d/artifacts/" "${opts[@]}" ${FUZZ_ARGS:-} \
        corpus) >"$d/log" 2>&1
    echo $? >"$d/rc"
}

for t in $targets; do
    [ -x "$bin/fuzz_$t" ] || {
        echo "fuzz-run: $bin/fuzz_$t not built (make fuzz)" >&2
        exit 2
    }
done
mkdir -p "$work" || exit 2
echo "fuzz-run: $secs s per target, $jobs at once; scratch in $work"
for t in $targets; do
    prepare "$t" || exit 2
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
        wait -n
    done
    run "$t" &
done
wait

passed=0
failed=0
for t in $targets; do
    d=$work/$t
    rc=$(cat "$d/rc" 2>/dev/null || echo 99)
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$d/log" | tail -n 1)
    stat() { grep -E "^stat::$1:" "$d/log" | tail -n 1 | awk '{print $2}'; }
    cov=$(printf '%s\n' "$done_line" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(printf '%s\n' "$done_line" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    corp=$(printf '%s\n' "$done_line" | sed -n 's/.*corp: \([0-9]*\).*/\1/p')
    printf 'fuzz_%-12s runs %-9s exec/s %-6s cov %-5s ft %-6s corpus %-5s ' \
        "$t" "$(stat number_of_executed_units)" \
        "$(stat average_exec_per_sec)" "${cov:--}" "${ft:--}" "${corp:--}"
    if [ "$rc" = 0 ]; then
        echo ok
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAILED (exit $rc)"
        grep -E 'ERROR: |runtime error|fuzz invariant broken|SUMMARY:' \
            "$d/log" | head -n 5 | sed 's/^/    /'
        repro=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$d/log" |
            tail -n 1)
        if [ -n "$repro" ]; then
            echo "    reproduce: $bin/fuzz_$t $repro"
        fi
        echo "    log: $d/log"
    fi
done
echo "fuzz-run: $passed passed, $failed failed"
[ "$failed" = 0 ]
