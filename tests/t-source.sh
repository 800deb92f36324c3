#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-source.sh - rules of STYLE that a machine can check in the source tree:
# the Xapian shim is the only C++ and the only user of <xapian.h>, and every
# function it exports catches every exception; lib/ never prints or exits;
# no unsafe string functions; SPDX lines.
# shellcheck disable=SC2034 # read by lib.sh: this script runs no program
ND_NO_PROGRAMS=1
# shellcheck source=tests/lib.sh
. "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

cd "$top_srcdir" || hard_error "cannot enter $top_srcdir"
[ -f lib/xapian.cc ] || hard_error "$top_srcdir/lib/xapian.cc not found"

# strip FILE: the file with comments removed and the insides of string and
# character literals blanked, each line kept in place (so grep -n still
# gives the right line). `extern "C"` becomes extern_C so it survives.
strip() {
    awk '
    {
        line = $0
        gsub(/extern[ \t]*"C"/, "extern_C", line)
        out = ""; i = 1; n = length(line)
        while (i <= n) {
            c = substr(line, i, 1); c2 = substr(line, i, 2)
            if (incomment) {
                if (c2 == "*/") { incomment = 0; out = out "  "; i += 2 }
                else { out = out " "; i++ }
                continue
            }
            if (c2 == "/*") { incomment = 1; out = out "  "; i += 2; continue }
            if (c2 == "//") break
            if (c == "\"" || c == "\047") {
                q = c; i++
                while (i <= n) {
                    c = substr(line, i, 1)
                    if (c == "\\") { i += 2; continue }
                    if (c == q) break
                    i++
                }
                out = out q q; i++
                continue
            }
            out = out c; i++
        }
        print out
    }' "$1"
}

# grep_code ERE FILE...: lines of code (not comments or strings) matching
# ERE, as FILE:LINE: text.
grep_code() {
    local re=$1 f
    shift
    for f in "$@"; do
        strip "$f" | grep -nE "$re" | sed "s|^|$f:|"
    done
}

# The source files of the project, relative to top_srcdir.
src_files() { # DIR... : .c .cc .h files (and other C++ spellings) under DIRs
    find "$@" -type f \( -name '*.c' -o -name '*.h' -o -name '*.cc' -o -name '*.cpp' \
        -o -name '*.cxx' -o -name '*.hh' -o -name '*.hpp' -o -name '*.hxx' \) 2>/dev/null | sort
}
CODE_DIRS="lib indexer query"
ALL_DIRS=""
for d in lib indexer query tests; do [ -d "$d" ] && ALL_DIRS="$ALL_DIRS $d"; done

# --- only lib/xapian.cc includes <xapian.h> ------------------------------------
say "checking which files include <xapian.h>"
# shellcheck disable=SC2086
users=$(src_files $ALL_DIRS | xargs grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]xapian(\.h|/)' 2>/dev/null)
others=$(printf '%s\n' "$users" | grep -v '^lib/xapian\.cc$' | grep -v '^$')
if [ -z "$others" ] && printf '%s\n' "$users" | grep -q '^lib/xapian\.cc$'; then
    pass "only lib/xapian.cc includes <xapian.h>"
else
    fail "only lib/xapian.cc includes <xapian.h>" "included by: ${others:-nothing (not even lib/xapian.cc: is the pattern stale?)}"
fi

# --- every extern "C" function of lib/xapian.cc catches everything --------------
say "checking that every extern \"C\" function of lib/xapian.cc has try { } catch (...)"
xcheck=$(strip lib/xapian.cc | awk '
    { text = text $0 "\n" }
    END {
        n = length(text); pos = 1; defs = 0; good = 0
        while ((k = index(substr(text, pos), "extern_C")) > 0) {
            start = pos + k - 1 + length("extern_C")
            j = start
            while (j <= n) {
                c = substr(text, j, 1)
                if (c == "{" || c == ";") break
                j++
            }
            if (j > n) break
            header = substr(text, start, j - start)
            if (c == ";" || header ~ /^[ \t\n]*$/) { pos = j + 1; continue } # a declaration or an extern "C" { block
            depth = 0; b = j
            while (b <= n) {
                c = substr(text, b, 1)
                if (c == "{") depth++
                else if (c == "}") { depth--; if (depth == 0) break }
                b++
            }
            body = substr(text, j, b - j + 1)
            name = header
            sub(/\(.*/, "", name); sub(/[ \t\n]+$/, "", name); sub(/.*[ \t\n*&]/, "", name)
            defs++
            if (body ~ /try[ \t\n]*\{/ && body ~ /catch[ \t\n]*\([ \t\n]*\.\.\.[ \t\n]*\)/)
                good++
            else
                print "no try { } catch (...) in " name "()"
            pos = b + 1
        }
        print "extern \"C\" definitions: " defs ", with try/catch (...): " good
        exit (defs > 0 && defs == good) ? 0 : 1
    }')
xrc=$?
say "$(printf '%s\n' "$xcheck" | tail -1)"
if [ $xrc -eq 0 ]; then
    pass "every extern \"C\" function of lib/xapian.cc has a try { } catch (...)"
else
    fail "every extern \"C\" function of lib/xapian.cc has a try { } catch (...)" "$xcheck"
fi

# --- no other C++ --------------------------------------------------------------
# The whole tree except tests/ (where check_header_cxx.cc checks the header
# from C++), version control, autotools caches and build directories.
say "checking that lib/xapian.cc is the only C++ file outside tests/"
cxx=$(
    for d in * .[!.]*; do
        [ -e "$d" ] || continue
        case $d in
        tests | .git | autom4te.cache | _build | *.cache) continue ;;
        esac
        [ -d "$d" ] && [ -f "$d/config.status" ] && continue # a build directory
        [ -d "$d" ] && [ -f "$d/Makefile" ] && [ -f "$d/libtool" ] && continue
        find "$d" \( -name .git -o -name autom4te.cache -o -name .deps -o -name .libs \) -prune -o \
            -type f \( -name '*.cc' -o -name '*.cpp' -o -name '*.cxx' -o -name '*.c++' -o -name '*.C' \
            -o -name '*.hh' -o -name '*.hpp' -o -name '*.hxx' -o -name '*.h++' \) -print
    done | grep -v '^lib/xapian\.cc$' | sort
)
if [ -z "$cxx" ]; then
    pass "no C++ file but lib/xapian.cc outside tests/"
else
    fail "no C++ file but lib/xapian.cc outside tests/" "$cxx"
fi
extra_cxx=$(find tests -type f \( -name '*.cc' -o -name '*.cpp' -o -name '*.cxx' \) 2>/dev/null |
    grep -v '^tests/check_header_cxx\.cc$')
if [ -z "$extra_cxx" ]; then
    pass "tests/ holds no C++ but check_header_cxx.cc"
else
    fail "tests/ holds no C++ but check_header_cxx.cc" "$extra_cxx"
fi

# --- lib/ never prints or exits ---------------------------------------------------
say "checking that lib/ never prints to stdout/stderr or exits"
# shellcheck disable=SC2046
hits=$(grep_code '(^|[^A-Za-z0-9_])(printf|vprintf|puts|putchar|perror|exit|_Exit|_exit|quick_exit|abort)[[:space:]]*\(|(^|[^A-Za-z0-9_])v?fprintf[[:space:]]*\([[:space:]]*(stdout|stderr)|(^|[^A-Za-z0-9_])(fputs|fputc|putc|fwrite)[[:space:]]*\(.*,[[:space:]]*(stdout|stderr)[[:space:]]*\)|std::(cout|cerr|clog|exit|abort|terminate)' \
    $(src_files lib))
if [ -z "$hits" ]; then
    pass "lib/ never calls printf, fprintf(stdout|stderr), puts, exit or abort"
else
    fail "lib/ never calls printf, fprintf(stdout|stderr), puts, exit or abort" "$hits"
fi

# --- no unsafe string functions ---------------------------------------------------
say "checking for sprintf, strcpy, strcat, strtok, atoi, gets in $CODE_DIRS"
# shellcheck disable=SC2046,SC2086
hits=$(grep_code '(^|[^A-Za-z0-9_])(sprintf|vsprintf|strcpy|strcat|strtok|atoi|gets)[[:space:]]*\(' \
    $(src_files $CODE_DIRS))
if [ -z "$hits" ]; then
    pass "no sprintf/strcpy/strcat/strtok/atoi/gets in lib, indexer, query"
else
    fail "no sprintf/strcpy/strcat/strtok/atoi/gets in lib, indexer, query" "$hits"
fi

# --- SPDX lines ---------------------------------------------------------------------
say "checking that every lib/*.c and lib/formats/*.c opens with an SPDX line"
missing=""
nfiles=0
for f in lib/*.c lib/formats/*.c; do
    [ -f "$f" ] || continue
    nfiles=$((nfiles + 1))
    head -n 1 "$f" | grep -q 'SPDX-License-Identifier:' || missing="$missing $f"
done
if [ "$nfiles" -gt 0 ] && [ -z "$missing" ]; then
    pass "all $nfiles lib/*.c and lib/formats/*.c files open with an SPDX line"
else
    fail "every lib/*.c and lib/formats/*.c opens with an SPDX line" "missing in:$missing"
fi
missing=""
for f in lib/*.h lib/*.cc lib/formats/*.h indexer/*.c query/*.c; do
    [ -f "$f" ] || continue
    head -n 1 "$f" | grep -q 'SPDX-License-Identifier:' || missing="$missing $f"
done
if [ -z "$missing" ]; then
    pass "headers, lib/xapian.cc and the programs open with an SPDX line too"
else
    fail "headers, lib/xapian.cc and the programs open with an SPDX line too" "missing in:$missing"
fi

finish
