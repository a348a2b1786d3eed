#!/usr/bin/env bash
# `npm test`: every test, on SQLite and on a throwaway PostgreSQL started here and stopped after.
# Pass file paths to run only those: npm test -- src/db/migrations.test.ts
set -euo pipefail
shopt -s globstar nullglob
cd "$(dirname "$0")/.."

if [ -z "${QUIRE_TEST_PG_URL:-}" ]; then
  read -r url dir < <(scripts/postgres-throwaway.sh start)
  trap 'scripts/postgres-throwaway.sh stop "$dir"' EXIT
  export QUIRE_TEST_PG_URL=$url
fi

# Two read workers per SQLite test database whatever this machine's cores, so that ranking split
# across them (db/read-workers.ts) is tested everywhere.
export QUIRE_READ_WORKERS=${QUIRE_READ_WORKERS:-2}

files=("$@")
[ ${#files[@]} -gt 0 ] || files=(src/**/*.test.ts e2e/**/*.test.ts)
node --import tsx --test --test-concurrency=2 "${files[@]}"
