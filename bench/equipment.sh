#!/usr/bin/env bash
# Benchmark of the equipment stage at 1 000 000 people: the stock list of a territory holding 100 000
# devices (GET /api/v1/equipment/devices?status=READY&type=LAPTOP, random page among the first 20) and
# its waiting queue (GET /api/v1/equipment/waiting, random page), with a logistics manager's token,
# measured through the application (bench/LoadClient.java, 20 clients) and as the same SQL run
# directly (pgbench, 20 clients): goal p95 <= 2 x the SQL's p95. Then a delivery of 10 000 rows
# imported through POST /api/v1/equipment/deliveries against COPY of the same rows: goal <= 10 x COPY.
# See docs/benchmarks.md, section "Equipment: stock, waiting queue and deliveries".
#
# Usage, from the repository root:  BENCH_REUSE_DB=1 BENCH_DB=parcours_bench bench/equipment.sh
# Environment (all optional):
#   BENCH_ROWS=1000000      people of the demo data (when the database is loaded by this run)
#   BENCH_DB=parcours_bench database, dropped and created again (unless BENCH_REUSE_DB=1)
#   BENCH_REUSE_DB=1        keep an already loaded database (e.g. the one bench/run.sh loaded); the
#                           application migrates it (V0300) and bench/sql/equipment_data.sql adds, once,
#                           100 000 devices to the territory and the people waiting for a device
#   BENCH_TERRITORY=T6      the territory measured
#   BENCH_IMPORT_ROWS=10000 rows of the delivery file
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
set -euo pipefail
{ # Read to the end before running, so that editing this file during a run does not disturb the run.

cd "$(dirname "$0")/.."

ROWS=${BENCH_ROWS:-1000000}
DB=${BENCH_DB:-parcours_bench}
TERRITORY=${BENCH_TERRITORY:-T6}
IMPORT_ROWS=${BENCH_IMPORT_ROWS:-10000}
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
# A token of a member structure of the territory created by this script (as a logistics manager's).
TOKEN=pn_bench_logistics

case "$DB" in
    parcours_test*|parcours_wt*|pt_main*|pt_*) echo "Refusing to use database $DB (reserved for test suites)" >&2; exit 1 ;;
esac
case "$PGHOST" in
    127.0.0.1|localhost|::1) ;;
    *) echo "The benchmark only runs against a local PostgreSQL (PGHOST=$PGHOST)" >&2; exit 1 ;;
esac
for tool in java psql pgbench sha256sum curl; do
    command -v "$tool" >/dev/null || { echo "Missing tool: $tool" >&2; exit 1; }
done

mkdir -p bench/results
RESULTS=bench/results/equipment-$(date +%Y%m%d-%H%M%S)
mkdir -p "$RESULTS"
ln -sfn "$(basename "$RESULTS")" bench/results/latest-equipment
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

# --- The equipment data, once ------------------------------------------------------------------------
log "Equipment data of $TERRITORY (bench/sql/equipment_data.sql; adds nothing the second time)"
start=$(date +%s)
psql_db -v territory_code="$TERRITORY" -f bench/sql/equipment_data.sql >>"$RESULTS/run.log"
log "  done in $(($(date +%s) - start)) s"
psql_db -c "VACUUM (ANALYZE) device" -c "VACUUM (ANALYZE) equipment_need" -c "VACUUM (ANALYZE) storage_place"

IFS='|' read -r TERRITORY_ID STRUCTURE < <(psql_db -Atc "
    SELECT s.territory_id, s.structure_id FROM storage_place s JOIN territory t ON t.id = s.territory_id
    WHERE t.code = '$TERRITORY' AND s.name LIKE 'Banc d’essai — %' ORDER BY s.id LIMIT 1")
[[ -n $TERRITORY_ID ]] || { echo "No storage place of the benchmark in $TERRITORY (no member structure?)" >&2; exit 1; }
DEVICES=$(psql_db -Atc "SELECT COUNT(*) FROM device WHERE territory_id = $TERRITORY_ID")
WAITING=$(psql_db -Atc "SELECT COUNT(*) FROM equipment_need WHERE territory_id = $TERRITORY_ID AND state = 'WAITING'")
log "$TERRITORY: $DEVICES devices, $WAITING people waiting for a device"

# --- The logistics token ---------------------------------------------------------------------------------
HASH=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)
psql_db -c "
    INSERT INTO api_token (organisation_id, name, token_hash, created_at)
    VALUES ($STRUCTURE, 'Benchmark', '$HASH', CURRENT_TIMESTAMP)
    ON CONFLICT (token_hash) DO UPDATE SET organisation_id = EXCLUDED.organisation_id, revoked_at = NULL"
VARS="hash=$HASH territory=$TERRITORY_ID organisation=$STRUCTURE"

# --- Environment ----------------------------------------------------------------------------------------
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo '?') $(git status --porcelain 2>/dev/null | grep -q . && echo '(dirty)')"
    echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "memory: $(free -g | awk '/Mem:/ {print $2}') GB"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "postgresql: $(psql_db -Atc 'SELECT version()')"
    echo "people: $(psql_db -Atc 'SELECT count(*) FROM beneficiary')"
    echo "devices: $(psql_db -Atc 'SELECT count(*) FROM device') ($DEVICES in $TERRITORY)"
    echo "people waiting in $TERRITORY: $WAITING"
    echo "app: java $JAVA_OPTS $APP_ARGS"
    echo "clients: $CLIENTS, warm-up: ${WARMUP}s, measured: ${DURATION}s"
} >"$RESULTS/environment.txt"
tee -a "$RESULTS/run.log" <"$RESULTS/environment.txt"

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


measure() { # name, paths, sql file
    local name=$1 paths=$2 sqlfile=$3
    if ((APP_WARMUP > 0)); then
        java bench/LoadClient.java --base "$BASE" --name warmup --token "$TOKEN" --paths "$paths" \
            --clients "$CLIENTS" --warmup 0 --duration "$APP_WARMUP" --expect '"items"' >"$RESULTS/${name}_warmup.txt" 2>&1 \
            || { cat "$RESULTS/${name}_warmup.txt" >&2; exit 1; }
    fi
    log "API: $name ($CLIENTS clients)"
    wait_quiet
    java bench/LoadClient.java --base "$BASE" --name "$name" --token "$TOKEN" --paths "$paths" \
        --clients "$CLIENTS" --warmup "$WARMUP" --duration "$DURATION" --expect '"items"' \
        --out "$RESULTS/${name}_api.txt" --cpu "app=$APP_PID${POSTMASTER:+,postgres=$POSTMASTER}" >"$RESULTS/${name}_api.out" 2>&1 \
        || { cat "$RESULTS/${name}_api.out" >&2; exit 1; }
    grep -v '^  path\|^  error' "$RESULTS/${name}_api.txt" | tee -a "$RESULTS/run.log"

    log "SQL: $sqlfile by pgbench ($CLIENTS clients)"
    wait_quiet
    local args=() dir=$RESULTS/${name}_pgbench
    for v in $VARS; do args+=(-D "$v"); done
    mkdir -p "$dir"
    pgbench -n -M prepared -c "$CLIENTS" -j 2 -T "$WARMUP" "${args[@]}" -f "$sqlfile" "$DB" >"$dir/warmup.txt" 2>&1
    pgbench -n -M prepared -c "$CLIENTS" -j 2 -T "$DURATION" -l --log-prefix="$dir/pgbench_log" -r "${args[@]}" \
        -f "$sqlfile" "$DB" >"$dir/output.txt" 2>&1
    grep -q "number of failed transactions: 0" "$dir/output.txt" || { echo "pgbench reported failures:" >&2; cat "$dir/output.txt" >&2; exit 1; }
    local tps stats
    tps=$(awk '/^tps = / { printf "%.1f", $3 }' "$dir/output.txt")
    stats=$(cat "$dir"/pgbench_log* | awk '$3 ~ /^[0-9]+$/ { print $3 }' | percentiles)
    echo "scenario=${name}_sql clients=$CLIENTS throughput=$tps $stats" | tee "$RESULTS/${name}_sql.txt" | tee -a "$RESULTS/run.log"
    rm -f "$dir"/pgbench_log*
}

STOCK_PATHS=$(for p in $(seq 1 20); do printf '/api/v1/equipment/devices?status=READY&type=LAPTOP&page=%s|' "$p"; done)
WAITING_PATHS=$(for p in $(seq 1 20); do printf '/api/v1/equipment/waiting?page=%s|' "$p"; done)
measure stock "${STOCK_PATHS%|}" bench/sql/equipment_stock.sql
measure waiting "${WAITING_PATHS%|}" bench/sql/equipment_waiting.sql

# --- Delivery of 10 000 rows against COPY ------------------------------------------------------------------
RUN=$(date +%s)
FILE=$RESULTS/delivery.csv
awk -v n="$IMPORT_ROWS" -v run="$RUN" 'BEGIN {
    print "type;marque;modele;numero_serie;imei;grade;ram_go;stockage_go;systeme;prix_ttc;garantie_mois"
    split("ordinateur portable|ordinateur fixe|tablette|LAPTOP", types, "|"); split("A B C", grades, " ")
    for (i = 1; i <= n; i++)
        printf "%s;Lenovo;ThinkPad T%d;DLV%s%07d;;%s;8;256;Windows 11;%d,%02d;24\n", types[1 + i % 4], 400 + i % 90, run, i,
            grades[1 + i % 3], 100 + i % 80, i % 100 }' >"$FILE"
log "Delivery import: $IMPORT_ROWS rows ($(du -h "$FILE" | cut -f1)) through POST /api/v1/equipment/deliveries"
wait_quiet
t0=$(date +%s%N)
curl -fsS -H "Authorization: Bearer $TOKEN" -F "file=@$FILE;type=text/csv" "$BASE/api/v1/equipment/deliveries" \
    -o "$RESULTS/delivery_answer.json"
t1=$(date +%s%N)
IMPORT_MS=$(((t1 - t0) / 1000000))
log "  answered in $IMPORT_MS ms: $(head -c 200 "$RESULTS/delivery_answer.json")"
t0=$(date +%s%N)
curl -fsS -H "Authorization: Bearer $TOKEN" -F "file=@$FILE;type=text/csv" "$BASE/api/v1/equipment/deliveries" \
    -o "$RESULTS/delivery_again.json"
t1=$(date +%s%N)
AGAIN_MS=$(((t1 - t0) / 1000000))
log "  the same file again (nothing created) in $AGAIN_MS ms: $(head -c 120 "$RESULTS/delivery_again.json")"

log "COPY of the same rows (psql \\copy into a table of the file's columns)"
wait_quiet
COPY_MS=$(psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<SQL | awk '/Time:/ { v = $2 } END { printf "%d", v }'
CREATE TEMP TABLE delivery_copy (device_type text, brand text, model text, serial_number text, imei text, grade text,
    ram_gb integer, storage_gb integer, os text, price text, warranty_months integer);
\timing on
\copy delivery_copy FROM '$FILE' WITH (FORMAT csv, DELIMITER ';', HEADER true)
SQL
)
log "  COPY in $COPY_MS ms"

# --- Summary ---------------------------------------------------------------------------------------------
{
    echo "| Scenario | API p50 (ms) | API p95 (ms) | API req/s | SQL p50 (ms) | SQL p95 (ms) | SQL tx/s | p95 API/SQL | Goal (<= 2x SQL) |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
    for name in stock waiting; do
        api=$(head -1 "$RESULTS/${name}_api.txt"); sql=$(head -1 "$RESULTS/${name}_sql.txt")
        ap50=$(echo "$api" | field p50_ms); ap95=$(echo "$api" | field p95_ms); arps=$(echo "$api" | field throughput)
        sp50=$(echo "$sql" | field p50_ms); sp95=$(echo "$sql" | field p95_ms); stps=$(echo "$sql" | field throughput)
        ratio=$(awk -v a="$ap95" -v b="$sp95" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
        goal=$(awk -v r="$ratio" 'BEGIN { print (r != "-" && r <= 2) ? "met" : "MISSED" }')
        echo "| $name | $ap50 | $ap95 | $arps | $sp50 | $sp95 | $stps | $ratio | $goal |"
    done
    echo
    ratio=$(awk -v a="$IMPORT_MS" -v b="$COPY_MS" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }')
    goal=$(awk -v r="$ratio" 'BEGIN { print (r != "-" && r <= 10) ? "met" : "MISSED" }')
    echo "| Delivery of $IMPORT_ROWS rows | import (ms) | same file again (ms) | COPY (ms) | import / COPY | Goal (<= 10x COPY) |"
    echo "|---|---:|---:|---:|---:|---|"
    echo "| $TERRITORY | $IMPORT_MS | $AGAIN_MS | $COPY_MS | $ratio | $goal |"
} >"$RESULTS/summary.md"
log "Results in $RESULTS"
cat "$RESULTS/summary.md"
exit
}
