#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL 15 cluster:
#   scripts/with-postgres.sh npx vitest run test/cases-compile.test.ts
# initdb a temp cluster as the `postgres` user (initdb refuses root), start it on a free loopback port, export
# DATABASE_URL, run the command, stop the server and delete the cluster; exit with the command's exit code.
# Needs Debian's `postgresql` package (binaries in /usr/lib/postgresql/15/bin).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "用法：scripts/with-postgres.sh <命令> [参数…]" >&2
  exit 2
fi

PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
if [ ! -x "$PGBIN/initdb" ]; then
  echo "错误：找不到 $PGBIN/initdb（请先 apt-get install -y postgresql，或设置 PGBIN）" >&2
  exit 2
fi

RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
  RUN_AS=(runuser -u postgres --)
fi

TMP="$(mktemp -d /tmp/gongkai-pg.XXXXXX)"
chmod 755 "$TMP"
mkdir -p "$TMP/data" "$TMP/sock"
if [ "${#RUN_AS[@]}" -gt 0 ]; then chown -R postgres:postgres "$TMP"; fi

PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"

cleanup() {
  "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

"${RUN_AS[@]}" "$PGBIN/initdb" -D "$TMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$TMP/initdb.log" 2>&1 ||
  { cat "$TMP/initdb.log" >&2; exit 2; }
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$TMP/data" -l "$TMP/server.log" -w \
  -o "-p $PORT -k $TMP/sock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null ||
  { cat "$TMP/server.log" >&2; exit 2; }

export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
set +e
"$@"
CODE=$?
set -e
exit "$CODE"
