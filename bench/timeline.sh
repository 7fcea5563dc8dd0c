#!/usr/bin/env bash
# Benchmark of a person's timeline (ADR 0016): the person's page and the timeline's own page of one
# person with a 50-entry timeline, measured through the application (bench/LoadClient.java, HTTP,
# logged-in clients) and as the same SQL statements run directly (pgbench). See docs/benchmarks.md,
# "Timeline: the person's page with 50 entries".
#
# Usage, from the repository root:  bench/timeline.sh
# Environment (all optional):
#   BENCH_ROWS=1000000      beneficiaries of the demo data
#   BENCH_DB=parcours_bench database, dropped and created again (unless BENCH_REUSE_DB=1)
#   BENCH_REUSE_DB=1        keep an already loaded database (the demo loader skips a loaded one)
#   BENCH_ENTRIES=50        entries of the measured person's timeline (padded with messages and consent answers)
#   BENCH_LOAD_TIMEOUT=3600 seconds to wait for the demo data
#   BENCH_CLIENTS=20        concurrent clients, both for HTTP and pgbench
#   BENCH_APP_WARMUP=30     seconds of requests of both pages before the first measurement (JIT compilation)
#   BENCH_WARMUP=10         seconds of warm-up per scenario, not recorded
#   BENCH_DURATION=30       seconds measured per scenario
#   BENCH_SCENARIOS="timeline_page person_page"
#   BENCH_JAVA_OPTS="..."   JVM options of the application (default: -Xms1g -Xmx1g)
#   BENCH_APP_ARGS="..."    extra Spring Boot arguments
#   BENCH_PORT=18080        first port tried for the application
#   BENCH_REBUILD=1         rebuild the jar even if it exists
#   PGHOST/PGPORT/PGUSER    PostgreSQL server (default 127.0.0.1:5432, postgres)
set -euo pipefail
{ # Read to the end before running, so that editing this file during a run does not disturb the run.

cd "$(dirname "$0")/.."

ROWS=${BENCH_ROWS:-1000000}
DB=${BENCH_DB:-parcours_bench}
ENTRIES=${BENCH_ENTRIES:-50}
CLIENTS=${BENCH_CLIENTS:-20}
WARMUP=${BENCH_WARMUP:-10}
APP_WARMUP=${BENCH_APP_WARMUP:-30}
DURATION=${BENCH_DURATION:-30}
LOAD_TIMEOUT=${BENCH_LOAD_TIMEOUT:-3600}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms1g -Xmx1g}
APP_ARGS=${BENCH_APP_ARGS:-}
SCENARIOS=${BENCH_SCENARIOS:-timeline_page person_page}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
JAR=target/parcours-numerique-0.1.0-SNAPSHOT.jar
# Timeline.PAGE_SIZE and Timeline.SECTION_SIZE, plus one: each contributor reads one more than shown.
PAGE_LIMIT=1001
SECTION_LIMIT=21

case "$DB" in
    parcours_test*|parcours_wt*|pt_main*) echo "Refusing to use database $DB (reserved for test suites)" >&2; exit 1 ;;
esac
case "$PGHOST" in
    127.0.0.1|localhost|::1) ;;
    *) echo "The benchmark only runs against a local PostgreSQL (PGHOST=$PGHOST)" >&2; exit 1 ;;
esac
for tool in java psql pgbench; do
    command -v "$tool" >/dev/null || { echo "Missing tool: $tool" >&2; exit 1; }
done

RESULTS=bench/results/timeline-$(date +%Y%m%d-%H%M%S)
mkdir -p "$RESULTS"
ln -sfn "$(basename "$RESULTS")" bench/results/timeline-latest
log() { echo "[bench $(date +%H:%M:%S)] $*" | tee -a "$RESULTS/run.log"; }
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

# --- Build, database, application ------------------------------------------------------------------
if [[ ! -f $JAR || -n ${BENCH_REBUILD:-} ]]; then
    log "Building $JAR"
    ./mvnw -o -q -DskipTests package || ./mvnw -q -DskipTests package
fi
if [[ -z ${BENCH_REUSE_DB:-} ]]; then
    log "Creating database $DB"
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=${BENCH_PORT:-18080}
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
until curl -s -o /dev/null "$BASE/login"; do sleep 1; done

# --- The measured person ---------------------------------------------------------------------------
COORDINATOR=coordination.t6@demo.parcours.test
T6=$(psql_db -Atc "SELECT id FROM territory WHERE code = 'T6'")
read -r COORDINATOR_ID COORDINATOR_ORG < <(psql_db -At -F ' ' -c \
    "SELECT id, organisation_id FROM user_account WHERE email = '$COORDINATOR'")
# A person of T6 who went furthest in the demo data: a completed diagnostic, else an accepted referral.
PERSON=$(psql_db -Atc "
    SELECT b.id FROM beneficiary b
    WHERE b.territory_id = $T6 AND EXISTS (SELECT 1 FROM referral r WHERE r.beneficiary_id = b.id)
    ORDER BY EXISTS (SELECT 1 FROM diagnostic d WHERE d.beneficiary_id = b.id AND d.status = 'COMPLETED') DESC,
             EXISTS (SELECT 1 FROM appointment a WHERE a.beneficiary_id = b.id) DESC, b.id
    LIMIT 1")
# Entries of the timeline as a coordinator sees it: one per row of each contributor's tables.
count_entries() {
    psql_db -Atc "
        SELECT (SELECT count(*) FROM referral_transition t JOIN referral r ON r.id = t.referral_id WHERE r.beneficiary_id = $PERSON)
             + (SELECT count(*) FROM duplicate_suspicion d JOIN referral r ON r.id = d.referral_id
                WHERE r.beneficiary_id = $PERSON AND d.status = 'MERGED' AND d.decided_at IS NOT NULL)
             + (SELECT count(*) FROM referral_identity_correction c JOIN referral r ON r.id = c.referral_id WHERE r.beneficiary_id = $PERSON)
             + (SELECT count(*) FROM appointment_transition t JOIN appointment a ON a.id = t.appointment_id WHERE a.beneficiary_id = $PERSON)
             + (SELECT count(*) FROM diagnostic WHERE beneficiary_id = $PERSON)
             + (SELECT count(*) FROM diagnostic WHERE beneficiary_id = $PERSON AND completed_at IS NOT NULL)
             + (SELECT count(*) FROM diagnostic_correction c JOIN diagnostic d ON d.id = c.diagnostic_id WHERE d.beneficiary_id = $PERSON)
             + (SELECT count(*) FROM recommendation_adjustment j JOIN diagnostic d ON d.id = j.diagnostic_id WHERE d.beneficiary_id = $PERSON)
             + (SELECT count(*) FROM consent WHERE beneficiary_id = $PERSON)
             + (SELECT count(*) FROM outbox_message WHERE beneficiary_id = $PERSON)
             + (SELECT count(*) FROM milestone_change WHERE beneficiary_id = $PERSON)"
}
HAD=$(count_entries)
if ((HAD < ENTRIES)); then
    # Padded with what a long pathway accumulates: reminders sent, and SMS consent given and withdrawn
    # (half each), in the past months; the padding stays in this benchmark database.
    MISSING=$((ENTRIES - HAD))
    psql_db -c "
        INSERT INTO outbox_message (channel, recipient, subject, body, created_at, next_attempt_at, attempts, sent_at,
                                    beneficiary_id, kind)
        SELECT 'SMS', 'bench', NULL, '', now() - make_interval(days => g), now() - make_interval(days => g), 1,
               now() - make_interval(days => g), $PERSON, 'REMINDER'
        FROM generate_series(1, $((MISSING / 2))) g" \
        -c "
        INSERT INTO consent (beneficiary_id, purpose, notice_version, accepted, recorded_at, recorded_by)
        SELECT $PERSON, 'SMS_CONTACT', '2021-09', g % 2 = 1, now() - make_interval(days => 200 - g, secs => g), $COORDINATOR_ID
        FROM generate_series(1, $((MISSING - MISSING / 2))) g"
fi
HAS=$(count_entries)
log "Person $PERSON of T6: $HAD timeline entries in the demo data, $HAS after padding"

# The users and organisations the timeline names, for the two name lookups.
USERS=$(psql_db -Atc "
    SELECT COALESCE(string_agg(DISTINCT id::text, ','), '0') FROM (
        SELECT t.by_user_id AS id FROM referral_transition t JOIN referral r ON r.id = t.referral_id WHERE r.beneficiary_id = $PERSON
        UNION SELECT t.mediator_id FROM referral_transition t JOIN referral r ON r.id = t.referral_id WHERE r.beneficiary_id = $PERSON
        UNION SELECT t.by_user_id FROM appointment_transition t JOIN appointment a ON a.id = t.appointment_id WHERE a.beneficiary_id = $PERSON
        UNION SELECT mediator_id FROM diagnostic WHERE beneficiary_id = $PERSON
        UNION SELECT recorded_by FROM consent WHERE beneficiary_id = $PERSON
        UNION SELECT changed_by FROM milestone_change WHERE beneficiary_id = $PERSON) u WHERE id IS NOT NULL")
ORGS=$(psql_db -Atc "
    SELECT COALESCE(string_agg(DISTINCT id::text, ','), '0') FROM (
        SELECT r.referring_organisation_id AS id FROM referral r WHERE r.beneficiary_id = $PERSON
        UNION SELECT t.structure_id FROM referral_transition t JOIN referral r ON r.id = t.referral_id WHERE r.beneficiary_id = $PERSON
        UNION SELECT COALESCE(k.organisation_id, b.referring_organisation_id) FROM consent k JOIN beneficiary b ON b.id = k.beneficiary_id
              WHERE k.beneficiary_id = $PERSON AND k.purpose = 'SHARE_WITH_PRESCRIBER') o WHERE id IS NOT NULL")
log "VACUUM ANALYZE"
psql_db -c "VACUUM (ANALYZE)"

# The SQL of each page: the timeline's page, and the person's page (its timeline section reads fewer
# entries; the person's page also reads the address and the consents, and the other sections' own
# statements, which are not in this file: see docs/benchmarks.md).
sed -e "s/:users\b/$USERS/g" -e "s/:orgs\b/$ORGS/g" bench/sql/timeline_page.sql >"$RESULTS/timeline_page.sql"
{
    sed -e "s/:users\b/$USERS/g" -e "s/:orgs\b/$ORGS/g" -e "s#'/beneficiaries/{id}/timeline', 'timeline'#'/beneficiaries/{id}', NULL#" \
        bench/sql/timeline_page.sql
    cat <<'SQL'
SELECT address_line, address_complement, postcode, city FROM beneficiary WHERE id = :person;
SELECT k.id, k.purpose,
       CASE WHEN k.purpose = 'SHARE_WITH_PRESCRIBER'
            THEN COALESCE(k.organisation_id, b.referring_organisation_id) END AS organisation_id,
       o.name AS organisation_name, k.accepted, k.notice_version, k.recorded_at,
       u.display_name AS recorded_by
FROM consent k
JOIN beneficiary b ON b.id = k.beneficiary_id
LEFT JOIN organisation o ON k.purpose = 'SHARE_WITH_PRESCRIBER'
     AND o.id = COALESCE(k.organisation_id, b.referring_organisation_id)
LEFT JOIN user_account u ON u.id = k.recorded_by
WHERE k.beneficiary_id = :person ORDER BY k.recorded_at DESC, k.id DESC;
SQL
} >"$RESULTS/person_page.sql"

scenario_def() { # HTTP path;SQL file;limit
    case "$1" in
        timeline_page) echo "/beneficiaries/$PERSON/timeline;$RESULTS/timeline_page.sql;$PAGE_LIMIT" ;;
        person_page) echo "/beneficiaries/$PERSON;$RESULTS/person_page.sql;$SECTION_LIMIT" ;;
        *) echo "Unknown scenario $1" >&2; return 1 ;;
    esac
}

{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo '?') $(git status --porcelain 2>/dev/null | grep -q . && echo '(dirty)')"
    echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "postgresql: $(psql_db -Atc 'SELECT version()')"
    echo "rows: $(psql_db -Atc 'SELECT count(*) FROM beneficiary') beneficiaries, $(psql_db -Atc 'SELECT count(*) FROM milestone') milestones, $(psql_db -Atc 'SELECT count(*) FROM outbox_message') messages"
    echo "person: $PERSON, timeline entries: $HAS (users named: $USERS; organisations: $ORGS)"
    echo "app: java $JAVA_OPTS $APP_ARGS"
    echo "clients: $CLIENTS, warm-up: ${WARMUP}s, measured: ${DURATION}s per scenario"
} >"$RESULTS/environment.txt"
tee -a "$RESULTS/run.log" <"$RESULTS/environment.txt"

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

run_page() {
    local name=$1 path=$2 duration=$3 warmup=$4 out=$5
    java bench/LoadClient.java --base "$BASE" --name "$name" --user "$COORDINATOR" --password demo --paths "$path" \
        --clients "$CLIENTS" --warmup "$warmup" --duration "$duration" --out "$out" \
        --expect 'class="timeline-entry"' >"$out.log" 2>&1 || { cat "$out.log" >&2; return 1; }
}

run_sql() {
    local name=$1 sqlfile=$2 limit=$3 dir="$RESULTS/pgbench_$name" args
    mkdir -p "$dir"
    args=(-D "person=$PERSON" -D "scopeId=$T6" -D "limit=$limit" -D "userId=$COORDINATOR_ID" -D "userOrg=$COORDINATOR_ORG")
    pgbench -n -M prepared -c "$CLIENTS" -j 2 -T "$WARMUP" "${args[@]}" -f "$sqlfile" "$DB" >"$dir/warmup.txt" 2>&1
    rm -f "$dir"/pgbench_log*
    pgbench -n -M prepared -c "$CLIENTS" -j 2 -T "$DURATION" -l --log-prefix="$dir/pgbench_log" "${args[@]}" \
        -f "$sqlfile" "$DB" >"$dir/output.txt" 2>&1
    grep -q "number of failed transactions: 0" "$dir/output.txt" || { echo "pgbench reported failures:" >&2; cat "$dir/output.txt" >&2; return 1; }
    echo "scenario=$name clients=$CLIENTS throughput=$(awk '/^tps = / { printf "%.1f", $3 }' "$dir/output.txt")" \
        "$(cat "$dir"/pgbench_log* | awk '$3 ~ /^[0-9]+$/ { print $3 }' | percentiles)" | tee "$RESULTS/sql_$name.txt"
    rm -f "$dir"/pgbench_log*
}

if ((APP_WARMUP > 0)); then
    log "Warming up the application: ${APP_WARMUP}s of requests of every scenario, not recorded"
    for name in $SCENARIOS; do
        IFS=';' read -r path sqlfile limit < <(scenario_def "$name")
        run_page "warmup_$name" "$path" "$(awk -v t="$APP_WARMUP" -v n="$(echo $SCENARIOS | wc -w)" 'BEGIN { printf "%.0f", t / n }')" 0 \
            "$RESULTS/app_warmup_$name.txt"
    done
fi

for name in $SCENARIOS; do
    IFS=';' read -r path sqlfile limit < <(scenario_def "$name")
    log "Scenario $name: page $path (HTTP, $CLIENTS clients)"
    run_page "$name" "$path" "$DURATION" "$WARMUP" "$RESULTS/page_$name.txt"
    head -1 "$RESULTS/page_$name.txt" | tee -a "$RESULTS/run.log"
    log "Scenario $name: SQL (pgbench, $CLIENTS clients)"
    run_sql "$name" "$sqlfile" "$limit" | tee -a "$RESULTS/run.log"
    {
        echo "===== $name"
        sed -e '/^--/d' -e "s/:person\b/$PERSON/g" -e "s/:scopeId\b/$T6/g" -e "s/:limit\b/$limit/g" \
            -e "s/:userId\b/$COORDINATOR_ID/g" -e "s/:userOrg\b/$COORDINATOR_ORG/g" "$sqlfile" \
            | awk -v RS=';' 'NF && $0 !~ /INSERT/ { print "EXPLAIN (ANALYZE, BUFFERS) " $0 ";" }' | psql -X -d "$DB" 2>&1 || true
    } >"$RESULTS/explain_$name.txt"
done

{
    echo "| Scenario | Page p50 (ms) | Page p95 (ms) | Page req/s | SQL p50 (ms) | SQL p95 (ms) | SQL tx/s | p95 page/SQL | Goal (page p95 ≤ 2x SQL) |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
    for name in $SCENARIOS; do
        page=$(head -1 "$RESULTS/page_$name.txt"); sql=$(head -1 "$RESULTS/sql_$name.txt")
        pp50=$(echo "$page" | field p50_ms); pp95=$(echo "$page" | field p95_ms); prps=$(echo "$page" | field throughput)
        sp50=$(echo "$sql" | field p50_ms); sp95=$(echo "$sql" | field p95_ms); stps=$(echo "$sql" | field throughput)
        ratio=$(awk -v a="$pp95" -v b="$sp95" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
        goal=$(awk -v r="$ratio" 'BEGIN { print (r != "-" && r <= 2) ? "met" : "MISSED" }')
        echo "| $name | $pp50 | $pp95 | $prps | $sp50 | $sp95 | $stps | $ratio | $goal |"
    done
} >"$RESULTS/summary.md"
log "Results in $RESULTS"
cat "$RESULTS/summary.md"
exit
}
