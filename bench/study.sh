#!/usr/bin/env bash
# Benchmark of the study export (ADR 0042, issue 11): on a database already loaded with 1 000 000 people
# (run bench/indicators.sh first), asks for a production through POST /api/v1/study/exports with a
# token of the département, waits for it, downloads both files, and compares the production's time
# with COPY … TO of the same rows run by psql (bench/sql/study_copy.sql). Goal: <= 3 x COPY, with the
# heap flat: the application's used heap is sampled every second with jcmd during the production.
# See docs/benchmarks.md, "Study export".
#
# Usage, from the repository root:  bench/study.sh
# Environment (all optional):
#   BENCH_DB=parcours_bench  an already loaded database (kept)
#   BENCH_JAVA_OPTS="..."    JVM options of the application (default: -Xms512m -Xmx1g)
#   BENCH_PORT=18120         first port tried for the application
#   PGHOST/PGPORT/PGUSER     PostgreSQL server (default 127.0.0.1:5432, postgres)
set -euo pipefail
{
cd "$(dirname "$0")/.."
DB=${BENCH_DB:-parcours_bench}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms512m -Xmx1g}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
JAR=target/parcours-numerique-0.1.0-SNAPSHOT.jar
TOKEN=pn_bench_study_departement
case "$DB" in parcours_test*|parcours_wt*|pt_main*) echo "Refusing to use database $DB" >&2; exit 1 ;; esac
for tool in java jcmd psql curl sha256sum; do command -v "$tool" >/dev/null || { echo "Missing tool: $tool" >&2; exit 1; }; done
[[ -f $JAR ]] || ./mvnw -q -DskipTests package
mkdir -p bench/results
RESULTS=bench/results/study-$(date +%Y%m%d-%H%M%S)
mkdir -p "$RESULTS"
ln -sfn "$(basename "$RESULTS")" bench/results/latest-study
log() { echo "[bench $(date +%H:%M:%S)] $*" | tee -a "$RESULTS/run.log"; }
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
PEOPLE=$(psql_db -Atc "SELECT COUNT(*) FROM beneficiary") || { echo "No loaded database $DB" >&2; exit 1; }
log "Database $DB: $PEOPLE people"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=${BENCH_PORT:-18120}
while ! port_free "$PORT"; do PORT=$((PORT + 1)); done
BASE=http://127.0.0.1:$PORT
APP_PID=
cleanup() { [[ -n $APP_PID ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true; }
trap cleanup EXIT
# shellcheck disable=SC2086
SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" SPRING_DATASOURCE_USERNAME=$PGUSER PARCOURS_DEMO=true \
    java $JAVA_OPTS -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 >"$RESULTS/app.log" 2>&1 &
APP_PID=$!
until curl -s -o /dev/null "$BASE/actuator/health"; do
    kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$RESULTS/app.log" >&2; exit 1; }
    sleep 2
done
until grep -q "Demo data loaded\|Demo data already loaded" "$RESULTS/app.log"; do sleep 2; done

HASH=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)
psql_db -c "INSERT INTO api_token (organisation_id, name, token_hash, created_at)
    SELECT o.id, 'Benchmark étude', '$HASH', CURRENT_TIMESTAMP FROM organisation o
    WHERE o.kind = 'DEPARTEMENT' AND o.active ORDER BY o.id LIMIT 1 ON CONFLICT (token_hash) DO NOTHING"
AUTH="Authorization: Bearer $TOKEN"

# --- The production, with the heap sampled -------------------------------------------------------------
log "Asking for a production (POST /api/v1/study/exports)"
ID=$(curl -sf -X POST -H "$AUTH" "$BASE/api/v1/study/exports" | sed 's/.*"id":\([0-9]*\).*/\1/')
PEAK=0
while :; do
    STATUS=$(curl -sf -H "$AUTH" "$BASE/api/v1/study/exports/$ID" | sed 's/.*"status":"\([A-Z]*\)".*/\1/')
    USED=$(jcmd "$APP_PID" GC.heap_info 2>/dev/null | awk '/garbage-first heap|def new generation|PSYoungGen/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); print int(v / 1024); exit } }')
    [[ -n $USED ]] && ((USED > PEAK)) && PEAK=$USED
    [[ $STATUS == READY || $STATUS == FAILED ]] && break
    sleep 1
done
[[ $STATUS == READY ]] || { echo "The production failed; see $RESULTS/app.log" >&2; exit 1; }
LINE=$(grep "Study export $ID:" "$RESULTS/app.log" | tail -1 | sed 's/.*Study export/Study export/')
PRODUCE_MS=$(echo "$LINE" | sed 's/.* in \([0-9]*\) ms.*/\1/')
log "$LINE"
log "Heap used, peak sampled during the production: ${PEAK} MB (max heap: $JAVA_OPTS)"

# --- Downloading both files ------------------------------------------------------------------------------
for table in people events; do
    start=$(date +%s%N)
    BYTES=$(curl -sf -H "$AUTH" -o /dev/null -w '%{size_download}' "$BASE/api/v1/study/exports/latest?table=$table")
    log "Download of $table: $BYTES bytes in $((($(date +%s%N) - start) / 1000000)) ms"
done

# --- COPY of the same rows ---------------------------------------------------------------------------------
log "COPY … TO of the same rows (bench/sql/study_copy.sql)"
start=$(date +%s%N)
COPY_BYTES=$(psql -X -q -d "$DB" -f bench/sql/study_copy.sql | wc -c)
COPY_MS=$((($(date +%s%N) - start) / 1000000))
log "COPY: $COPY_BYTES bytes in $COPY_MS ms"
log "RESULT production ${PRODUCE_MS} ms / COPY ${COPY_MS} ms = $(awk -v a="$PRODUCE_MS" -v b="$COPY_MS" 'BEGIN { printf "%.2f", a / b }') (goal <= 3), heap peak ${PEAK} MB"
exit 0
}
