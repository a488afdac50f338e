# Shell functions shared by install/demo and install/test.  Each private
# site lives in one folder ($DIR): its MariaDB (unix socket only, no TCP),
# Atrium's master and workers, nginx on 127.0.0.1, an SMTP sink for mail.
# shellcheck shell=sh

ROOT=$(cd "$(dirname "$0")/.." && pwd)

say() { printf '%s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# at_build BUILDDIR PREFIX: configure, build and install from $ROOT.
at_build() {
	b=$1; p=$2
	[ -x "$ROOT/configure" ] || (cd "$ROOT" && ./autogen.sh >/dev/null 2>&1) ||
	    die "autogen.sh failed"
	mkdir -p "$b"
	( cd "$b" && { [ -f Makefile ] || "$ROOT/configure" --prefix="$p" \
	    >configure.out 2>&1 || { tail -20 configure.out; exit 1; }; } &&
	  make -j2 >make.out 2>&1 || { tail -40 make.out; exit 1; } ) ||
	    die "the build failed (see above)"
	( cd "$b" && make install >install.out 2>&1 ) ||
	    die "make install failed: $b/install.out"
}

# at_wait_file PATH SECONDS: waits until PATH exists.  Every caller
# gives 60 s: it returns as soon as PATH is there, and a start on a
# loaded machine (a Python helper under a load of 12) took over 10 s.
at_wait_file() {
	n=0
	while [ ! -e "$1" ]; do
		n=$((n + 1)); [ $n -gt $(($2 * 10)) ] && return 1; sleep 0.1
	done
}

# at_db_start DIR: a private MariaDB in DIR/db (created on first use).
at_db_start() {
	d=$1/db
	mkdir -p "$d"
	if [ ! -d "$d/data/mysql" ]; then
		mariadb-install-db --no-defaults --datadir="$d/data" \
		    --auth-root-authentication-method=normal \
		    --skip-test-db >"$d/install.log" 2>&1 ||
		    die "mariadb-install-db failed: $d/install.log"
	fi
	user=""
	[ "$(id -u)" -eq 0 ] && user="--user=root"
	# Its own session: whoever started it may end its process group.
	# shellcheck disable=SC2086
	# Settings and their reasons: docs/admin.md, "MariaDB settings".
	setsid mariadbd --no-defaults --datadir="$d/data" --socket="$d/mysqld.sock" \
	    --skip-networking --pid-file="$d/mysqld.pid" \
	    --log-error="$d/error.log" \
	    --innodb-buffer-pool-size="${AT_DB_POOL:-64M}" \
	    --innodb-flush-log-at-trx-commit=2 --performance-schema=OFF \
	    --skip-name-resolve \
	    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
	    $user >/dev/null 2>&1 &
	n=0
	until mariadb-admin --no-defaults --socket="$d/mysqld.sock" -uroot \
	    ping >/dev/null 2>&1; do
		n=$((n + 1)); [ $n -gt 300 ] && die "MariaDB did not start: $d/error.log"
		sleep 0.1
	done
}

# at_db_stop DIR
at_db_stop() {
	d=$1/db
	[ -f "$d/mysqld.pid" ] || return 0
	pid=$(cat "$d/mysqld.pid" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null || true
	n=0
	while kill -0 "$pid" 2>/dev/null; do
		n=$((n + 1)); [ $n -gt 300 ] && kill -9 "$pid" 2>/dev/null; sleep 0.1
	done
	rm -f "$d/mysqld.pid"
}

# at_sql DIR "STATEMENT": as root on the private server.
at_sql() {
	mariadb --no-defaults --socket="$1/db/mysqld.sock" -uroot -N -B \
	    -e "$2"
}

# at_sql_file DIR FILE: runs FILE in the atrium database; stops at the
# first error (and fails).
at_sql_file() {
	mariadb --no-defaults --socket="$1/db/mysqld.sock" -uroot atrium \
	    < "$2"
}

# The hub's demo data files in install/demo-data/, in order.
AT_DEMO_SQL="10-hub.sql 20-hub.sql 30-messages.sql 30-team.sql"

# at_db_setup DIR: the atrium database and user (password in DIR/db/password).
at_db_setup() {
	if [ ! -f "$1/db/password" ]; then
		head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$1/db/password"
	fi
	pw=$(cat "$1/db/password")
	at_sql "$1" "CREATE DATABASE IF NOT EXISTS atrium CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'atrium'@'localhost' IDENTIFIED BY '$pw';
ALTER USER 'atrium'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL ON atrium.* TO 'atrium'@'localhost';
GRANT ALL ON atrium_dbtest.* TO 'atrium'@'localhost';" || die "cannot set up the database"
}

# at_free_port START: the first free TCP port on 127.0.0.1 from START that
# no other run picked in the last ten minutes.
at_free_port() {
	python3 - "$1" <<'PY'
import os, socket, sys, time
# A port that is free now can be taken by another run side by side before
# our server binds it: each pick is reserved by an atomic mkdir for ten
# minutes, which the other run's picker respects.
p = int(sys.argv[1])
d = "/tmp/atrium-ports"
os.makedirs(d, exist_ok=True)
while True:
    r = os.path.join(d, str(p))
    try:
        if time.time() - os.stat(r).st_mtime > 600:
            os.rmdir(r)
    except OSError:
        pass
    try:
        os.mkdir(r)
    except OSError:
        p += 1
        continue
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p))
        s.close()
        print(p)
        break
    except OSError:
        p += 1
PY
}

# at_conf DIR PREFIX PORT SMTPPORT WORKERS PLUGINS MAXBODY MAXUPLOAD DEBUG
at_conf() {
	sed -e "s|@DIR@|$1|g" -e "s|@PREFIX@|$2|g" -e "s|@PORT@|$3|g" \
	    -e "s|@SMTPPORT@|$4|g" -e "s|@WORKERS@|$5|g" -e "s|@PLUGINS@|$6|g" \
	    -e "s|@MAXBODY@|$7|g" -e "s|@MAXUPLOAD@|$8|g" -e "s|@DEBUG@|$9|g" \
	    -e "s|@DBPASS@|$(cat "$1/db/password")|g" \
	    -e "s|@SKIN@|${ATRIUM_SKIN:-default}|g" \
	    -e "s|@QUOTA@|${ATRIUM_QUOTA:-1G}|g" \
	    "$ROOT/install/atrium.conf.in" > "$1/atrium.conf"
	mkdir -p "$1/storage"
}

# at_nginx_start DIR PREFIX PORT BODY [PORT2]
at_nginx_start() {
	mkdir -p "$1/nginx-tmp"
	cp "$ROOT/install/fastcgi_params" "$1/fastcgi_params"
	sed -e "s|@DIR@|$1|g" -e "s|@PREFIX@|$2|g" -e "s|@PORT@|$3|g" \
	    -e "s|@PORT2@|${5:-$(at_free_port $(($3 + 1000)))}|g" \
	    -e "s|@NGINXBODY@|$4|g" "$ROOT/install/nginx-private.conf.in" \
	    > "$1/nginx.conf"
	nginx -t -q -c "$1/nginx.conf" -p "$1" 2>"$1/nginx-test.log" ||
	    { cat "$1/nginx-test.log"; die "nginx config test failed"; }
	nginx -c "$1/nginx.conf" -p "$1" 2>>"$1/nginx-error.log" ||
	    die "nginx did not start: $1/nginx-error.log"
}

# at_pidfile_stop FILE: TERM the pid in FILE and wait for it.
at_pidfile_stop() {
	[ -f "$1" ] || return 0
	pid=$(cat "$1" 2>/dev/null || true)
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null || { rm -f "$1"; return 0; }
	n=0
	while kill -0 "$pid" 2>/dev/null; do
		n=$((n + 1)); [ $n -gt 350 ] && kill -9 "$pid" 2>/dev/null; sleep 0.1
	done
	rm -f "$1"
}

# at_atrium_start DIR PREFIX: the master and its workers.
at_atrium_start() {
	"$2/bin/atrium" -c "$1/atrium.conf" --check-config >/dev/null ||
	    die "the config does not load"
	rm -f "$1/atrium.sock"
	setsid nohup "$2/bin/atrium" -c "$1/atrium.conf" --master \
	    >>"$1/atrium.log" 2>&1 &
	at_wait_file "$1/atrium.sock" 60 || die "Atrium did not start: $1/atrium.log"
}

# at_smtp_start DIR PORT: the SMTP sink writing messages to DIR/mail.
at_smtp_start() {
	mkdir -p "$1/mail"
	setsid nohup python3 "$ROOT/tests/smtp-sink.py" --port "$2" --dir "$1/mail" \
	    --pidfile "$1/smtp.pid" >>"$1/smtp.log" 2>&1 &
	at_wait_file "$1/smtp.pid" 60 || die "the SMTP sink did not start"
}

# at_migrate DIR PREFIX
at_migrate() {
	"$2/bin/atriumctl" -c "$1/atrium.conf" migrate >"$1/migrate.log" 2>&1 ||
	    { cat "$1/migrate.log"; die "migrations failed"; }
}

# at_demo_data DIR PREFIX: the demo clients, people and their work (once).
at_demo_data() {
	ctl="$2/bin/atriumctl -c $1/atrium.conf"
	if [ -n "$(at_sql "$1" "SELECT id FROM atrium.users WHERE email = 'admin@demo.test'")" ]; then
		return 0
	fi
	at_sql_file "$1" "$ROOT/install/demo-data/00-clients.sql" ||
	    die "demo clients failed"
	pw=demo-password-123
	echo $pw | $ctl user add admin@demo.test "Ada Admin" admin --password-stdin >/dev/null &&
	echo $pw | $ctl user add staff@demo.test "Sam Staff" staff --password-stdin >/dev/null &&
	echo $pw | $ctl user add ana@northwind.test "Ana Northwind" contact 1 --password-stdin >/dev/null &&
	echo $pw | $ctl user add ben@northwind.test "Ben Northwind" contact 1 --password-stdin >/dev/null &&
	echo $pw | $ctl user add cleo@globex.test "Cleo Globex" contact 2 --password-stdin >/dev/null ||
	    die "demo users failed"
	# The hub's demo data (listed as its modules are built), then that
	# of every plugin this build installed.
	for f in $AT_DEMO_SQL; do
		at_sql_file "$1" "$ROOT/install/demo-data/$f" ||
		    die "demo data $f failed"
	done
	for so in "$2"/lib/atrium/plugins/*.so; do
		f="$ROOT/plugins/$(basename "$so" .so)/demo.sql"
		[ -f "$f" ] || continue
		at_sql_file "$1" "$f" || die "demo data $f failed"
	done
	# What SQL cannot do, through the plugins' services: each plugin's
	# demo.sh, once every demo.sql is in (see plugins/contracts/demo.sh).
	for so in "$2"/lib/atrium/plugins/*.so; do
		f="$ROOT/plugins/$(basename "$so" .so)/demo.sh"
		[ -f "$f" ] || continue
		( DEMO_DIR=$1; DEMO_PLUGINS=$2/lib/atrium/plugins; CTL=$ctl
		  . "$f" ) || die "demo data $f failed"
	done
	if [ -d "$ROOT/install/demo-data/files" ]; then
		mkdir -p "$1/storage/files"
		cp -R "$ROOT/install/demo-data/files/." "$1/storage/files/"
	fi
}

# at_stop_all DIR PREFIX: everything of the site in DIR.
at_stop_all() {
	# A start that failed leaves an empty pid file, a config edited by
	# hand may not load: at_pidfile_stop then stops what is left.
	[ -f "$1/nginx.pid" ] && { nginx -c "$1/nginx.conf" -p "$1" -s quit \
	    2>/dev/null || true; }
	at_pidfile_stop "$1/nginx.pid"
	at_pidfile_stop "$1/atrium.pid"
	at_pidfile_stop "$1/smtp.pid"
	at_db_stop "$1"
}

# at_apache_start DIR PREFIX PORT [PORT2]: a private Apache 2.4 with
# mod_fcgid (ServerRoot DIR/apache) serving the shipped
# install/apache/atrium.conf, its paths and port substituted, on
# 127.0.0.1:PORT; with PORT2, also a shared-hosting site folder
# (DIR/apache/site: atrium.fcgi, atrium.conf beside it, the skins and the
# shipped install/apache/htaccess as .htaccess) on 127.0.0.1:PORT2.  Atrium's processes
# run as www-data under mod_fcgid: they get DIR's config with a storage
# folder of their own (a copy of DIR/storage/files).
at_apache_start() {
	a=$1/apache
	m=/usr/lib/apache2/modules
	mkdir -p "$a/fcgid" "$a/storage"
	[ -d "$1/storage/files" ] && cp -R "$1/storage/files" "$a/storage/"
	sed -e "s|\"$1/storage\"|\"$a/storage\"|" "$1/atrium.conf" \
	    > "$a/atrium.conf"
	chmod 644 "$a/atrium.conf"
	chown -R www-data:www-data "$a/fcgid" "$a/storage"
	sed -e "s|/usr/local/bin|$2/bin|g" \
	    -e "s|/usr/local/share/atrium|$2/share/atrium|g" \
	    -e "s|/etc/atrium/atrium.conf|$a/atrium.conf|g" \
	    -e "s|\*:443|127.0.0.1:$3|" -e "s|hub\.example\.com|127.0.0.1|" \
	    "$ROOT/install/apache/atrium.conf" > "$a/atrium-vhost.conf"
	{
		echo "ServerRoot $a"
		echo "ServerName 127.0.0.1"
		echo "DefaultRuntimeDir $a"
		echo "PidFile $a/httpd.pid"
		echo "Mutex file:$a default"
		echo "ErrorLog $a/error.log"
		echo "LogLevel warn"
		echo "Listen 127.0.0.1:$3"
		for mod in mpm_event authz_core mime alias rewrite fcgid \
		    headers setenvif dir env; do
			echo "LoadModule ${mod}_module $m/mod_$mod.so"
		done
		echo "User www-data"
		echo "Group www-data"
		echo "TypesConfig /etc/mime.types"
		echo "FcgidIPCDir $a/fcgid"
		echo "FcgidProcessTableFile $a/fcgid/shm"
		# As in Debian's apache2.conf.
		echo '<FilesMatch "^\.ht">'
		echo '	Require all denied'
		echo '</FilesMatch>'
		echo "Include $a/atrium-vhost.conf"
		# Shared hosting: a site folder with the shipped .htaccess.
		if [ -n "${4:-}" ]; then
			echo "Listen 127.0.0.1:$4"
			echo "<VirtualHost 127.0.0.1:$4>"
			echo "	DocumentRoot $a/site"
			echo "	<Directory $a/site>"
			echo "		AllowOverride All"
			echo "		Require all granted"
			echo "	</Directory>"
			echo "	FcgidMaxRequestLen 52428800"
			echo "</VirtualHost>"
		fi
	} > "$a/apache.conf"
	if [ -n "${4:-}" ]; then
		mkdir -p "$a/site"
		cp "$2/bin/atrium" "$a/site/atrium.fcgi"
		cp "$a/atrium.conf" "$a/site/atrium.conf"
		cp "$ROOT/install/apache/htaccess" "$a/site/.htaccess"
		cp -R "$2/share/atrium/skins" "$a/site/skins"
		chown -R www-data:www-data "$a/site"
	fi
	apache2 -t -f "$a/apache.conf" >"$a/configtest.log" 2>&1 ||
	    { cat "$a/configtest.log"; die "Apache config test failed"; }
	apache2 -f "$a/apache.conf" -k start >>"$a/error.log" 2>&1 ||
	    die "Apache did not start: $a/error.log"
	at_wait_file "$a/httpd.pid" 60 ||
	    die "Apache did not start: $a/error.log"
}

# at_apache_stop DIR: stops the private Apache of DIR (if any).
at_apache_stop() {
	a=$1/apache
	[ -f "$a/httpd.pid" ] || return 0
	apache2 -f "$a/apache.conf" -k stop 2>/dev/null || true
	at_pidfile_stop "$a/httpd.pid"
}

# ---- deployments: backup/restore, setup, several sites, upgrades and
# the package (tests/http/check_deploy.c checks them over HTTP) ----

# at_check NAME CMD...: runs CMD, counts it in dep_pass or dep_fail and
# says which; its output goes to $DEP/checks.log.
at_check() {
	c=$1; shift
	if "$@" >"$DEP/check.out" 2>&1; then
		dep_pass=$((dep_pass + 1)); say "ok: $c"
	else
		dep_fail=$((dep_fail + 1)); say "FAILED: $c"
		tail -15 "$DEP/check.out"
	fi
	{ echo "== $c"; cat "$DEP/check.out"; } >>"$DEP/checks.log"
}

# at_db_new DIR NAME USER PASSWORD: an empty database and its user, with
# rights on it only.
at_db_new() {
	at_sql "$1" "DROP DATABASE IF EXISTS $2;
CREATE DATABASE $2 CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$3'@'localhost' IDENTIFIED BY '$4';
ALTER USER '$3'@'localhost' IDENTIFIED BY '$4';
GRANT ALL ON $2.* TO '$3'@'localhost';" || die "cannot make database $2"
}

# at_conf_copy SRC DEST DB USER PASSWORD STORAGE SOCKET: a copy of the
# config SRC for another database, storage folder and socket.
at_conf_copy() {
	sed -e "/^database {/,/^}/s|^\tname = \".*\"|\tname = \"$3\"|" \
	    -e "s|^\tuser = \".*\"|\tuser = \"$4\"|" \
	    -e "s|^\tpassword = \".*\"|\tpassword = \"$5\"|" \
	    -e "s|^\tpath = \".*\"|\tpath = \"$6\"|" \
	    -e "s|^\tsocket = \".*atrium.sock\"|\tsocket = \"$7\"|" \
	    -e "/^\tpidfile = /d" "$1" > "$2"
}

# at_spawn PIDFILE SOCKET CMD...: CMD as FastCGI on fd 0 under
# spawn-fcgi (as mod_fcgid runs it), in its own session; as the user
# $AT_SPAWN_USER when that is set (spawn-fcgi switches to it).
at_spawn() {
	p=$1; s=$2; shift 2
	rm -f "$s"
	# shellcheck disable=SC2046
	setsid spawn-fcgi -n -s "$s" -M 0666 $(if [ -n "${AT_SPAWN_USER:-}" ];
	    then echo "-u $AT_SPAWN_USER -g $AT_SPAWN_USER"; fi) \
	    -- "$@" >>"$p.log" 2>&1 &
	echo $! > "$p"
	at_wait_file "$s" 60
}

# at_deploy_nginx DIR PREFIX "PORT SOCKET SKINS"...: one more private
# nginx (in DIR, which it creates) with a server per argument.
at_deploy_nginx() {
	d=$1; shift
	mkdir -p "$d/tmp"
	{
		echo "daemon on; worker_processes 1; pid $d/nginx.pid;"
		echo "error_log $d/error.log warn;"
		echo "events { worker_connections 256; }"
		echo "http {"
		echo "	client_body_temp_path $d/tmp/body;"
		echo "	fastcgi_temp_path $d/tmp/fastcgi;"
		echo "	proxy_temp_path $d/tmp/proxy;"
		echo "	uwsgi_temp_path $d/tmp/uwsgi;"
		echo "	scgi_temp_path $d/tmp/scgi;"
		echo "	access_log $d/access.log;"
		echo "	types { text/css css; image/svg+xml svg; }"
		echo "	default_type application/octet-stream;"
		for s in "$@"; do
			# shellcheck disable=SC2086
			set -- $s
			echo "	server {"
			echo "		listen 127.0.0.1:$1;"
			echo "		client_max_body_size 4m;"
			echo "		location ~ ^/static/([a-z0-9_-]+)/(.+)\$ {"
			echo "			alias $3/\$1/static/\$2;"
			echo "		}"
			echo "		location / {"
			echo "			include $ROOT/install/fastcgi_params;"
			echo "			fastcgi_pass unix:$2;"
			echo "		}"
			echo "	}"
		done
		echo "}"
	} > "$d/nginx.conf"
	nginx -t -q -c "$d/nginx.conf" -p "$d" 2>"$d/test.log" ||
	    { cat "$d/test.log"; return 1; }
	nginx -c "$d/nginx.conf" -p "$d" 2>>"$d/error.log"
}

# at_deploy_nginx_stop DIR
at_deploy_nginx_stop() {
	[ -f "$1/nginx.pid" ] || return 0
	nginx -c "$1/nginx.conf" -p "$1" -s quit 2>/dev/null || true
	at_pidfile_stop "$1/nginx.pid"
}

# at_http_has URL TEXT: GET URL answers 200 with TEXT in the body.
at_http_has() {
	code=$(curl -s -o "$DEP/http.out" -w '%{http_code}' "$1") || return 1
	[ "$code" = 200 ] || { echo "$1: $code"; return 1; }
	grep -q -- "$2" "$DEP/http.out" || { echo "$1: no '$2'"; return 1; }
}

# at_manifest_ok FILE: the backup FILE has a manifest with the schema
# versions and a checksum per file.
at_manifest_ok() {
	tar -xOf "$1" manifest > "$DEP/manifest" &&
	head -1 "$DEP/manifest" | grep -qx 'atrium-backup 1' &&
	grep -q '^schema core [1-9]' "$DEP/manifest" &&
	grep -q '^schema hub [1-9]' "$DEP/manifest" &&
	grep -q '^sha256 [0-9a-f]\{64\} database\.sql$' "$DEP/manifest" &&
	grep -q '^sha256 [0-9a-f]\{64\} storage/files/' "$DEP/manifest"
}

# at_backup_tamper SRC DEST EDIT: a copy of backup SRC whose unpacked
# files were changed by the shell command EDIT (run in the copy's folder).
at_backup_tamper() {
	rm -rf "$DEP/tamper"
	mkdir -p "$DEP/tamper"
	tar -xf "$1" -C "$DEP/tamper" &&
	(cd "$DEP/tamper" && sh -c "$3") &&
	tar -cf "$2" -C "$DEP/tamper" manifest database.sql storage
}

# at_site_user NAME: a system user and group NAME without home or shell,
# for one site's workers (docs/admin.md, "Several sites on one host").
# Made once, kept for the next run (another run may be using it).
at_site_user() {
	n=0
	until id -u "$1" >/dev/null 2>&1; do
		useradd --system --no-create-home --home-dir /nonexistent \
		    --shell /usr/sbin/nologin --user-group "$1" \
		    >>"$DEP/useradd.log" 2>&1 && break
		n=$((n + 1)); [ $n -gt 20 ] && return 1; sleep 0.5
	done
}

# at_site_own USER STORAGE CONF: a site's storage folder (made if
# missing) and config belong to USER alone, 0700 and 0600.
at_site_own() {
	mkdir -p "$2" && chown -R "$1:$1" "$2" "$3" && chmod 700 "$2" &&
	    chmod 600 "$3"
}

# at_cannot_read USER PATH: USER can neither read PATH nor list it.
at_cannot_read() {
	if [ -d "$2" ]; then
		! runuser -u "$1" -- ls "$2" && ! runuser -u "$1" -- \
		    find "$2" -type f -exec cat {} +
	else
		! runuser -u "$1" -- cat "$2"
	fi
}

# at_runs_as USER PID: PID and its children run as USER (at least one).
at_runs_as() {
	ps -o user= -p "$2" --ppid "$2" > "$DEP/ps.out" || return 1
	cat "$DEP/ps.out"
	[ -s "$DEP/ps.out" ] && ! grep -v -x "$1" "$DEP/ps.out"
}

# at_fails_with TEXT CMD...: CMD fails and says TEXT on stderr.
at_fails_with() {
	t=$1; shift
	if "$@" 2>"$DEP/err.out"; then
		echo "succeeded: $*"; return 1
	fi
	cat "$DEP/err.out"
	grep -q -- "$t" "$DEP/err.out"
}

# at_deploy_prepare DIR PREFIX: from the running test site in DIR (its
# demo data loaded, before the suites change it): a backup restored into
# a second database and storage (served by spawn-fcgi), a second site
# made by atriumctl setup (its own master) and a site with an older
# schema, all behind one more nginx with the test site itself.  Exports
# the URLs check_deploy.c reads.
at_deploy_prepare() {
	DEP=$1/deploy
	mkdir -p "$DEP"
	ctl="$2/bin/atriumctl"
	pw=$(cat "$1/db/password")

	# Backup and restore.
	at_check "atriumctl backup of the test site" \
	    "$ctl" -c "$1/atrium.conf" backup "$DEP/backup.tar"
	at_check "the backup has a manifest with schema versions and checksums" \
	    at_manifest_ok "$DEP/backup.tar"
	at_db_new "$1" atrium_r atrium_r "r-$pw"
	at_conf_copy "$1/atrium.conf" "$DEP/r.conf" atrium_r atrium_r "r-$pw" \
	    "$DEP/r-storage" "$DEP/r.sock"
	at_check "atriumctl restore into an empty database and storage" \
	    "$ctl" -c "$DEP/r.conf" restore "$DEP/backup.tar"
	at_check "restore refuses a database that is not empty" \
	    at_fails_with "is not empty" "$ctl" -c "$DEP/r.conf" restore \
	    "$DEP/backup.tar"
	at_db_new "$1" atrium_r2 atrium_r "r-$pw"
	at_conf_copy "$1/atrium.conf" "$DEP/r2.conf" atrium_r2 atrium_r \
	    "r-$pw" "$DEP/r2-storage" "$DEP/r2.sock"
	at_backup_tamper "$DEP/backup.tar" "$DEP/newer.tar" \
	    "sed -i 's/^schema core .*/schema core 999/' manifest"
	at_check "restore refuses a backup of a newer schema" \
	    at_fails_with "newer than this Atrium" "$ctl" -c "$DEP/r2.conf" \
	    restore "$DEP/newer.tar"
	at_backup_tamper "$DEP/backup.tar" "$DEP/damaged.tar" \
	    "f=\$(find storage/files -type f | head -1); echo x >> \"\$f\""
	at_check "restore refuses a damaged backup (checksum)" \
	    at_fails_with "damaged" "$ctl" -c "$DEP/r2.conf" restore \
	    "$DEP/damaged.tar"
	at_check "a refused restore left the database empty" \
	    test "$(at_sql "$1" "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'atrium_r2'")" = 0
	# Several sites on one host: the restored site runs as atrium-s1,
	# site B (below) as atrium-s2, each with its own storage and config.
	sep=""
	if [ "$(id -u)" -eq 0 ]; then
		sep=1
		at_check "system users for two sites (useradd --system)" \
		    at_site_user atrium-s1
		at_site_user atrium-s2 || die "cannot add the user atrium-s2"
		at_site_own atrium-s1 "$DEP/r-storage" "$DEP/r.conf"
		AT_SPAWN_USER=atrium-s1
	else
		say "not root: both extra sites run as $(id -un)"
	fi
	at_spawn "$DEP/r.pid" "$DEP/r.sock" "$2/bin/atrium" -c "$DEP/r.conf" ||
	    die "the restored site did not start"
	AT_SPAWN_USER=""

	# A second site, made by atriumctl setup, with its own master.
	at_db_new "$1" atrium_b atrium_b "b-$pw"
	at_check "atriumctl setup writes the config, migrates, adds the admin" \
	    sh -c "printf '%s\n%s\n' 'b-$pw' 'site-b-admin-password' |
	    '$ctl' -c '$DEP/b/atrium.conf' setup --passwords-stdin \
	    --db-socket '$1/db/mysqld.sock' --db-name atrium_b \
	    --db-user atrium_b --site-name 'Site B' \
	    --base-url http://127.0.0.1:1 --storage '$DEP/b/storage' \
	    --socket '$DEP/b/atrium.sock' --workers 2 \
	    --admin-email admin@b.test --admin-name 'Bea Admin'"
	at_check "setup's config is not readable by others" \
	    sh -c "stat -c %a '$DEP/b/atrium.conf' | grep -qx 640"
	at_check "setup left no migration pending" \
	    sh -c "! '$ctl' -c '$DEP/b/atrium.conf' status | grep -q pending"
	at_check "setup refuses to replace a config without --force" \
	    at_fails_with "exists" sh -c "printf 'x\nsite-b-admin-password\n' |
	    '$ctl' -c '$DEP/b/atrium.conf' setup --passwords-stdin \
	    --admin-email admin@b.test"
	# The test's nginx workers run as nobody.
	sed -i '/^\tsocket = .*atrium.sock"$/a\	socket-mode = "0666"' "$DEP/b/atrium.conf"
	as=""
	if [ -n "$sep" ]; then
		at_site_own atrium-s2 "$DEP/b/storage" "$DEP/b/atrium.conf"
		chown atrium-s2:atrium-s2 "$DEP/b"
		chmod 755 "$DEP/b"
		as="setpriv --reuid=atrium-s2 --regid=atrium-s2 --init-groups"
	fi
	# shellcheck disable=SC2086
	setsid $as "$2/bin/atrium" -c "$DEP/b/atrium.conf" --master \
	    >>"$DEP/b.log" 2>&1 &
	echo $! > "$DEP/b.pid"
	at_wait_file "$DEP/b/atrium.sock" 60 || die "site B did not start"
	if [ -n "$sep" ]; then
		sleep 1
		at_check "site B's master and workers run as atrium-s2" \
		    at_runs_as atrium-s2 "$(cat "$DEP/b.pid")"
		at_check "the restored site's worker runs as atrium-s1" \
		    at_runs_as atrium-s1 "$(cat "$DEP/r.pid")"
		at_check "each site's user reads its own config and files" \
		    sh -c "runuser -u atrium-s1 -- cat '$DEP/r.conf' &&
		    runuser -u atrium-s1 -- ls '$DEP/r-storage' &&
		    runuser -u atrium-s2 -- cat '$DEP/b/atrium.conf' &&
		    runuser -u atrium-s2 -- ls '$DEP/b/storage'"
		at_check "storage folders are 0700 and configs 0600, per user" \
		    sh -c "test \"\$(stat -c '%U %a' '$DEP/r-storage' '$DEP/r.conf' \
		    '$DEP/b/storage' '$DEP/b/atrium.conf' | tr '\n' ' ')\" = \
		    'atrium-s1 700 atrium-s1 600 atrium-s2 700 atrium-s2 600 '"
		at_check "site B's user cannot read the other site's config" \
		    at_cannot_read atrium-s2 "$DEP/r.conf"
		at_check "site B's user cannot read the other site's files" \
		    at_cannot_read atrium-s2 "$DEP/r-storage"
		at_check "the restored site's user cannot read site B's config" \
		    at_cannot_read atrium-s1 "$DEP/b/atrium.conf"
		at_check "the restored site's user cannot read site B's files" \
		    at_cannot_read atrium-s1 "$DEP/b/storage"
	fi
	at_check "one MariaDB, separate databases: B's user cannot read the other's" \
	    sh -c "! mariadb --no-defaults -S '$1/db/mysqld.sock' -u atrium_b \
	    -p'b-$pw' -e 'SELECT COUNT(*) FROM atrium_r.users' &&
	    mariadb --no-defaults -S '$1/db/mysqld.sock' -u atrium_b \
	    -p'b-$pw' -e 'SELECT COUNT(*) FROM atrium_b.users'"

	# A site whose schema is older than the program.
	at_db_new "$1" atrium_old atrium_old "o-$pw"
	mkdir -p "$DEP/olddata/schema/core" "$DEP/olddata/schema/hub"
	cp "$2"/share/atrium/schema/core/00[1-3]_*.sql "$DEP/olddata/schema/core/"
	cp "$(ls "$2"/share/atrium/schema/hub/*.sql | head -1)" \
	    "$DEP/olddata/schema/hub/"
	at_conf_copy "$1/atrium.conf" "$DEP/old.conf" atrium_old atrium_old \
	    "o-$pw" "$DEP/old-storage" "$DEP/old.sock"
	sed -i -e 's/^plugins = .*/plugins = {}/' "$DEP/old.conf"
	sed -e "s|^\tdata = .*|\tdata = \"$DEP/olddata\"|" "$DEP/old.conf" \
	    > "$DEP/old-then.conf"
	mkdir -p "$DEP/old-storage"
	at_check "an older release's schema migrates" \
	    "$ctl" -c "$DEP/old-then.conf" migrate
	at_check "atriumctl status lists what the upgrade will apply" \
	    sh -c "'$ctl' -c '$DEP/old.conf' status | grep -q '^pending core 004_'"
	at_spawn "$DEP/old.pid" "$DEP/old.sock" "$2/bin/atrium" -c \
	    "$DEP/old.conf" || die "the old site did not start"

	# A site whose only pending migration is marked optional: it
	# serves, and its admins see a banner (docs/admin.md, "Upgrades").
	at_db_new "$1" atrium_opt atrium_opt "q-$pw"
	at_check "atriumctl setup of a site that gets an optional migration" \
	    sh -c "printf '%s\n%s\n' 'q-$pw' 'opt-admin-password' |
	    '$ctl' -c '$DEP/opt/atrium.conf' setup --passwords-stdin \
	    --db-socket '$1/db/mysqld.sock' --db-name atrium_opt \
	    --db-user atrium_opt --site-name 'Site Opt' \
	    --base-url http://127.0.0.1:1 --storage '$DEP/opt/storage' \
	    --socket '$DEP/opt.sock' --admin-email admin@opt.test \
	    --admin-name 'Opal Admin' --data '$2/share/atrium' &&
	    printf 'opt-staff-password\n' | '$ctl' -c '$DEP/opt/atrium.conf' \
	    user add staff@opt.test 'Sol Staff' staff --password-stdin"
	rm -rf "$DEP/optdata"
	mkdir -p "$DEP/optdata"
	cp -R "$2/share/atrium/schema" "$DEP/optdata/schema"
	cat > "$DEP/optdata/schema/hub/900_deploy_optional.sql" <<'EOF'
-- A table this version of the program does not read yet.
-- optional: no code reads deploy_optional; the site serves without it
CREATE TABLE deploy_optional (
	id INT NOT NULL PRIMARY KEY
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
EOF
	sed -i -e "s|^\tdata = .*|\tdata = \"$DEP/optdata\"|" \
	    "$DEP/opt/atrium.conf"
	grep -q "data = \"$DEP/optdata\"" "$DEP/opt/atrium.conf" ||
	    say "could not point the optional site at $DEP/optdata"
	at_check "atriumctl status marks the optional migration" \
	    sh -c "'$ctl' -c '$DEP/opt/atrium.conf' status |
	    grep -qx 'pending hub 900_deploy_optional.sql (optional)'"
	at_spawn "$DEP/opt.pid" "$DEP/opt.sock" "$2/bin/atrium" -c \
	    "$DEP/opt/atrium.conf" || die "the site with an optional migration did not start"
	at_check "a worker logs a warning at start about the optional migration" \
	    sh -c "n=0; until grep -q '1 optional database migration is pending' \
	    '$DEP/opt.pid.log'; do n=\$((n + 1)); [ \$n -gt 100 ] && exit 1;
	    sleep 0.1; done"

	pa=$(at_free_port 19100)
	pb=$(at_free_port $((pa + 1)))
	pr=$(at_free_port $((pb + 1)))
	po=$(at_free_port $((pr + 1)))
	pq=$(at_free_port $((po + 1)))
	skins="$2/share/atrium/skins"
	at_deploy_nginx "$DEP/nginx" "$pa $1/atrium.sock $skins" \
	    "$pb $DEP/b/atrium.sock $skins" "$pr $DEP/r.sock $skins" \
	    "$po $DEP/old.sock $skins" "$pq $DEP/opt.sock $skins" ||
	    die "the deploy nginx did not start"
	export ATRIUM_TEST_URL_OPT="http://127.0.0.1:$pq"
	export ATRIUM_TEST_OPT_CONF="$DEP/opt/atrium.conf"
	export ATRIUM_TEST_URL_MAIN="http://127.0.0.1:$pa"
	export ATRIUM_TEST_URL_SITE_B="http://127.0.0.1:$pb"
	export ATRIUM_TEST_URL_RESTORED="http://127.0.0.1:$pr"
	export ATRIUM_TEST_URL_OLD="http://127.0.0.1:$po"
	export ATRIUM_TEST_OLD_CONF="$DEP/old.conf"
}

# at_deploy_stop DIR: everything at_deploy_prepare and
# at_package_check started.
at_deploy_stop() {
	DEP=$1/deploy
	at_deploy_nginx_stop "$DEP/nginx"
	at_deploy_nginx_stop "$DEP/pkg-nginx"
	for p in r old opt b pkg tar; do
		at_pidfile_stop "$DEP/$p.pid"
	done
}

# at_package_start DIR: builds the package and the tarball in the
# background, in a session of its own (DIR/package.pid), into
# DIR/deploy/pkg; DIR/package.done holds its exit status when finished.
at_package_start() {
	mkdir -p "$1/deploy"
	setsid sh -c 'nice "$1/install/package" --out "$2/deploy/pkg" \
	    --build "$2/deploy/pkg-build" >"$2/package.log" 2>&1
	    echo $? > "$2/package.done"' sh "$ROOT" "$1" &
	echo $! > "$1/package.pid"
}

# at_package_stop DIR: ends a package build still running.
at_package_stop() {
	[ -f "$1/package.pid" ] || return 0
	[ -f "$1/package.done" ] ||
	    kill -- -"$(cat "$1/package.pid")" 2>/dev/null || true
	rm -f "$1/package.pid"
}

# at_ldd_local DIR PROGRAM: every library PROGRAM loads is in DIR/lib,
# but the C library's own.
at_ldd_local() {
	ldd "$2" > "$DEP/ldd.out" || return 1
	cat "$DEP/ldd.out"
	! grep -q "not found" "$DEP/ldd.out" &&
	! awk '$2 == "=>" { print $3 }' "$DEP/ldd.out" | grep -v "^$1/" |
	    grep -v -E '/(libc|libm|libdl|libpthread|librt|libresolv|libutil|libanl)\.so'
}

# at_units_verify ROOT: systemd-analyze verify on the units unpacked in
# ROOT, their programs pointed at ROOT's; fails on any complaint (an
# unknown setting is only a warning to systemd, an error here).
at_units_verify() {
	rm -rf "$DEP/units"
	mkdir -p "$DEP/units"
	for u in "$1"/lib/systemd/system/atrium*; do
		sed -e "s|/usr/sbin/atrium|$1/usr/sbin/atrium|g" \
		    -e "s|/usr/bin/atriumctl|$1/usr/bin/atriumctl|g" \
		    "$u" > "$DEP/units/$(basename "$u")"
	done
	systemd-analyze verify --man=no "$DEP"/units/* >"$DEP/verify.out" 2>&1
	rc=$?
	cat "$DEP/verify.out"
	[ "$rc" -eq 0 ] && [ ! -s "$DEP/verify.out" ]
}

# at_package_check DIR PREFIX: waits for at_package_start, then checks
# the .deb (lintian, its contents and conffile, its units' exposure, its
# system user and folders in a throwaway root) and serves a page with the
# packaged program, skins and schema; then unpacks the tarball into a
# folder it was not built for and serves a page from it.
at_package_check() {
	DEP=$1/deploy
	n=0
	while [ ! -f "$1/package.done" ]; do
		n=$((n + 1)); [ $n -gt 1200 ] && break; sleep 1
	done
	deb=$(ls "$DEP"/pkg/atrium_*_*.deb 2>/dev/null | head -1)
	tgz=$(ls "$DEP"/pkg/atrium-*.tar.gz 2>/dev/null | head -1)
	at_check "install/package builds the .deb and the tarball" \
	    sh -c "[ \"\$(cat '$1/package.done')\" = 0 ] && [ -f '$deb' ] &&
	    [ -f '$tgz' ] || { tail -30 '$1/package.log'; exit 1; }"
	[ -f "$deb" ] || return 0
	at_check "lintian finds no error or warning in the .deb" \
	    lintian --fail-on error,warning "$deb"
	R=$DEP/pkgroot
	rm -rf "$R"
	mkdir -p "$R"
	at_check "the .deb unpacks into a throwaway root" dpkg -x "$deb" "$R"
	at_check "the .deb has the programs, plugins, skins, schema, man pages" \
	    sh -c "cd '$R' && test -x usr/sbin/atrium && test -x usr/bin/atriumctl &&
	    test -f usr/lib/atrium/plugins/meetings.so &&
	    test -f usr/share/atrium/skins/default/layout.xsl &&
	    test -f usr/share/atrium/schema/core/001_accounts.sql &&
	    test -f usr/share/man/man5/atrium.conf.5.gz &&
	    test -f usr/share/man/man8/atriumctl.8.gz &&
	    test -f lib/systemd/system/atrium@.service &&
	    test -f lib/systemd/system/atrium-cron.timer &&
	    test -f usr/lib/sysusers.d/atrium.conf"
	at_check "/etc/atrium/atrium.conf is a conffile" \
	    sh -c "dpkg-deb -f '$deb' Package >/dev/null &&
	    dpkg-deb --ctrl-tarfile '$deb' | tar -xOf - ./conffiles |
	    grep -qx /etc/atrium/atrium.conf"
	at_check "the packaged units are hardened (exposure under 4)" \
	    sh -c "for u in atrium.service atrium@.service atrium-cron.service atrium-cron@.service; do
	    systemd-analyze security --offline=true --threshold=40 \
	    '$R/lib/systemd/system/'\$u | tail -1 || exit 1; done"
	at_check "systemd-analyze verify finds nothing in the packaged units" \
	    at_units_verify "$R"
	at_check "the system user and its folders (sysusers, tmpfiles)" \
	    sh -c "mkdir -p '$R/etc' && cp /etc/passwd /etc/group '$R/etc/' &&
	    systemd-sysusers --root='$R' &&
	    grep -q '^atrium:' '$R/etc/passwd' &&
	    systemd-tmpfiles --root='$R' --create atrium.conf &&
	    uid=\$(awk -F: '\$1 == \"atrium\" { print \$3 }' '$R/etc/passwd') &&
	    test \"\$(stat -c '%u %a' '$R/var/lib/atrium')\" = \"\$uid 750\" &&
	    test \"\$(stat -c '%u %a' '$R/var/log/atrium')\" = \"\$uid 750\""
	# The packaged program against the test MariaDB, with the packaged
	# skins and schema (its libatrium is where its RUNPATH says, under
	# the throwaway root here).
	at_db_new "$1" atrium_pkg atrium_pkg "p-$(cat "$1/db/password")"
	rm -rf "$DEP/pkg.conf" "$DEP/pkg-storage" "$DEP/tar-storage"
	at_check "the packaged atriumctl sets up a site" \
	    sh -c "printf '%s\n%s\n' 'p-$(cat "$1/db/password")' 'pkg-admin-password' |
	    LD_LIBRARY_PATH='$R/usr/lib/atrium' '$R/usr/bin/atriumctl' \
	    -c '$DEP/pkg.conf' setup --passwords-stdin \
	    --db-socket '$1/db/mysqld.sock' --db-name atrium_pkg \
	    --db-user atrium_pkg --storage '$DEP/pkg-storage' \
	    --socket '$DEP/pkg.sock' --admin-email admin@pkg.test \
	    --skins '$R/usr/share/atrium/skins' \
	    --plugins-dir '$R/usr/lib/atrium/plugins' \
	    --data '$R/usr/share/atrium'"
	( LD_LIBRARY_PATH="$R/usr/lib/atrium"; export LD_LIBRARY_PATH
	  at_spawn "$DEP/pkg.pid" "$DEP/pkg.sock" "$R/usr/sbin/atrium" -c \
	    "$DEP/pkg.conf" ) || say "the packaged atrium did not start"
	# The tarball, unpacked into a folder it was not built for.
	rm -rf "$DEP/elsewhere"
	mkdir -p "$DEP/elsewhere/any/folder"
	tar -xzf "$tgz" -C "$DEP/elsewhere/any/folder"
	X=$(ls -d "$DEP"/elsewhere/any/folder/atrium-*)
	at_check "the tarball's atrium loads only its own libraries" \
	    at_ldd_local "$X" "$X/bin/atrium"
	at_check "the tarball's atriumctl loads only its own libraries" \
	    at_ldd_local "$X" "$X/bin/atriumctl"
	at_db_new "$1" atrium_tar atrium_tar "t-$(cat "$1/db/password")"
	# The config beside the program: found without -c.
	at_check "the tarball's atriumctl sets up a site with its own paths" \
	    sh -c "printf '%s\n%s\n' 't-$(cat "$1/db/password")' 'tar-admin-password' |
	    '$X/bin/atriumctl' -c '$X/bin/atrium.conf' setup --passwords-stdin \
	    --db-socket '$1/db/mysqld.sock' --db-name atrium_tar \
	    --db-user atrium_tar --storage '$DEP/tar-storage' \
	    --socket '$DEP/tar.sock' --admin-email admin@tar.test &&
	    grep -q 'skins = \"$X/share/skins\"' '$X/bin/atrium.conf'"
	at_spawn "$DEP/tar.pid" "$DEP/tar.fcgi.sock" "$X/bin/atrium" ||
	    say "the tarball's atrium did not start"
	pp=$(at_free_port 19200)
	pt=$(at_free_port $((pp + 1)))
	at_deploy_nginx "$DEP/pkg-nginx" \
	    "$pp $DEP/pkg.sock $R/usr/share/atrium/skins" \
	    "$pt $DEP/tar.fcgi.sock $X/share/skins" ||
	    say "the package nginx did not start"
	at_check "the packaged atrium serves the sign-in page" \
	    at_http_has "http://127.0.0.1:$pp/login" "<h1>Sign in</h1>"
	at_check "the packaged skin's stylesheet is served" \
	    at_http_has "http://127.0.0.1:$pp/static/default/atrium.css" "{"
	at_check "the tarball's atrium serves the sign-in page" \
	    at_http_has "http://127.0.0.1:$pt/login" "<h1>Sign in</h1>"
	at_check "the tarball's stylesheet is served" \
	    at_http_has "http://127.0.0.1:$pt/static/default/atrium.css" "{"
}

# at_portal_start DIR PREFIX: a second Atrium (master and one worker)
# serving the same site under the base path /portal, the way a site
# runs at https://agency.example/portal/: DIR/portal.conf is
# DIR/atrium.conf with server.base-path "/portal" and a socket and pid
# file of its own.  The tests' nginx server on PORT2 sends /portal to it.
at_portal_start() {
	sed -e 's|^\(	base-url = "[^"]*\)"|\1/portal"|' \
	    -e 's|^	workers = .*|	workers = 1|' \
	    -e "s|^	socket = \"$1/atrium.sock\"|	socket = \"$1/portal.sock\"\\
	base-path = \"/portal\"|" \
	    -e "s|^	pidfile = \"$1/atrium.pid\"|	pidfile = \"$1/portal.pid\"|" \
	    "$1/atrium.conf" > "$1/portal.conf"
	grep -q 'base-path = "/portal"' "$1/portal.conf" ||
	    die "could not write $1/portal.conf"
	"$2/bin/atrium" -c "$1/portal.conf" --check-config >/dev/null ||
	    die "the /portal config does not load"
	rm -f "$1/portal.sock"
	setsid nohup "$2/bin/atrium" -c "$1/portal.conf" --master \
	    >>"$1/portal.log" 2>&1 &
	at_wait_file "$1/portal.sock" 60 ||
	    die "Atrium under /portal did not start: $1/portal.log"
}
# at_second_start DIR PREFIX PORT: a second Atrium of the site in DIR, as
# a second host would run it: its own folder DIR/second (config, socket,
# pid file, nginx on 127.0.0.1:PORT), the same database and storage.
at_second_start() {
	d2=$1/second
	mkdir -p "$d2"
	chmod 755 "$d2"
	sed -e "s|$1/atrium.sock|$d2/atrium.sock|" \
	    -e "s|$1/atrium.pid|$d2/atrium.pid|" "$1/atrium.conf" > "$d2/atrium.conf"
	mkdir -p "$d2/db"
	cp "$1/db/password" "$d2/db/password"
	at_atrium_start "$d2" "$2"
	at_nginx_start "$d2" "$2" "$3" 4m
}

# at_second_stop DIR: stops what at_second_start started.
at_second_stop() {
	d2=$1/second
	[ -f "$d2/nginx.pid" ] && nginx -c "$d2/nginx.conf" -p "$d2" -s quit 2>/dev/null
	at_pidfile_stop "$d2/nginx.pid"
	at_pidfile_stop "$d2/atrium.pid"
}

# The plugins the bare host (at_bare_start) goes without, unless its
# caller names others: a site where they are not installed, for the
# tests of what the other plugins do then.
AT_BARE_DROP=${AT_BARE_DROP:-payments}
# The plugins the second bare host (at_bare_start ... bare2) goes
# without: contracts and e-signatures not installed, payments there.
AT_BARE2_DROP=${AT_BARE2_DROP:-contracts esign}

# at_bare_start DIR PREFIX PORT [DROP [NAME]]: a second Atrium of the
# site in DIR without the plugins DROP (default $AT_BARE_DROP,
# space-separated): its own folder DIR/NAME (default DIR/bare: config,
# socket, pid file, nginx on 127.0.0.1:PORT), the same database and
# storage.  Its config is DIR/NAME/atrium.conf (for `atriumctl -c` of the
# same host).  Several such hosts, each with its own NAME, run side by
# side: one master, its workers and an nginx each.
at_bare_start() {
	d2=$1/${5:-bare}
	mkdir -p "$d2"
	chmod 755 "$d2"
	sed -e "s|$1/atrium.sock|$d2/atrium.sock|" \
	    -e "s|$1/atrium.pid|$d2/atrium.pid|" "$1/atrium.conf" \
	    > "$d2/atrium.conf"
	for p in ${4:-$AT_BARE_DROP}; do
		sed -i -e "/^plugins = {/{s/\"$p\", *//;s/, *\"$p\"//;s/\"$p\"//}" \
		    -e "/^plugin $p {/,/^}/d" "$d2/atrium.conf"
		! grep -q "^plugins = {.*\"$p\"" "$d2/atrium.conf" ||
		    die "could not leave $p out of $d2/atrium.conf"
	done
	mkdir -p "$d2/db"
	cp "$1/db/password" "$d2/db/password"
	at_atrium_start "$d2" "$2"
	at_nginx_start "$d2" "$2" "$3" 4m
}

# at_bare_stop DIR [NAME]: stops what at_bare_start started (in DIR/NAME,
# default DIR/bare).
at_bare_stop() {
	d2=$1/${2:-bare}
	[ -f "$d2/nginx.pid" ] && nginx -c "$d2/nginx.conf" -p "$d2" -s quit 2>/dev/null
	at_pidfile_stop "$d2/nginx.pid"
	at_pidfile_stop "$d2/atrium.pid"
}
