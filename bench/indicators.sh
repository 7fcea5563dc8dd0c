#!/usr/bin/env bash
# Benchmark of the live indicators: GET /api/v1/indicators with the département's token (every
# territory) on a database of 1 000 000 people and about 10 000 000 milestones, measured through the
# application (bench/LoadClient.java, bearer token, 20 clients) and as the same SQL run directly
# (pgbench, 20 clients). Goal: p95 <= 100 ms and <= 2 x the SQL's p95. See docs/benchmarks.md.
#
# Usage, from the repository root:  bench/indicators.sh
# Environment (all optional):
#   BENCH_ROWS=1000000      people of the demo data (when the database is loaded by this run)
#   BENCH_DB=parcours_bench database, dropped and created again (unless BENCH_REUSE_DB=1)
#   BENCH_REUSE_DB=1        keep an already loaded database (e.g. the one bench/run.sh loaded)
#   BENCH_LOAD_TIMEOUT=3600 seconds to wait for the demo data
#   BENCH_CLIENTS=20        concurrent clients, both for HTTP and pgbench
#   BENCH_APP_WARMUP=30     seconds of requests before measuring (JIT compilation), not recorded
#   BENCH_WARMUP=10         seconds of warm-up of each measurement, not recorded
#   BENCH_DURATION=30       seconds measured
#   BENCH_QUIET_MAX=25      before each measurement, wait until the CPUs are at most this % busy...
#   BENCH_QUIET_WAIT=120    ...but no longer than this many seconds (the machine may be shared)
#   BENCH_JAVA_OPTS="..."   JVM options of the application (default: -Xms1g -Xmx1g)
#   BENCH_APP_ARGS="..."    extra Spring Boot arguments
#   BENCH_REBUILD=1         rebuild the jar even if it exists
#   PGHOST/PGPORT/PGUSER    PostgreSQL server (default 127.0.0.1:5432, postgres)
# The extra milestones (bench/sql/indicators_milestones.sql) are added once: a database that already
# has milestones with source = 'bench' keeps them.
set -euo pipefail
{ # Read to the end before running, so that editing this file during a run does not disturb the run.

cd "$(dirname "$0")/.."

ROWS=${BENCH_ROWS:-1000000}
DB=${BENCH_DB:-parcours_bench}
CLIENTS=${BENCH_CLIENTS:-20}
WARMUP=${BENCH_WARMUP:-10}
APP_WARMUP=${BENCH_APP_WARMUP:-30}
DURATION=${BENCH_DURATION:-30}
LOAD_TIMEOUT=${BENCH_LOAD_TIMEOUT:-3600}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms1g -Xmx1g}
APP_ARGS=${BENCH_APP_ARGS:-}
QUIET_MAX=${BENCH_QUIET_MAX:-25}
QUIET_WAIT=${BENCH_QUIET_WAIT:-120}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
JAR=target/parcours-numerique-0.1.0-SNAPSHOT.jar
# A token of the département created by this script (not a demo- token, so it works in any mode).
TOKEN=pn_bench_departement
PATH_API=/api/v1/indicators

case "$DB" in
    parcours_test*|parcours_wt*|pt_main*) echo "Refusing to use database $DB (reserved for test suites)" >&2; exit 1 ;;
esac
case "$PGHOST" in
    127.0.0.1|localhost|::1) ;;
    *) echo "The benchmark only runs against a local PostgreSQL (PGHOST=$PGHOST)" >&2; exit 1 ;;
esac
for tool in java psql pgbench sha256sum; do
    command -v "$tool" >/dev/null || { echo "Missing tool: $tool" >&2; exit 1; }
done

mkdir -p bench/results
RESULTS=bench/results/indicators-$(date +%Y%m%d-%H%M%S)
mkdir -p "$RESULTS"
ln -sfn "$(basename "$RESULTS")" bench/results/latest-indicators
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

# --- Application (loads the demo data into a new database; migrates a reused one) --------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=${BENCH_PORT:-18090}
while ! port_free "$PORT"; do PORT=$((PORT + 1)); done
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

log "Starting the application on port $PORT (demo data: $ROWS people if the database is new; log: $RESULTS/app.log)"
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

# --- The extra milestones, once ----------------------------------------------------------------------
if [[ $(psql_db -Atc "SELECT EXISTS (SELECT 1 FROM milestone WHERE source = 'bench')") == t ]]; then
    log "Milestones of the benchmark already in $DB: kept"
else
    log "Adding the benchmark's milestones and rebuilding milestone_daily_count (bench/sql/indicators_milestones.sql)"
    start=$(date +%s)
    psql_db -f bench/sql/indicators_milestones.sql >>"$RESULTS/run.log"
    log "  done in $(($(date +%s) - start)) s"
    log "VACUUM ANALYZE milestone, milestone_daily_count"
    psql_db -c "VACUUM (ANALYZE) milestone" -c "VACUUM (ANALYZE) milestone_daily_count" -c "VACUUM (ANALYZE) milestone_monthly_count"
fi

# The daily counts must be the milestones, or the benchmark measures wrong figures.
MISMATCH=$(psql_db -Atc "
    SELECT COUNT(*) FROM (
        SELECT programme_id, territory_id, code, reached_on, COUNT(*) AS n FROM milestone
        GROUP BY programme_id, territory_id, code, reached_on) m
    FULL JOIN (SELECT * FROM milestone_daily_count WHERE people <> 0) d
      ON d.programme_id = m.programme_id AND d.territory_id = m.territory_id AND d.code = m.code
     AND d.reached_on = m.reached_on
    WHERE m.n IS DISTINCT FROM d.people")
if [[ $MISMATCH != 0 ]]; then
    echo "milestone_daily_count differs from milestone on $MISMATCH (territory, code, day) rows" >&2
    exit 1
fi
MISMATCH=$(psql_db -Atc "
    SELECT COUNT(*) FROM (
        SELECT programme_id, territory_id, code, CAST(DATE_TRUNC('MONTH', reached_on) AS DATE) AS month_start, COUNT(*) AS n
        FROM milestone GROUP BY 1, 2, 3, 4) m
    FULL JOIN (SELECT * FROM milestone_monthly_count WHERE people <> 0) d
      ON d.programme_id = m.programme_id AND d.territory_id = m.territory_id AND d.code = m.code AND d.month_start = m.month_start
    WHERE m.n IS DISTINCT FROM d.people")
if [[ $MISMATCH != 0 ]]; then
    echo "milestone_monthly_count differs from milestone on $MISMATCH (territory, code, month) rows" >&2
    exit 1
fi

# --- The département's token ---------------------------------------------------------------------------
HASH=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)
psql_db -c "
    INSERT INTO api_token (organisation_id, name, token_hash, created_at)
    SELECT o.id, 'Benchmark', '$HASH', CURRENT_TIMESTAMP FROM organisation o
    WHERE o.kind = 'DEPARTEMENT' AND o.active ORDER BY o.id LIMIT 1
    ON CONFLICT (token_hash) DO NOTHING"
[[ $(psql_db -Atc "SELECT COUNT(*) FROM api_token WHERE token_hash = '$HASH' AND revoked_at IS NULL") == 1 ]] \
    || { echo "No token of the département (is there an active DEPARTEMENT organisation?)" >&2; exit 1; }

# --- Parameters of the SQL ------------------------------------------------------------------------------
IFS='|' read -r PROGRAMME STARTS ENDS DEADLINE < <(psql_db -Atc "
    SELECT id, starts_on, ends_on, diagnostic_deadline FROM programme ORDER BY is_default DESC, id LIMIT 1")
month() { date -d "$1" +%Y-%m-01; }
next_month() { date -d "$(month "$1") +1 month" +%Y-%m-%d; }
VARS="hash=$HASH programme=$PROGRAMME startsOn=$STARTS endsOn=$ENDS deadline=$DEADLINE"
VARS="$VARS startMonth=$(month "$STARTS") startMonthNext=$(next_month "$STARTS")"
VARS="$VARS endMonth=$(month "$ENDS") endMonthNext=$(next_month "$ENDS")"
VARS="$VARS deadlineMonth=$(month "$DEADLINE") deadlineMonthNext=$(next_month "$DEADLINE")"

# --- Environment ----------------------------------------------------------------------------------------
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo '?') $(git status --porcelain 2>/dev/null | grep -q . && echo '(dirty)')"
    echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "memory: $(free -g | awk '/Mem:/ {print $2}') GB"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "postgresql: $(psql_db -Atc 'SELECT version()')"
    for s in shared_buffers work_mem jit max_connections; do
        echo "pg $s: $(psql_db -Atc "SHOW $s")"
    done
    echo "people: $(psql_db -Atc 'SELECT count(*) FROM beneficiary')"
    echo "milestones: $(psql_db -Atc 'SELECT count(*) FROM milestone') ($(psql_db -Atc "SELECT count(*) FROM milestone WHERE source = 'bench'") added by the benchmark)"
    echo "milestone_daily_count rows: $(psql_db -Atc 'SELECT count(*) FROM milestone_daily_count')"
    echo "milestone_monthly_count rows: $(psql_db -Atc 'SELECT count(*) FROM milestone_monthly_count')"
    echo "programme: id $PROGRAMME, $STARTS to $ENDS, diagnostic deadline $DEADLINE"
    echo "database size: $(psql_db -Atc "SELECT pg_size_pretty(pg_database_size('$DB'))")"
    echo "app: java $JAVA_OPTS $APP_ARGS"
    echo "clients: $CLIENTS, warm-up: ${WARMUP}s, measured: ${DURATION}s"
} >"$RESULTS/environment.txt"
tee -a "$RESULTS/run.log" <"$RESULTS/environment.txt"
curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE$PATH_API" >"$RESULTS/answer.json" 2>>"$RESULTS/run.log" \
    || java bench/LoadClient.java --base "$BASE" --token "$TOKEN" --paths "$PATH_API" --clients 1 --warmup 0 \
        --duration 1 --expect '"total"' >/dev/null
log "Answer of $PATH_API: $(head -c 300 "$RESULTS/answer.json" 2>/dev/null || echo '(curl missing)')..."

# --- Measurement helpers (as in bench/run.sh) -------------------------------------------------------------
cpu_busy() { # % busy over 3 s, all CPUs
    local a b
    a=($(head -1 /proc/stat)); sleep 3; b=($(head -1 /proc/stat))
    awk -v a="${a[*]}" -v b="${b[*]}" 'BEGIN { split(a, x); split(b, y); t = 0
        for (i = 2; i <= 9; i++) t += y[i] - x[i]
        idle = (y[5] - x[5]) + (y[6] - x[6]); printf "%d", (t > 0 ? 100 * (t - idle) / t : 0) }'
}
top_others() { ps -eo pid,pcpu,comm --sort=-pcpu --no-headers | awk -v app="$APP_PID" '$1 != app && $2 > 5 { printf "%s(%s%%) ", $3, $2 }' | cut -c1-200; }
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
POSTMASTER=$(ps -eo pid,ppid,comm --no-headers | awk '$3 == "postgres" { pid[$1] = $2 } END { for (p in pid) if (!(pid[p] in pid)) print p }' | head -1)
pg_ticks() {
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pm="$POSTMASTER" '{
        pid = $1; rest = $0; sub(/.*\) /, "", rest); split(rest, f, " ")
        if (pid == pm) t += f[12] + f[13] + f[14] + f[15]; else if (f[2] == pm) t += f[12] + f[13] } END { print t }'
}
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

# --- Warm-up, then the API and its SQL -----------------------------------------------------------------
if ((APP_WARMUP > 0)); then
    log "Warming up the application: ${APP_WARMUP}s of requests, not recorded"
    java bench/LoadClient.java --base "$BASE" --name warmup --token "$TOKEN" --paths "$PATH_API" \
        --clients "$CLIENTS" --warmup 0 --duration "$APP_WARMUP" --expect '"total"' >"$RESULTS/app_warmup.txt" 2>&1 \
        || { cat "$RESULTS/app_warmup.txt" >&2; exit 1; }
fi

log "API: GET $PATH_API with the département's token ($CLIENTS clients)"
wait_quiet
java bench/LoadClient.java --base "$BASE" --name indicators --token "$TOKEN" --paths "$PATH_API" \
    --clients "$CLIENTS" --warmup "$WARMUP" --duration "$DURATION" --expect '"total"' \
    --out "$RESULTS/api.txt" --cpu "app=$APP_PID${POSTMASTER:+,postgres=$POSTMASTER}" >"$RESULTS/api.out" 2>&1 \
    || { cat "$RESULTS/api.out" >&2; exit 1; }
grep -v '^  path\|^  error' "$RESULTS/api.txt" | tee -a "$RESULTS/run.log"

log "SQL: bench/sql/indicators.sql by pgbench ($CLIENTS clients)"
wait_quiet
args=()
for v in $VARS; do args+=(-D "$v"); done
# pgbench would send an undefined variable as NULL, so check them all.
for v in $(grep -v '^--' bench/sql/indicators.sql | grep -o ':[a-zA-Z_]*' | sort -u); do
    [[ " $VARS " == *" ${v#:}="* ]] || { echo "No value for $v in indicators.sql" >&2; exit 1; }
done
dir=$RESULTS/pgbench
mkdir -p "$dir"
# -M prepared: server-side prepared statements with parameters, as the JDBC driver does.
pgbench -n -M prepared -c "$CLIENTS" -j 2 -T "$WARMUP" "${args[@]}" -f bench/sql/indicators.sql "$DB" >"$dir/warmup.txt" 2>&1
pg0=$(pg_ticks)
pgbench -n -M prepared -c "$CLIENTS" -j 2 -T "$DURATION" -l --log-prefix="$dir/pgbench_log" -r "${args[@]}" \
    -f bench/sql/indicators.sql "$DB" >"$dir/output.txt" 2>&1
pg1=$(pg_ticks)
grep -q "number of failed transactions: 0" "$dir/output.txt" || { echo "pgbench reported failures:" >&2; cat "$dir/output.txt" >&2; exit 1; }
tps=$(awk '/^tps = / { printf "%.1f", $3 }' "$dir/output.txt")
stats=$(cat "$dir"/pgbench_log* | awk '$3 ~ /^[0-9]+$/ { print $3 }' | percentiles)
count=${stats#n=}; count=${count%% *}
echo "scenario=indicators_sql clients=$CLIENTS throughput=$tps $stats" | tee "$RESULTS/sql.txt" | tee -a "$RESULTS/run.log"
awk -v pg=$((pg1 - pg0)) -v n="$count" 'BEGIN { if (n > 0) printf "  cpu_ms_per_request postgres=%.2f\n", pg * 10 / n }' \
    | tee -a "$RESULTS/sql.txt"
rm -f "$dir"/pgbench_log*

# EXPLAIN (ANALYZE, BUFFERS) of each statement, its variables filled with literal values.
sed_args=(-e '/^--/d')
for v in $VARS; do
    case ${v%%=*} in programme) sed_args+=(-e "s/:${v%%=*}\b/${v#*=}/g") ;; *) sed_args+=(-e "s/:${v%%=*}\b/'${v#*=}'/g") ;; esac
done
sed "${sed_args[@]}" bench/sql/indicators.sql | awk -v RS=';' 'NF { print "EXPLAIN (ANALYZE, BUFFERS) " $0 ";" }' \
    | psql -X -d "$DB" >"$RESULTS/explain.txt" 2>&1 || true

# --- Summary ---------------------------------------------------------------------------------------------
api=$(head -1 "$RESULTS/api.txt")
sql=$(head -1 "$RESULTS/sql.txt")
ap50=$(echo "$api" | field p50_ms); ap95=$(echo "$api" | field p95_ms); arps=$(echo "$api" | field throughput)
sp50=$(echo "$sql" | field p50_ms); sp95=$(echo "$sql" | field p95_ms); stps=$(echo "$sql" | field throughput)
ratio=$(awk -v a="$ap95" -v b="$sp95" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
goal=$(awk -v a="$ap95" -v r="$ratio" 'BEGIN { print (a <= 100 && r <= 2) ? "met" : "MISSED" }')
{
    echo "| Scenario | API p50 (ms) | API p95 (ms) | API req/s | SQL p50 (ms) | SQL p95 (ms) | SQL tx/s | p95 API/SQL | Goal (p95 <= 100 ms and <= 2x SQL) |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
    echo "| indicators_departement | $ap50 | $ap95 | $arps | $sp50 | $sp95 | $stps | $ratio | $goal |"
    echo
    echo "CPU per request (ms): API $(grep cpu_ms_per_request "$RESULTS/api.txt" | sed 's/^ *cpu_ms_per_request //' || true); SQL $(grep cpu_ms_per_request "$RESULTS/sql.txt" | sed 's/^ *cpu_ms_per_request //' || true)"
    echo
    echo "Per statement (pgbench -r, ms):"
    sed -n '/statement latencies/,$p' "$dir/output.txt" | tail -n +2 | awk 'NF { printf "  %s ms  %s\n", $1, substr($0, index($0, $3)) }' | cut -c1-140
} >"$RESULTS/summary.md"
log "Results in $RESULTS"
cat "$RESULTS/summary.md"
exit
}
