#!/usr/bin/env bash
# Make sure the local PostgreSQL server answers on 127.0.0.1:5432, starting it if needed.
# SODANG_SKIP_POSTGRES=1 skips the PostgreSQL tests on purpose (and says so).
set -euo pipefail

HOST=127.0.0.1
PORT=5432
WAIT_SECONDS=30

if [[ "${SODANG_SKIP_POSTGRES:-}" == "1" ]]; then
    echo "SODANG_SKIP_POSTGRES=1: PostgreSQL tests are skipped ON PURPOSE; only SQLite is tested."
    exit 0
fi

if pg_isready -q -h "$HOST" -p "$PORT"; then
    exit 0
fi

echo "PostgreSQL is not answering on $HOST:$PORT: starting it"
if [[ -d /etc/postgresql ]] && command -v pg_ctlcluster >/dev/null; then
    version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
fi

for _ in $(seq "$WAIT_SECONDS"); do
    if pg_isready -q -h "$HOST" -p "$PORT"; then
        echo "PostgreSQL is up on $HOST:$PORT"
        exit 0
    fi
    sleep 1
done

cat >&2 <<MSG

########################################################################
#  PostgreSQL CANNOT BE REACHED on $HOST:$PORT after ${WAIT_SECONDS} s.
#  The test suite runs every service test on PostgreSQL too, so it
#  cannot run. Start the server, or set SODANG_SKIP_POSTGRES=1 to test
#  on SQLite only, on purpose.
########################################################################

MSG
exit 1
