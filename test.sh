#!/usr/bin/env bash
# Runs all of gonggu's tests: unit, store tests on SQLite and PostgreSQL, HTTP and browser tests.
#
# PostgreSQL: GONGGU_TEST_PG (a postgres:// URL) if set; otherwise the server on 127.0.0.1:5432
# if one answers; otherwise a throwaway cluster started here and removed afterwards.
set -euo pipefail
cd "$(dirname "$0")"

pg_up() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

cleanup() { :; }
trap 'cleanup' EXIT

if [ -z "${GONGGU_TEST_PG:-}" ]; then
  if pg_up 127.0.0.1 5432; then
    export GONGGU_TEST_PG="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
  else
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$bindir" ]; then
      echo "test.sh: installing PostgreSQL for the store tests" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    pgdir=$(mktemp -d /tmp/gonggu-pg.XXXXXX)
    port=55432
    run=()
    if [ "$(id -u)" = 0 ]; then
      id gonggupg >/dev/null 2>&1 || useradd --system --no-create-home gonggupg
      chown gonggupg "$pgdir"
      run=(runuser -u gonggupg --)
    fi
    "${run[@]}" "$bindir/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 >/dev/null
    "${run[@]}" "$bindir/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
      -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
    cleanup() { "${run[@]}" "$bindir/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdir"; }
    export GONGGU_TEST_PG="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
  fi
fi
echo "test.sh: PostgreSQL tests use $GONGGU_TEST_PG" >&2

# Front-end files (htmx, ECharts) from npm, embedded by the Go build. The pages work without them,
# so a machine without npm still runs every test but the charts and live search.
if command -v npm >/dev/null 2>&1; then
  web/build.sh
else
  echo "test.sh: npm not found; testing the pages without htmx and ECharts" >&2
fi

go vet ./...
go test -count=1 -timeout 80m ./...
