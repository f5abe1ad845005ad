#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server for the store tests: initdb as a non-root
# user into a temporary folder, a loopback port, password authentication, the password in a
# PGPASSFILE (as a team's would be). The command sees OPINE_TEST_POSTGRES_URL and PGPASSFILE;
# the server is stopped and its folder removed when the command ends.
# With OPINE_TEST_POSTGRES_URL already set, the command runs against that server instead.
# Without a PostgreSQL server installed, the command runs alone and the store tests say they
# were skipped (under CI=true they fail instead).
# Usage: scripts/with-postgres.sh COMMAND [ARG...]
set -euo pipefail

if [ -n "${OPINE_TEST_POSTGRES_URL:-}" ]; then exec "$@"; fi
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "with-postgres: no PostgreSQL server installed (Debian: apt-get install postgresql); the PostgreSQL store tests will be skipped" >&2
  exec "$@"
fi

work=$(mktemp -d /tmp/opine-pg.XXXXXX)
chmod 755 "$work"
# initdb refuses to run as root: the server runs as the postgres user (or as you).
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$work" postgres
  chown postgres "$work"
  as_owner=(runuser -u postgres --)
fi
password="opine-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "$password" > "$work/pwfile"
[ "$(id -u)" -eq 0 ] && chown postgres "$work/pwfile"
"${as_owner[@]}" "$bin/initdb" -D "$work/data" -U opine --pwfile="$work/pwfile" \
  --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; exit 1; }
rm -f "$work/pwfile"
# A free loopback port.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
# OPINE_TEST_POSTGRES_LISTEN: more addresses to listen on (comma-separated), for test hosts in
# network namespaces (Benchmarks/server/hosts.sh); their /16 may connect with the password.
listen="127.0.0.1${OPINE_TEST_POSTGRES_LISTEN:+,$OPINE_TEST_POSTGRES_LISTEN}"
extra="${OPINE_TEST_POSTGRES_LISTEN:-}"
for address in ${extra//,/ }; do
  echo "host all all ${address%.*.*}.0.0/16 scram-sha-256" >> "$work/data/pg_hba.conf"
done
"${as_owner[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 60 \
  -o "-p $port -k $work -c listen_addresses=$listen -c fsync=on -c max_connections=100" start >/dev/null \
  || { cat "$work/server.log" >&2; exit 1; }
stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT

for address in ${listen//,/ }; do printf '%s:%s:*:opine:%s\n' "$address" "$port" "$password"; done > "$work/pgpass"
chmod 600 "$work/pgpass"
export PGPASSFILE="$work/pgpass"
PGPASSWORD="$password" psql -q -h 127.0.0.1 -p "$port" -U opine -d postgres -c "CREATE DATABASE opine_test" >/dev/null
export OPINE_TEST_POSTGRES_URL="postgres://opine@127.0.0.1:$port/opine_test"
# For the tests that restart the server mid-session.
export OPINE_TEST_POSTGRES_CTL="${as_owner[*]} $bin/pg_ctl -D $work/data -l $work/server.log"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port for the tests"
status=0
"$@" || status=$?
exit "$status"
