#!/bin/sh
# libatrium exports the public API and nothing else: every function that
# a header in include/atrium/ declares, and beyond those only the few a
# private core header marks AT_API for the atrium and atriumctl programs
# (functions, and the hub's list of built-in modules they hand the core).
# Run by `make check` in the build folder ($srcdir: the sources).
set -eu
srcdir=${srcdir:-.}
lib=.libs/libatrium.so
[ -f "$lib" ] || { echo "no $lib (build first)"; exit 1; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVWG]$/ { print $3 }' |
    sort -u > "$t/exported"
grep -hoE '\b(at|log)_[a-z0-9_]+\(' "$srcdir"/include/atrium/*.h |
    tr -d '(' | sort -u > "$t/public"
grep -rh '^AT_API ' "$srcdir/core" --include='*.h' |
    sed -n -e 's/^AT_API [^(]*[^a-z0-9_]\([a-z_][a-z0-9_]*\)(.*/\1/p' \
    -e 's/^AT_API extern [^(]*[^a-z0-9_]\([a-z_][a-z0-9_]*\)\[\];.*/\1/p' |
    sort -u > "$t/programs"
sort -u "$t/public" "$t/programs" > "$t/allowed"

rc=0
missing=$(comm -23 "$t/public" "$t/exported")
if [ -n "$missing" ]; then
	echo "declared in include/atrium/ but not exported by libatrium:"
	echo "$missing"
	rc=1
fi
extra=$(comm -13 "$t/allowed" "$t/exported")
if [ -n "$extra" ]; then
	echo "exported by libatrium but not public API:"
	echo "$extra"
	rc=1
fi
[ "$rc" -eq 0 ] && echo "libatrium exports $(wc -l < "$t/public") public" \
    "functions and $(wc -l < "$t/programs") for the programs"
exit $rc
