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

# at_wait_file PATH SECONDS: waits until PATH exists.
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
AT_DEMO_SQL="10-hub.sql 20-hub.sql"

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

# at_free_port START: the first free TCP port on 127.0.0.1 from START.
at_free_port() {
	python3 - "$1" <<'PY'
import socket, sys
p = int(sys.argv[1])
while True:
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
	at_wait_file "$1/atrium.sock" 20 || die "Atrium did not start: $1/atrium.log"
}

# at_smtp_start DIR PORT: the SMTP sink writing messages to DIR/mail.
at_smtp_start() {
	mkdir -p "$1/mail"
	setsid nohup python3 "$ROOT/tests/smtp-sink.py" --port "$2" --dir "$1/mail" \
	    --pidfile "$1/smtp.pid" >>"$1/smtp.log" 2>&1 &
	at_wait_file "$1/smtp.pid" 10 || die "the SMTP sink did not start"
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
	if [ -d "$ROOT/install/demo-data/files" ]; then
		mkdir -p "$1/storage/files"
		cp -R "$ROOT/install/demo-data/files/." "$1/storage/files/"
	fi
}

# at_stop_all DIR PREFIX: everything of the site in DIR.
at_stop_all() {
	[ -f "$1/nginx.pid" ] && nginx -c "$1/nginx.conf" -p "$1" -s quit 2>/dev/null
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
	at_wait_file "$a/httpd.pid" 10 ||
	    die "Apache did not start: $a/error.log"
}

# at_apache_stop DIR: stops the private Apache of DIR (if any).
at_apache_stop() {
	a=$1/apache
	[ -f "$a/httpd.pid" ] || return 0
	apache2 -f "$a/apache.conf" -k stop 2>/dev/null || true
	at_pidfile_stop "$a/httpd.pid"
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

