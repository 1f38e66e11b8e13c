#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests: the one copy used by .ci/run and by the
# pytest fixture in tests/pg/conftest.py (when CASELOAD_TEST_PG is not set).
#
#   tests/pg/cluster.sh start DIR   # DIR: an empty directory; prints the libpq URL
#   tests/pg/cluster.sh stop DIR    # stops the server and removes DIR
#
# The cluster lives in DIR, owned by an unprivileged OS user (PostgreSQL refuses to run as
# root): the one running this, or, for root, the 'postgres' user Debian's package creates.
# It listens on a Unix socket in DIR only (no TCP) and every connection is peer-authenticated
# (the role is the OS login name). Whoever runs this gets a superuser role of their own
# login name, so the tests (as root in CI) can create databases and act as caseworker roles.
set -euo pipefail

die() { echo "cluster.sh: $*" >&2; exit 1; }

[[ $# -eq 2 ]] || die "usage: $0 start|stop DIR"
action=$1
dir=$2

pg_bin() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [[ -n $bin && -x $bin/initdb && -x $bin/pg_ctl ]] \
        || die "no PostgreSQL server found under /usr/lib/postgresql/*/bin: apt-get install -y postgresql"
    echo "$bin"
}

tester=$(id -un)
if [[ $(id -u) -eq 0 ]]; then
    owner=postgres
    id -u "$owner" >/dev/null 2>&1 || die "no OS user '$owner' to own the cluster: apt-get install -y postgresql"
    as_owner() { (cd / && runuser -u "$owner" -- "$@"); }
else
    owner=$tester
    as_owner() { (cd / && "$@"); }
fi

case $action in
start)
    bin=$(pg_bin)
    [[ -d $dir ]] || die "$dir is not a directory"
    [[ -z $(ls -A "$dir") ]] || die "$dir is not empty"
    dir=$(cd "$dir" && pwd)
    chmod 0700 "$dir"
    [[ $owner == "$tester" ]] || chown "$owner" "$dir"
    as_owner test -w "$dir" || die "$owner cannot reach $dir (a folder on the way is closed to it): use one under /tmp"
    as_owner "$bin/initdb" -D "$dir/data" -U "$owner" -E UTF8 --locale=C --no-sync \
        --auth-local=peer --auth-host=reject >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    as_owner tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF
listen_addresses = ''
unix_socket_directories = '$dir'
port = 5432
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 60
EOF
    # peer only, over the socket; 'caseload' maps every OS login to the role of its name
    as_owner tee "$dir/data/pg_hba.conf" >/dev/null <<'EOF'
local all all peer map=caseload
EOF
    as_owner tee "$dir/data/pg_ident.conf" >/dev/null <<'EOF'
caseload /^(.*)$ \1
EOF
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
        || { cat "$dir/server.log" >&2 || true; die "the server did not start"; }
    if [[ $owner != "$tester" ]]; then
        as_owner "$bin/psql" -X -q -h "$dir" -d postgres -v ON_ERROR_STOP=1 \
            -c "CREATE ROLE \"$tester\" SUPERUSER LOGIN" >/dev/null \
            || die "cannot create the role $tester"
    fi
    echo "postgresql:///postgres?host=$dir"
    ;;
stop)
    [[ -d $dir ]] || exit 0
    if [[ -f $dir/data/postmaster.pid ]]; then
        as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null \
            || echo "cluster.sh: could not stop the server in $dir" >&2
    fi
    rm -rf "$dir"
    ;;
*)
    die "usage: $0 start|stop DIR"
    ;;
esac
