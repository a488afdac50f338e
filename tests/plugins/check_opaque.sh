#!/bin/sh
# Plugins read the request, the site and the user through functions:
# struct at_req, at_site and at_user are the core's (AT_CORE_PRIVATE) and
# opaque to anything compiled with the public headers only, as a plugin
# is.  Every plugin source of the tree compiles so, and a plugin that
# reads a member of one of them does not.  Run by `make check` in the
# build folder, with $AT_CC and $AT_PLUGIN_CFLAGS (tests/local.am).
set -eu
srcdir=${srcdir:-.}
: "${AT_CC:?} ${AT_PLUGIN_CFLAGS:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
rc=0

# compile FILE: syntax-checks FILE as a plugin; its messages in $t/out.
compile() {
	# shellcheck disable=SC2086
	$AT_CC $AT_PLUGIN_CFLAGS -fsyntax-only "$1" >"$t/out" 2>&1
}

n=0
for f in "$srcdir"/tests/plugins/*.c "$srcdir"/plugins/*/*.c \
    "$srcdir"/docs/example-plugin/*.c; do
	case $f in */check_*.c) continue ;; esac
	n=$((n + 1))
	if ! compile "$f"; then
		echo "$f does not compile as a plugin (public headers only):"
		cat "$t/out"
		rc=1
	fi
done

# A plugin using the functions compiles...
cat >"$t/good.c" <<'C'
#include <atrium/atrium.h>
const char *
good(struct at_req *req)
{
	return at_pprintf(at_req_pool(req), "%s %s %lld %s", at_req_path(req),
	    at_site_base_url(at_req_site(req)),
	    at_user_id(at_req_user(req)), at_req_arg(req, 0));
}
C
if ! compile "$t/good.c"; then
	echo "a plugin using the accessors does not compile:"
	cat "$t/out"
	rc=1
fi
# ...one reading a member of the core's structs does not.
for expr in 'req->path' 'req->site' 'req->user' 'req->pool' \
    'req->db' 'site->base_url' 'user->id'; do
	cat >"$t/bad.c" <<C
#include <atrium/atrium.h>
const void *
bad(struct at_req *req, const struct at_site *site,
    const struct at_user *user)
{
	(void)req; (void)site; (void)user;
	return (const void *)&$expr;
}
C
	if compile "$t/bad.c"; then
		echo "a plugin reading $expr compiles: the struct is not opaque"
		rc=1
	elif ! grep -qE 'undefined type|incomplete' "$t/out"; then
		echo "a plugin reading $expr fails for another reason:"
		cat "$t/out"
		rc=1
	fi
done
[ "$rc" -eq 0 ] && echo "$n plugin sources compile with opaque at_req," \
    "at_site and at_user; reading their members does not"
exit $rc
