#!/usr/bin/env bash
# Benchmark of the beneficiary list and name search with a large PostgreSQL dataset: each scenario is
# measured through the application (bench/LoadClient.java, HTTP, 20 logged-in clients) and as the
# same two SQL statements run directly (pgbench, 20 clients). See docs/benchmarks.md.
#
# Usage, from the repository root:  bench/run.sh
# Environment (all optional):
#   BENCH_ROWS=1000000      beneficiaries to generate
#   BENCH_DB=parcours_bench database, dropped and created again (unless BENCH_REUSE_DB=1)
#   BENCH_REUSE_DB=1        keep an already loaded database (the demo loader skips a loaded one)
#   BENCH_LOAD_TIMEOUT=3600 seconds to wait for the demo data (people, referrals, diagnostics)
#   BENCH_CLIENTS=20        concurrent clients, both for HTTP and pgbench
#   BENCH_APP_WARMUP=60     seconds of requests of every scenario before the first one (JIT compilation)
#   BENCH_WARMUP=10         seconds of warm-up per scenario, not recorded
#   BENCH_DURATION=30       seconds measured per scenario
#   BENCH_SCENARIOS="..."   space-separated subset of the scenario names below
#   BENCH_QUIET_MAX=25      before each measurement, wait until the CPUs are at most this % busy...
#   BENCH_QUIET_WAIT=120    ...but no longer than this many seconds (the machine may be shared)
#   BENCH_JAVA_OPTS="..."   JVM options of the application (default: -Xms1g -Xmx1g)
#   BENCH_APP_ARGS="..."    extra Spring Boot arguments, e.g. --spring.datasource.hikari.maximum-pool-size=10
#   BENCH_REBUILD=1         rebuild the jar even if it exists
#   PGHOST/PGPORT/PGUSER    PostgreSQL server (default 127.0.0.1:5432, postgres)
set -euo pipefail
{ # Read to the end before running, so that editing this file during a run does not disturb the run.

cd "$(dirname "$0")/.."

ROWS=${BENCH_ROWS:-1000000}
DB=${BENCH_DB:-parcours_bench}
CLIENTS=${BENCH_CLIENTS:-20}
WARMUP=${BENCH_WARMUP:-10}
APP_WARMUP=${BENCH_APP_WARMUP:-60}
DURATION=${BENCH_DURATION:-30}
LOAD_TIMEOUT=${BENCH_LOAD_TIMEOUT:-3600}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms1g -Xmx1g}
APP_ARGS=${BENCH_APP_ARGS:-}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
JAR=target/parcours-numerique-0.1.0-SNAPSHOT.jar
ALL_SCENARIOS="search_departement list_departement list_departement_deep list_coordinator list_prescriber search_prescriber"
SCENARIOS=${BENCH_SCENARIOS:-$ALL_SCENARIOS}

case "$DB" in
    parcours_test*|parcours_wt*) echo "Refusing to use database $DB (reserved for test suites)" >&2; exit 1 ;;
esac
case "$PGHOST" in
    127.0.0.1|localhost|::1) ;;
    *) echo "The benchmark only runs against a local PostgreSQL (PGHOST=$PGHOST)" >&2; exit 1 ;;
esac
for tool in java psql pgbench; do
    command -v "$tool" >/dev/null || { echo "Missing tool: $tool" >&2; exit 1; }
done

RESULTS=bench/results/$(date +%Y%m%d-%H%M%S)
mkdir -p "$RESULTS"
ln -sfn "$(basename "$RESULTS")" bench/results/latest
log() { echo "[bench $(date +%H:%M:%S)] $*" | tee -a "$RESULTS/run.log"; }
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

# --- Build -----------------------------------------------------------------------------------------
if [[ ! -f $JAR || -n ${BENCH_REBUILD:-} ]]; then
    log "Building $JAR"
    ./mvnw -o -q -DskipTests package || ./mvnw -q -DskipTests package
fi

# --- Database --------------------------------------------------------------------------------------
if [[ -z ${BENCH_REUSE_DB:-} ]]; then
    log "Creating database $DB"
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
fi

# --- Application -----------------------------------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=18080
while ! port_free $PORT; do PORT=$((PORT + 1)); done
BASE=http://127.0.0.1:$PORT

APP_PID=
cleanup() {
    if [[ -n $APP_PID ]] && kill -0 "$APP_PID" 2>/dev/null; then
        log "Stopping the application (pid $APP_PID)"
        kill "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "Starting the application on port $PORT with $ROWS beneficiaries (log: $RESULTS/app.log)"
# shellcheck disable=SC2086
SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB?reWriteBatchedInserts=true" \
SPRING_DATASOURCE_USERNAME=$PGUSER SPRING_DATASOURCE_PASSWORD=${PGPASSWORD:-} PARCOURS_DEMO=true \
    java $JAVA_OPTS -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 \
    --parcours.demo.beneficiaries="$ROWS" $APP_ARGS >"$RESULTS/app.log" 2>&1 &
APP_PID=$!

LOAD_START=$(date +%s)
until grep -q "Demo data loaded\|Demo data already loaded" "$RESULTS/app.log"; do
    if ! kill -0 "$APP_PID" 2>/dev/null; then
        echo "The application stopped; end of $RESULTS/app.log:" >&2
        tail -40 "$RESULTS/app.log" >&2
        exit 1
    fi
    if (($(date +%s) - LOAD_START > LOAD_TIMEOUT)); then
        echo "Demo data not loaded after $LOAD_TIMEOUT s (BENCH_LOAD_TIMEOUT)" >&2
        exit 1
    fi
    sleep 2
done
grep "Demo data loaded\|Demo data already loaded" "$RESULTS/app.log" | tail -1 | sed 's/.*: Demo/Demo/' | tee -a "$RESULTS/run.log"

log "VACUUM ANALYZE (as autovacuum would have done on a production database)"
psql_db -c "VACUUM (ANALYZE)"

# --- Parameters of the scenarios -------------------------------------------------------------------
T6=$(psql_db -Atc "SELECT id FROM territory WHERE code = 'T6'")
PRESCRIBER_ORG=$(psql_db -Atc "SELECT organisation_id FROM user_account WHERE email = 'prescripteur.t6@demo.parcours.test'")
DEPARTEMENT=departement@demo.parcours.test
COORDINATOR=coordination.t6@demo.parcours.test
PRESCRIBER=prescripteur.t6@demo.parcours.test

# Name searches: what is typed in the search box (URL-encoded), the compact prefix the application
# derives from it (Names.searchQuery: lower case, no accents, letters and digits only, so "N'Diaye" and
# "n diaye" are both "ndiaye"), and the positions where the typed words ended (",1,6," for
# "n diaye"). The application looks for search keys that start with the prefix, as the range
# prefix <= key < hi, hi being the prefix with its last character replaced by the next one (see
# Names.prefixEnd), in "last first" and in "first last" order; a match may run from one name into
# the other only where a typed word ended. Prefixes of common and rare last names, of first names
# (the "first last" order), two letters, full names in both orders, accents, capitals, apostrophes.
SEARCHES=(
    "mar|mar|,3,"
    "dial|dial|,4,"
    "lefe|lefe|,4,"
    "nguy|nguy|,4,"
    "elodie+ma|elodiema|,6,8,"
    "be|be|,2,"
    "tr|tr|,2,"
    "Diallo+Fatoumata|diallofatoumata|,6,15,"
    "L%C3%A9f%C3%A8vre+%C3%89lodie|lefevreelodie|,7,13,"
    "zerr|zerr|,4,"
    "N%27Diaye|ndiaye|,1,6,"
    "fatou+ndiaye|fatoundiaye|,5,11,"
)
search_prefix() { local r=${1#*|}; echo "${r%%|*}"; }
search_ends() { echo "${1##*|}"; }
# The end of the range of a prefix (ASCII only, as above).
prefix_end() {
    local p=$1 last
    last=$(printf '%d' "'${p: -1}")
    printf '%s\\x%02x' "${p%?}" $((last + 1)) | xargs -0 printf '%b'
}
search_paths() {
    local paths="" s
    for s in "${SEARCHES[@]}"; do paths+="/beneficiaries?q=${s%%|*}|"; done
    echo "${paths%|}"
}

# user;HTTP paths (separated by |);SQL file;pgbench variables (besides q)
scenario_def() {
    case "$1" in
        search_departement) echo "$DEPARTEMENT;$(search_paths);search_departement.sql;offset=0 fetch=25" ;;
        list_departement) echo "$DEPARTEMENT;/beneficiaries;list_departement.sql;offset=0" ;;
        list_departement_deep) echo "$DEPARTEMENT;/beneficiaries?page=200;list_departement.sql;offset=4975" ;;
        list_coordinator) echo "$COORDINATOR;/beneficiaries;list_coordinator.sql;offset=0 scopeId=$T6" ;;
        list_prescriber) echo "$PRESCRIBER;/beneficiaries;list_prescriber.sql;offset=0 scopeId=$PRESCRIBER_ORG" ;;
        search_prescriber) echo "$PRESCRIBER;$(search_paths);search_prescriber.sql;offset=0 fetch=25 scopeId=$PRESCRIBER_ORG" ;;
        *) echo "Unknown scenario $1" >&2; return 1 ;;
    esac
}

# --- Environment -----------------------------------------------------------------------------------
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo '?') $(git status --porcelain 2>/dev/null | grep -q . && echo '(dirty)')"
    echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "memory: $(free -g | awk '/Mem:/ {print $2}') GB"
    echo "kernel: $(uname -sr)"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "postgresql: $(psql_db -Atc 'SELECT version()')"
    for s in shared_buffers work_mem effective_cache_size random_page_cost jit max_connections; do
        echo "pg $s: $(psql_db -Atc "SHOW $s")"
    done
    echo "rows: $(psql_db -Atc 'SELECT count(*) FROM beneficiary') beneficiaries, $(psql_db -Atc 'SELECT count(*) FROM consent') consents"
    echo "rows in T6: $(psql_db -Atc "SELECT count(*) FROM beneficiary WHERE territory_id = $T6")"
    echo "rows referred by the T6 prescriber: $(psql_db -Atc "SELECT count(*) FROM beneficiary WHERE referring_organisation_id = $PRESCRIBER_ORG")"
    echo "database size: $(psql_db -Atc "SELECT pg_size_pretty(pg_database_size('$DB'))")"
    echo "app: java $JAVA_OPTS $APP_ARGS"
    echo "clients: $CLIENTS, warm-up: ${WARMUP}s, measured: ${DURATION}s per scenario"
} >"$RESULTS/environment.txt"
cat "$RESULTS/environment.txt" | tee -a "$RESULTS/run.log"

# --- Measurements ----------------------------------------------------------------------------------
# The machine may be shared: before each measurement, wait (up to BENCH_QUIET_WAIT seconds) until the
# CPUs are mostly idle while the benchmark itself does nothing, and record how busy they were.
QUIET_MAX=${BENCH_QUIET_MAX:-25}      # % of all CPUs
QUIET_WAIT=${BENCH_QUIET_WAIT:-120}
cpu_busy() { # % busy over 3 s, all CPUs
    local a b
    a=($(head -1 /proc/stat)); sleep 3; b=($(head -1 /proc/stat))
    awk -v a="${a[*]}" -v b="${b[*]}" 'BEGIN { split(a, x); split(b, y); t = 0
        for (i = 2; i <= 9; i++) t += y[i] - x[i]
        idle = (y[5] - x[5]) + (y[6] - x[6]); printf "%d", (t > 0 ? 100 * (t - idle) / t : 0) }'
}
wait_quiet() {
    local start busy
    start=$(date +%s)
    while busy=$(cpu_busy); ((busy > QUIET_MAX)); do
        if (($(date +%s) - start > QUIET_WAIT)); then
            log "  WARNING: CPUs still ${busy}% busy with other work after ${QUIET_WAIT}s; measuring anyway: $(top_others)"
            return
        fi
        log "  waiting: CPUs ${busy}% busy with other work: $(top_others)"
        sleep 10
    done
    log "  CPUs ${busy}% busy before measuring"
}
top_others() { ps -eo pid,pcpu,comm --sort=-pcpu --no-headers | awk -v app="$APP_PID" '$1 != app && $2 > 5 { printf "%s(%s%%) ", $3, $2 }' | cut -c1-200; }
# CPU ticks used so far by each process that is not part of the benchmark (the application, the load
# client given as $1, pgbench, PostgreSQL), to tell afterwards how much other work ran meanwhile.
others_ticks() {
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v skip=" $APP_PID ${1:-} " '{
        pid = $1; comm = $0; sub(/^[^(]*\(/, "", comm); rest = comm; sub(/\).*/, "", comm); sub(/.*\) /, "", rest)
        split(rest, f, " ")
        if (index(skip, " " pid " ") == 0 && comm != "postgres" && comm != "pgbench") print pid, f[12] + f[13] }'
}
# The PostgreSQL server process, and the CPU ticks used by it and its children (running or reaped).
POSTMASTER=$(ps -eo pid,ppid,comm --no-headers | awk '$3 == "postgres" { pid[$1] = $2 } END { for (p in pid) if (!(pid[p] in pid)) print p }' | head -1)
pg_ticks() {
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pm="$POSTMASTER" '{
        pid = $1; rest = $0; sub(/.*\) /, "", rest); split(rest, f, " ")
        if (pid == pm) t += f[12] + f[13] + f[14] + f[15]; else if (f[2] == pm) t += f[12] + f[13] } END { print t }'
}
# CPU-seconds used by other processes between two others_ticks snapshots (files $1 and $2).
others_seconds() {
    awk 'NR == FNR { before[$1] = $2; next } { d = $2 - before[$1]; if (d > 0) t += d } END { printf "%.1f", t / 100 }' "$1" "$2"
}

# Percentiles (nearest rank) of a column of microseconds read on stdin, in ms.
percentiles() {
    sort -n | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "n=0"; exit }
        split("50 95 99", ps, " ")
        out = "n=" NR
        for (i = 1; i <= 3; i++) { r = int(ps[i] / 100 * NR); if (r < ps[i] / 100 * NR) r++; if (r < 1) r = 1
            out = out sprintf(" p%s_ms=%.2f", ps[i], v[r] / 1000) }
        printf "%s max_ms=%.2f\n", out, v[NR] / 1000 }'
}
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" | head -1; }

# EXPLAIN (ANALYZE, BUFFERS) of each statement of a SQL file, its variables filled with literal values.
explain() {
    local name=$1 sqlfile=$2 vars=$3 q=$4 ends=$5 label=$6 v sed_args=()
    for v in limit=25 cap=10001 $vars; do sed_args+=(-e "s/:${v%%=*}\b/${v#*=}/g"); done
    if [[ -n $q ]]; then
        sed_args+=(-e "s/:lo\b/'$q'/g" -e "s/:hi\b/'$(prefix_end "$q")'/g" -e "s/:qlen\b/${#q}/g"
            -e "s/:ends\b/'$ends'/g")
    fi
    sed_args+=(-e '/^--/d')
    {
        echo "===== $name $label"
        sed "${sed_args[@]}" "bench/sql/$sqlfile" \
            | awk -v RS=';' 'NF { print "EXPLAIN (ANALYZE, BUFFERS) " $0 ";" }' | psql -X -d "$DB" 2>&1 || true
    } >>"$RESULTS/explain_$name.txt"
}

run_sql() {
    local name=$1 sqlfile=$2 vars=$3 searching=$4
    local dir="$RESULTS/pgbench_$name" args=() files=() v i=0 s q
    mkdir -p "$dir"
    for v in limit=25 cap=10001 $vars; do args+=(-D "$v"); done
    # pgbench would send an undefined variable as NULL (LIMIT NULL: no limit), so check them all.
    for v in $(grep -v '^--' "bench/sql/$sqlfile" | grep -o ':[a-zA-Z_]*' | sort -u); do
        [[ $v == :lo || $v == :hi || $v == :qlen || $v == :ends || " limit=25 cap=10001 $vars " == *" ${v#:}="* ]] \
            || { echo "No value for $v in $sqlfile" >&2; return 1; }
    done
    if [[ $searching == yes ]]; then
        # One script per search, with its own variable, weighted equally: the same mix as over HTTP.
        for s in "${SEARCHES[@]}"; do
            i=$((i + 1))
            q=$(search_prefix "$s")
            sed -e "s/:lo\b/:lo$i/g" -e "s/:hi\b/:hi$i/g" -e "s/:qlen\b/:qlen$i/g" -e "s/:ends\b/:ends$i/g" \
                "bench/sql/$sqlfile" >"$dir/script_$i.sql"
            args+=(-D "lo$i=$q" -D "hi$i=$(prefix_end "$q")" -D "qlen$i=${#q}" -D "ends$i=$(search_ends "$s")")
            files+=(-f "$dir/script_$i.sql@1")
        done
    else
        files+=(-f "bench/sql/$sqlfile")
    fi
    # -M prepared: server-side prepared statements with parameters, as the JDBC driver does.
    pgbench -n -M prepared -c "$CLIENTS" -j 2 -T "$WARMUP" "${args[@]}" "${files[@]}" "$DB" >"$dir/warmup.txt" 2>&1
    rm -f "$dir"/pgbench_log*
    others_ticks >"$RESULTS/.ticks0"
    local pg0 pg1 client
    pg0=$(pg_ticks)
    client=$( { TIMEFORMAT='%U %S'; time pgbench -n -M prepared -c "$CLIENTS" -j 2 -T "$DURATION" -l \
        --log-prefix="$dir/pgbench_log" -r "${args[@]}" "${files[@]}" "$DB" >"$dir/output.txt" 2>&1; } 2>&1 )
    pg1=$(pg_ticks)
    others_ticks >"$RESULTS/.ticks1"
    local tps stats
    tps=$(awk '/^tps = / { printf "%.1f", $3 }' "$dir/output.txt")
    # Per-transaction log: client, transaction, latency (µs), script, epoch, µs.
    stats=$(cat "$dir"/pgbench_log* | awk '$3 ~ /^[0-9]+$/ { print $3 }' | percentiles)
    echo "scenario=$name clients=$CLIENTS throughput=$tps $stats" | tee "$RESULTS/sql_$name.txt"
    local count=${stats#n=}
    count=${count%% *}
    awk -v pg=$((pg1 - pg0)) -v c="$client" -v n="$count" 'BEGIN { split(c, u, " ")
        if (n > 0) printf "  cpu_ms_per_request postgres=%.2f pgbench=%.2f\n", pg * 10 / n, (u[1] + u[2]) * 1000 / n }' \
        | tee -a "$RESULTS/sql_$name.txt"
    if [[ $searching == yes ]]; then
        i=0
        for s in "${SEARCHES[@]}"; do
            i=$((i + 1))
            echo "  q=$(search_prefix "$s") $(cat "$dir"/pgbench_log* | awk -v k=$((i - 1)) '$4 == k && $3 ~ /^[0-9]+$/ { print $3 }' | percentiles)"
        done | tee -a "$RESULTS/sql_$name.txt"
    fi
    echo "other_cpu_s=$(others_seconds "$RESULTS/.ticks0" "$RESULTS/.ticks1")" | tee -a "$RESULTS/sql_$name.txt"
    grep -q "number of failed transactions: 0" "$dir/output.txt" || { echo "pgbench reported failures:" >&2; cat "$dir/output.txt" >&2; }
    rm -f "$dir"/pgbench_log*
}

run_page() {
    local name=$1 user=$2 paths=$3 pid
    java bench/LoadClient.java --base "$BASE" --name "$name" --user "$user" --password demo --paths "$paths" \
        --clients "$CLIENTS" --warmup "$WARMUP" --duration "$DURATION" --out "$RESULTS/page_$name.txt" \
        --cpu "app=$APP_PID${POSTMASTER:+,postgres=$POSTMASTER}" >"$RESULTS/page_$name.out" 2>&1 &
    pid=$!
    others_ticks "$pid" >"$RESULTS/.ticks0"
    wait "$pid" || { cat "$RESULTS/page_$name.out" >&2; return 1; }
    others_ticks "$pid" >"$RESULTS/.ticks1"
    echo "other_cpu_s=$(others_seconds "$RESULTS/.ticks0" "$RESULTS/.ticks1")" >>"$RESULTS/page_$name.txt"
    grep -v '^  path\|^  error' "$RESULTS/page_$name.txt"
}

# A fresh JVM runs the code interpreted, then compiles it: a few seconds of warm-up per scenario
# are not enough (the first scenario would pay for it), so every scenario is run once beforehand.
if ((APP_WARMUP > 0)); then
    log "Warming up the application: ${APP_WARMUP}s of requests of every scenario, not recorded"
    for name in $SCENARIOS; do
        IFS=';' read -r user paths sqlfile vars < <(scenario_def "$name")
        java bench/LoadClient.java --base "$BASE" --name "warmup_$name" --user "$user" --password demo \
            --paths "$paths" --clients "$CLIENTS" --warmup 0 \
            --duration "$(awk -v t="$APP_WARMUP" -v n="$(echo $SCENARIOS | wc -w)" 'BEGIN { printf "%.0f", t / n }')" \
            >>"$RESULTS/app_warmup.txt" 2>&1 \
            || log "  warm-up of $name: no answer within its share of BENCH_APP_WARMUP (not recorded, going on)"
    done
fi

for name in $SCENARIOS; do
    IFS=';' read -r user paths sqlfile vars < <(scenario_def "$name")
    [[ $paths == *"q="* ]] && searching=yes || searching=no
    log "Scenario $name"
    wait_quiet
    log "  page (HTTP, $CLIENTS clients)"
    run_page "$name" "$user" "$paths" | tee -a "$RESULTS/run.log"
    wait_quiet
    log "  SQL (pgbench, $CLIENTS clients)"
    run_sql "$name" "$sqlfile" "$vars" "$searching" | tee -a "$RESULTS/run.log"
    if [[ $searching == yes ]]; then
        for s in "${SEARCHES[@]}"; do
            explain "$name" "$sqlfile" "$vars" "$(search_prefix "$s")" "$(search_ends "$s")" \
                "q=$(search_prefix "$s") ends=$(search_ends "$s")"
        done
    else
        explain "$name" "$sqlfile" "$vars" "" "" "$vars"
    fi
done

# --- Summary ---------------------------------------------------------------------------------------
{
    echo "| Scenario | Page p50 (ms) | Page p95 (ms) | Page req/s | SQL p50 (ms) | SQL p95 (ms) | SQL tx/s | p95 page/SQL | Goal (p95 < 50 ms and < 2x SQL) |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
    for name in $SCENARIOS; do
        page=$(head -1 "$RESULTS/page_$name.txt")
        sql=$(head -1 "$RESULTS/sql_$name.txt")
        pp50=$(echo "$page" | field p50_ms); pp95=$(echo "$page" | field p95_ms); prps=$(echo "$page" | field throughput)
        sp50=$(echo "$sql" | field p50_ms); sp95=$(echo "$sql" | field p95_ms); stps=$(echo "$sql" | field throughput)
        ratio=$(awk -v a="$pp95" -v b="$sp95" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
        goal=$(awk -v a="$pp95" -v r="$ratio" 'BEGIN { print (a < 50 && r < 2) ? "met" : "MISSED" }')
        echo "| $name | $pp50 | $pp95 | $prps | $sp50 | $sp95 | $stps | $ratio | $goal |"
    done
    echo
    echo "CPU time per request (ms), over the measured window; other = CPU-seconds used meanwhile by unrelated processes."
    echo
    echo "| Scenario | Page: app JVM | Page: PostgreSQL | Page: load client | Page: other (s) | SQL: PostgreSQL | SQL: pgbench | SQL: other (s) |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for name in $SCENARIOS; do
        pc=$(grep cpu_ms_per_request "$RESULTS/page_$name.txt" || true)
        sc=$(grep cpu_ms_per_request "$RESULTS/sql_$name.txt" || true)
        echo "| $name | $(echo " $pc" | field app) | $(echo " $pc" | field postgres) | $(echo " $pc" | field client) |" \
            "$(sed -n 's/^other_cpu_s=//p' "$RESULTS/page_$name.txt") | $(echo " $sc" | field postgres) |" \
            "$(echo " $sc" | field pgbench) | $(sed -n 's/^other_cpu_s=//p' "$RESULTS/sql_$name.txt") |"
    done
} >"$RESULTS/summary.md"
log "Results in $RESULTS"
cat "$RESULTS/summary.md"
exit
}
