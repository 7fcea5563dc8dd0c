#!/usr/bin/env bash
# Benchmark of the CSV referral import with 100 000 rows: the file is sent to the application as a
# prescriber's software would (POST /api/v1/referral-imports, bearer token), timed end to end with the
# application's peak heap, then the same rows are loaded with COPY (psql \copy), the physical floor.
# See docs/benchmarks.md, section "CSV import: 100 000 rows against COPY".
#
# Usage, from the repository root:  bench/import.sh
# Environment (all optional):
#   BENCH_ROWS=100000           rows of the generated file
#   BENCH_INVALID_PERCENT=1     share of invalid rows (spread over the file, eight kinds of mistakes)
#   BENCH_SEED=20260101         seed of the generated file
#   BENCH_DB=parcours_import_bench  database, dropped and created again
#   BENCH_JAVA_OPTS="-Xmx512m"  JVM options of the application (GC logging is added)
#   BENCH_APP_ARGS="..."        extra Spring Boot arguments
#   BENCH_JDBC_PARAMS=""        query string of the JDBC URL, e.g. "reWriteBatchedInserts=true"
#   BENCH_REIMPORT=1            send the same file a second time (every valid row already imported); 0: skip
#   BENCH_SAMPLE_INTERVAL=5     seconds between two thread dumps of the import (where the time goes; each jcmd
#                               costs about 0.3 CPU-second, counted as "other" CPU); 0: none
#   BENCH_QUIET_MAX=25          before each measurement, wait until the CPUs are at most this % busy...
#   BENCH_QUIET_WAIT=120        ...but no longer than this many seconds (the machine may be shared)
#   BENCH_REBUILD=1             rebuild the jar even if it exists
#   BENCH_JAR=path.jar          run this jar instead of target/parcours-numerique-0.1.0-SNAPSHOT.jar (no build)
#   PGHOST/PGPORT/PGUSER        PostgreSQL server (default 127.0.0.1:5432, postgres)
set -euo pipefail
{ # Read to the end before running, so that editing this file during a run does not disturb the run.

cd "$(dirname "$0")/.."

ROWS=${BENCH_ROWS:-100000}
INVALID_PERCENT=${BENCH_INVALID_PERCENT:-1}
SEED=${BENCH_SEED:-20260101}
DB=${BENCH_DB:-parcours_import_bench}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx512m}
APP_ARGS=${BENCH_APP_ARGS:-}
JDBC_PARAMS=${BENCH_JDBC_PARAMS:-}
REIMPORT=${BENCH_REIMPORT:-1}
SAMPLE_INTERVAL=${BENCH_SAMPLE_INTERVAL:-5}
QUIET_MAX=${BENCH_QUIET_MAX:-25}
QUIET_WAIT=${BENCH_QUIET_WAIT:-120}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
JAR=${BENCH_JAR:-target/parcours-numerique-0.1.0-SNAPSHOT.jar}
TOKEN=demo-prescripteur-t6   # demo token of the prescriber "PIE de Saint-Denis" (serves T6)

# The database is dropped and created: only a name made for this benchmark is accepted.
case "$DB" in
    parcours_bench) echo "Refusing to use database $DB (the list benchmark's)" >&2; exit 1 ;;
    *import_bench*) ;;
    *) echo "Refusing to drop database $DB: its name must contain 'import_bench'" >&2; exit 1 ;;
esac
case "$PGHOST" in
    127.0.0.1|localhost|::1) ;;
    *) echo "The benchmark only runs against a local PostgreSQL (PGHOST=$PGHOST)" >&2; exit 1 ;;
esac
for tool in java jcmd psql; do
    command -v "$tool" >/dev/null || { echo "Missing tool: $tool" >&2; exit 1; }
done

RESULTS=bench/results/$(date +%Y%m%d-%H%M%S)
mkdir -p "$RESULTS"
ln -sfn "$(basename "$RESULTS")" bench/results/latest-import
log() { echo "[import $(date +%H:%M:%S)] $*" | tee -a "$RESULTS/run.log"; }
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# --- The file ---------------------------------------------------------------------------------------
log "Generating $ROWS rows (seed $SEED, ${INVALID_PERCENT}% invalid)"
GENERATED=$(java bench/ImportCsvGenerator.java --rows "$ROWS" --seed "$SEED" --invalid-percent "$INVALID_PERCENT" \
    --out "$RESULTS/referrals.csv" --valid-out "$RESULTS/valid.csv")
echo "$GENERATED" | tee -a "$RESULTS/run.log"
EXPECTED_VALID=$(echo "$GENERATED" | sed -n 's/.*valid=\([0-9]*\) .*/\1/p')
EXPECTED_INVALID=$(echo "$GENERATED" | sed -n 's/.*invalid=\([0-9]*\).*/\1/p')
FILE_BYTES=$(stat -c %s "$RESULTS/referrals.csv")
FILE_MB=$((FILE_BYTES / 1048576 + 2))

# --- Build ------------------------------------------------------------------------------------------
if [[ ! -f $JAR || -n ${BENCH_REBUILD:-} ]]; then
    log "Building $JAR"
    ./mvnw -o -q -DskipTests package || ./mvnw -q -DskipTests package
fi

# --- Database ---------------------------------------------------------------------------------------
log "Creating database $DB"
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

# --- Application ------------------------------------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=18090
while ! port_free $PORT; do PORT=$((PORT + 1)); done
BASE=http://127.0.0.1:$PORT

APP_PID=
SAMPLER_PID=
ANALYZER_PID=
cleanup() {
    if [[ -n $SAMPLER_PID ]] && kill -0 "$SAMPLER_PID" 2>/dev/null; then kill "$SAMPLER_PID" 2>/dev/null || true; fi
    if [[ -n $ANALYZER_PID ]] && kill -0 "$ANALYZER_PID" 2>/dev/null; then kill "$ANALYZER_PID" 2>/dev/null || true; fi
    if [[ -n $APP_PID ]] && kill -0 "$APP_PID" 2>/dev/null; then
        log "Stopping the application (pid $APP_PID)"
        kill "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Demo mode for the accounts and the prescriber's API token, with only 100 demo people; the import
# limits raised for the benchmark only.
log "Starting the application on port $PORT (log: $RESULTS/app.log, GC log: $RESULTS/gc.log)"
# shellcheck disable=SC2086
SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB${JDBC_PARAMS:+?$JDBC_PARAMS}" \
SPRING_DATASOURCE_USERNAME=$PGUSER SPRING_DATASOURCE_PASSWORD=${PGPASSWORD:-} PARCOURS_DEMO=true \
    java $JAVA_OPTS "-Xlog:gc:file=$RESULTS/gc.log:uptime" -jar "$JAR" --server.port="$PORT" \
    --server.address=127.0.0.1 --parcours.demo.beneficiaries=100 \
    --parcours.referral.import.max-rows="$ROWS" --parcours.referral.import.max-megabytes="$FILE_MB" \
    --spring.servlet.multipart.max-file-size="${FILE_MB}MB" --spring.servlet.multipart.max-request-size="$((FILE_MB + 1))MB" \
    $APP_ARGS >"$RESULTS/app.log" 2>&1 &
APP_PID=$!

LOAD_START=$(date +%s)
until grep -q "Demo data loaded\|Demo data already loaded" "$RESULTS/app.log"; do
    if ! kill -0 "$APP_PID" 2>/dev/null; then
        echo "The application stopped; end of $RESULTS/app.log:" >&2
        tail -40 "$RESULTS/app.log" >&2
        exit 1
    fi
    if (($(date +%s) - LOAD_START > 300)); then
        echo "Demo data not loaded after 5 minutes" >&2
        exit 1
    fi
    sleep 1
done
psql_db -c "VACUUM (ANALYZE)"
PRESCRIBER_ORG=$(psql_db -Atc "SELECT id FROM organisation WHERE name = 'PIE de Saint-Denis'")

# A server with autovacuum off (some test servers) never refreshes the statistics of the tables the
# import fills: PostgreSQL then keeps planning for the 100 people of the demo (a cached generic plan
# of the duplicate check reads the whole table for each row). Production runs autovacuum; stand in.
AUTOVACUUM=$(psql_db -Atc "SHOW autovacuum")
analyze_loop() {
    while sleep 30; do
        psql_db -c "ANALYZE beneficiary, consent, referral, referral_transition, duplicate_suspicion, audit_event, imported_row" \
            >/dev/null 2>&1 || true
    done
}

# --- Environment ------------------------------------------------------------------------------------
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo '?') $(git status --porcelain 2>/dev/null | grep -q . && echo '(dirty)')"
    echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "memory: $(free -g | awk '/Mem:/ {print $2}') GB"
    echo "kernel: $(uname -sr)"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "postgresql: $(psql_db -Atc 'SELECT version()')"
    for s in shared_buffers work_mem wal_buffers synchronous_commit fsync max_wal_size; do
        echo "pg $s: $(psql_db -Atc "SHOW $s")"
    done
    echo "app: java $JAVA_OPTS -jar $JAR $APP_ARGS (JDBC: ${JDBC_PARAMS:-no parameters})"
    echo "file: $ROWS rows, $EXPECTED_VALID valid, $EXPECTED_INVALID invalid, $FILE_BYTES bytes, seed $SEED"
    echo "pg autovacuum: $AUTOVACUUM$([[ $AUTOVACUUM == off ]] && echo " (the benchmark runs ANALYZE of the written tables every 30 s during each import, as autovacuum would)")"
    echo "people in the database before: $(psql_db -Atc 'SELECT count(*) FROM beneficiary')"
} >"$RESULTS/environment.txt"
cat "$RESULTS/environment.txt" | tee -a "$RESULTS/run.log"

# --- Measuring tools --------------------------------------------------------------------------------
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
    log "  CPUs ${busy}% busy before measuring; load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
# CPU ticks (1/100 s) of one process, of the PostgreSQL server with its children (running or reaped),
# and of the whole machine (busy, all CPUs).
proc_ticks() { awk '{ sub(/.*\) /, ""); split($0, f, " "); print f[12] + f[13] }' "/proc/$1/stat"; }
POSTMASTER=$(ps -eo pid,ppid,comm --no-headers | awk '$3 == "postgres" { pid[$1] = $2 } END { for (p in pid) if (!(pid[p] in pid)) print p }' | head -1)
pg_ticks() {
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pm="$POSTMASTER" '{
        pid = $1; rest = $0; sub(/.*\) /, "", rest); split(rest, f, " ")
        if (pid == pm) t += f[12] + f[13] + f[14] + f[15]; else if (f[2] == pm) t += f[12] + f[13] } END { print t + 0 }'
}
machine_ticks() { head -1 /proc/stat | awk '{ print $2 + $3 + $4 + $7 + $8 + $9 }'; }
uptime_s() { jcmd "$APP_PID" VM.uptime | awk '/[0-9] s$/ { print $1 }'; }
heap_used_mb() { jcmd "$APP_PID" GC.heap_info | awk '/heap.*used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); printf "%d", v / 1024 } }' | head -1; }
# Largest heap occupancy seen by the GC log between two JVM uptimes: before a collection (the peak)
# and after one (what the application still held).
gc_window() {
    awk -v t0="$1" -v t1="$2" '{
        if (match($0, /^\[[0-9.]+s\]/) == 0) next
        t = substr($0, 2, RLENGTH - 3) + 0
        if (t < t0 || t > t1) next
        if (match($0, /[0-9]+M->[0-9]+M\([0-9]+M\)/) == 0) next
        s = substr($0, RSTART, RLENGTH); split(s, p, /M->|M\(|M\)/)
        n++; if (p[1] + 0 > before) before = p[1] + 0; if (p[2] + 0 > after) after = p[2] + 0; if (p[3] + 0 > size) size = p[3] + 0
    } END { printf "gcs=%d max_before_mb=%d max_after_mb=%d max_size_mb=%d\n", n, before, after, size }' "$RESULTS/gc.log"
}
# One thread dump a SAMPLE_INTERVAL of the thread that runs the import, reduced to: is it waiting
# for PostgreSQL (reading the socket) or working in the JVM, and in which application method.
sample_import() {
    local out=$1
    while sleep "$SAMPLE_INTERVAL"; do
        jcmd "$APP_PID" Thread.print 2>/dev/null | awk -v RS= '/ReferralImports\.doRun/ {
            state = "jvm"; app = ""; top = ""; n = 0
            m = split($0, lines, "\n")
            for (i = 1; i <= m; i++) {
                if (lines[i] !~ /^[ \t]+at /) continue
                frame = lines[i]; sub(/^[ \t]+at /, "", frame); sub(/\(.*/, "", frame)
                n++
                if (n == 1) top = frame
                if (n <= 12 && frame ~ /NioSocketImpl\.read|SocketInputStream\.read|SocketDispatcher\.read|Net\.poll|sun\.nio\.ch\.SocketChannelImpl\.read/) state = "postgresql"
                if (app == "" && frame ~ /^org\.parcoursnumerique\./) app = frame
            }
            print state "\t" app "\t" top
        }' >>"$out" || true
    done
}

# The tables an import writes to, and their id column (imported_row has none: its key is the hash).
WRITTEN_TABLES="beneficiary consent referral referral_transition duplicate_suspicion audit_event imported_row referral_import_error outbox_message referral_import"
max_ids() {
    local t
    for t in $WRITTEN_TABLES; do
        if [[ $t == imported_row ]]; then echo "$t $(psql_db -Atc "SELECT count(*) FROM imported_row")"
        else echo "$t $(psql_db -Atc "SELECT COALESCE(max(id), 0) FROM $t")"; fi
    done
}
json_field() { head -c 400 "$1" | grep -o "\"$2\":[0-9]*" | head -1 | cut -d: -f2; }

# Sends the file once and measures it: wall time, server-side time, CPU of the application and of
# PostgreSQL, the heap (GC log and jcmd), thread-dump samples. Writes $RESULTS/import_$1.txt.
measure_import() {
    local name=$1 out="$RESULTS/import_$1.txt" t0 t1 up0 up1 app0 app1 pg0 pg1 m0 m1 start end heap_end base_heap
    wait_quiet
    jcmd "$APP_PID" GC.run >/dev/null            # start from the application's live set
    sleep 1
    base_heap=$(heap_used_mb)
    up0=$(uptime_s); app0=$(proc_ticks "$APP_PID"); pg0=$(pg_ticks); m0=$(machine_ticks)
    : >"$RESULTS/samples_$name.tsv"
    if [[ $SAMPLE_INTERVAL != 0 ]]; then sample_import "$RESULTS/samples_$name.tsv" & SAMPLER_PID=$!; fi
    if [[ $AUTOVACUUM == off ]]; then analyze_loop & ANALYZER_PID=$!; fi
    log "  POST /api/v1/referral-imports ($name)"
    t0=$(now_ms)
    java bench/ImportUpload.java --base "$BASE" --token "$TOKEN" --file "$RESULTS/referrals.csv" \
        --out "$RESULTS/answer_$name.json" >"$RESULTS/upload_$name.txt" 2>&1 \
        || { cat "$RESULTS/upload_$name.txt" >&2; head -c 1000 "$RESULTS/answer_$name.json" >&2; exit 1; }
    t1=$(now_ms)
    heap_end=$(heap_used_mb)
    up1=$(uptime_s); app1=$(proc_ticks "$APP_PID"); pg1=$(pg_ticks); m1=$(machine_ticks)
    if [[ -n $SAMPLER_PID ]]; then kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=; fi
    if [[ -n $ANALYZER_PID ]]; then kill "$ANALYZER_PID" 2>/dev/null || true; wait "$ANALYZER_PID" 2>/dev/null || true; ANALYZER_PID=; fi
    local id server_ms
    id=$(json_field "$RESULTS/answer_$name.json" importId)
    server_ms=$(psql_db -Atc "SELECT round(extract(epoch FROM finished_at - created_at) * 1000) FROM referral_import WHERE id = $id")
    {
        echo "$(cat "$RESULTS/upload_$name.txt") script_ms=$((t1 - t0)) server_ms=$server_ms"
        echo "import_id=$id total=$(json_field "$RESULTS/answer_$name.json" totalRows) accepted=$(json_field "$RESULTS/answer_$name.json" accepted) rejected=$(json_field "$RESULTS/answer_$name.json" rejected) duplicates=$(json_field "$RESULTS/answer_$name.json" duplicates)"
        echo "heap_before_mb=$base_heap heap_at_end_mb=$heap_end $(gc_window "$up0" "$up1")"
        awk -v a="$((app1 - app0))" -v p="$((pg1 - pg0))" -v m="$((m1 - m0))" 'BEGIN {
            printf "cpu_s app=%.1f postgres=%.1f machine=%.1f other=%.1f\n", a / 100, p / 100, m / 100, (m - a - p) / 100 }'
        echo "load_after: $(cut -d' ' -f1-3 /proc/loadavg)"
    } | tee "$out" | tee -a "$RESULTS/run.log"
}

# --- The import through the application -------------------------------------------------------------
max_ids >"$RESULTS/ids_before.txt"
log "Import of $ROWS rows through the application"
measure_import first
FIRST_ID=$(sed -n 's/^import_id=\([0-9]*\).*/\1/p' "$RESULTS/import_first.txt")
max_ids >"$RESULTS/ids_after.txt"

# Counts: what the answer says, what the database holds, what the file holds.
{
    echo "expected: valid=$EXPECTED_VALID invalid=$EXPECTED_INVALID"
    echo "answer: $(sed -n 2p "$RESULTS/import_first.txt")"
    echo "db: referrals_from_csv=$(psql_db -Atc "SELECT count(*) FROM referral WHERE source = 'CSV' AND referring_organisation_id = $PRESCRIBER_ORG") \
imported_rows=$(psql_db -Atc "SELECT count(*) FROM imported_row WHERE organisation_id = $PRESCRIBER_ORG") \
new_people=$(($(psql_db -Atc 'SELECT count(*) FROM beneficiary') - 100)) \
rejected_lines=$(psql_db -Atc "SELECT count(DISTINCT line) FROM referral_import_error WHERE import_id = $FIRST_ID") \
error_rows=$(psql_db -Atc "SELECT count(*) FROM referral_import_error WHERE import_id = $FIRST_ID") \
duplicate_suspicions=$(psql_db -Atc 'SELECT count(*) FROM duplicate_suspicion')"
    echo "db rows written: $(join -j 1 <(sort "$RESULTS/ids_before.txt") <(sort "$RESULTS/ids_after.txt") | awk '{ printf "%s=%d ", $1, $3 - $2 }')"
} | tee "$RESULTS/counts.txt" | tee -a "$RESULTS/run.log"
ACCEPTED=$(sed -n 's/.* accepted=\([0-9]*\).*/\1/p' "$RESULTS/import_first.txt")
IN_DB=$(sed -n 's/.*referrals_from_csv=\([0-9]*\).*/\1/p' "$RESULTS/counts.txt")
if [[ $ACCEPTED == "$EXPECTED_VALID" && $IN_DB == "$EXPECTED_VALID" ]]; then COUNTS_OK=yes; else COUNTS_OK=NO; fi
log "  counts: accepted $ACCEPTED, in the database $IN_DB, valid rows in the file $EXPECTED_VALID: $COUNTS_OK"

if [[ $REIMPORT == 1 ]]; then
    log "The same file again: every valid row is already imported"
    measure_import again
fi

# --- The floor: COPY --------------------------------------------------------------------------------
# 1. The valid rows as they are in the file, into a table of ten text columns: reading, parsing and
#    writing the rows, nothing else.
psql_db -c "DROP TABLE IF EXISTS import_staging" -c "CREATE TABLE import_staging (nom TEXT, prenom TEXT,
    date_naissance TEXT, commune TEXT, categorie TEXT, circonscription_ase TEXT, telephone TEXT, email TEXT,
    besoins TEXT, consentement TEXT)"
# 2. Exactly the rows the first import wrote (people, consents, referrals, their history, duplicate
#    suspicions, audit rows, fingerprints, errors, emails, the import record), exported from the
#    database, into empty tables with the same columns, defaults, checks and indexes (LIKE ... INCLUDING
#    ALL; no foreign keys), in one transaction: the floor for writing what the import writes.
{
    echo "DROP SCHEMA IF EXISTS import_floor CASCADE;"
    echo "CREATE SCHEMA import_floor;"
    for t in $WRITTEN_TABLES; do echo "CREATE TABLE import_floor.$t (LIKE public.$t INCLUDING ALL);"; done
} | psql_db
mkdir -p "$RESULTS/floor"
while read -r t before; do
    if [[ $t == imported_row ]]; then where="organisation_id = $PRESCRIBER_ORG"; else where="id > $before"; fi
    psql_db -c "\\copy (SELECT * FROM $t WHERE $where) TO '$RESULTS/floor/$t.copy'"
done <"$RESULTS/ids_before.txt"
{ for t in $WRITTEN_TABLES; do echo "\\copy import_floor.$t FROM '$RESULTS/floor/$t.copy'"; done; } >"$RESULTS/floor/load.sql"

measure_copy() {
    local name=$1 out="$RESULTS/copy_$1.txt" t0 t1 pg0 pg1 m0 m1 rss
    shift
    wait_quiet
    log "  COPY ($name)"
    pg0=$(pg_ticks); m0=$(machine_ticks)
    t0=$(now_ms)
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -f "%M" -o "$RESULTS/copy_$name.rss" "$@" >/dev/null
        rss=$(($(tail -1 "$RESULTS/copy_$name.rss") / 1024))
    else
        "$@" >/dev/null
        rss=
    fi
    t1=$(now_ms)
    pg1=$(pg_ticks); m1=$(machine_ticks)
    {
        echo "elapsed_ms=$((t1 - t0)) psql_max_rss_mb=${rss:-?}"
        awk -v p="$((pg1 - pg0))" -v m="$((m1 - m0))" 'BEGIN { printf "cpu_s postgres=%.1f machine=%.1f\n", p / 100, m / 100 }'
    } | tee "$out" | tee -a "$RESULTS/run.log"
}
log "COPY of the $EXPECTED_VALID valid rows into a staging table"
measure_copy staging psql -X -q -v ON_ERROR_STOP=1 -d "$DB" \
    -c "\\copy import_staging FROM '$RESULTS/valid.csv' WITH (FORMAT csv, DELIMITER ';', ENCODING 'UTF8')"
STAGED=$(psql_db -Atc "SELECT count(*) FROM import_staging")
log "COPY of the rows the import wrote, into empty copies of its tables (indexes included), one transaction"
measure_copy tables psql -X -q -1 -v ON_ERROR_STOP=1 -d "$DB" -f "$RESULTS/floor/load.sql"
FLOOR_ROWS=$(for t in $WRITTEN_TABLES; do echo "$t=$(psql_db -Atc "SELECT count(*) FROM import_floor.$t")"; done | tr '\n' ' ')
FLOOR_TOTAL=$(for t in $WRITTEN_TABLES; do psql_db -Atc "SELECT count(*) FROM import_floor.$t"; done | awk '{ s += $1 } END { print s }')
echo "staged=$STAGED floor_rows: $FLOOR_ROWS total=$FLOOR_TOTAL" | tee -a "$RESULTS/run.log"

# --- Where the time goes (thread dumps of the first import) ----------------------------------------
summarise_samples() {
    local f=$1
    [[ -s $f ]] || { echo "(no samples)"; return; }
    awk -F'\t' '{ n++; s[$1]++; key = $1 "\t" ($2 == "" ? "(outside the application code)" : $2); k[key]++ }
        END {
            printf "%d samples: waiting for PostgreSQL %.0f%%, working in the JVM %.0f%%.\n\n", n, 100 * s["postgresql"] / n, 100 * s["jvm"] / n
            print "| Where | Innermost application method | Share |"
            print "|---|---|---:|"
            sort = "sort -t\"|\" -k4 -rn | head -25"
            for (x in k) { split(x, p, "\t"); printf "| %s | `%s` | %.1f%% |\n", p[1] == "postgresql" ? "waiting for PostgreSQL" : "in the JVM", p[2], 100 * k[x] / n | sort }
            close(sort)
        }' "$f"
}

# --- Report -----------------------------------------------------------------------------------------
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p;s/^$1=\([^[:space:]]*\).*/\1/p" | head -1; }
rate() { awk -v n="$1" -v ms="$2" 'BEGIN { if (ms > 0) printf "%.0f", n * 1000 / ms; else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }
I1=$(cat "$RESULTS/import_first.txt")
IMPORT_MS=$(echo "$I1" | field elapsed_ms)
SERVER_MS=$(echo "$I1" | field server_ms)
STAGING_MS=$(field elapsed_ms <"$RESULTS/copy_staging.txt")
TABLES_MS=$(field elapsed_ms <"$RESULTS/copy_tables.txt")
{
    echo "# CSV import: $ROWS rows against COPY ($(date -u +%Y-%m-%dT%H:%MZ))"
    echo
    echo '```'
    cat "$RESULTS/environment.txt"
    echo '```'
    echo
    echo "| Load | Rows | Time (s) | Rows/s | Peak heap (MB) | CPU app (s) | CPU PostgreSQL (s) | Other CPU (s) | × staging COPY | × tables COPY |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for name in first again; do
        [[ -f $RESULTS/import_$name.txt ]] || continue
        I=$(cat "$RESULTS/import_$name.txt")
        ms=$(echo "$I" | field elapsed_ms)
        peak=$(echo "$I" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } } END {
            p = v["max_before_mb"] + 0; if (v["heap_at_end_mb"] + 0 > p) p = v["heap_at_end_mb"] + 0; print p }')
        label=$([[ $name == first ]] && echo "Import, API (end to end)" || echo "Same file again (all already imported)")
        echo "| $label | $ROWS | $(awk -v m="$ms" 'BEGIN { printf "%.1f", m / 1000 }') | $(rate "$ROWS" "$ms") | $peak |" \
            "$(echo "$I" | field app) | $(echo "$I" | field postgres) | $(echo "$I" | field other) |" \
            "$(ratio "$ms" "$STAGING_MS") | $(ratio "$ms" "$TABLES_MS") |"
    done
    echo "| COPY of the valid rows into a staging table | $STAGED | $(awk -v m="$STAGING_MS" 'BEGIN { printf "%.2f", m / 1000 }') | $(rate "$STAGED" "$STAGING_MS") | psql $(field psql_max_rss_mb <"$RESULTS/copy_staging.txt") (RSS) | - | $(field postgres <"$RESULTS/copy_staging.txt") | - | 1 | |"
    echo "| COPY of the rows the import wrote (all tables, indexes) | $FLOOR_TOTAL | $(awk -v m="$TABLES_MS" 'BEGIN { printf "%.2f", m / 1000 }') | $(rate "$FLOOR_TOTAL" "$TABLES_MS") | psql $(field psql_max_rss_mb <"$RESULTS/copy_tables.txt") (RSS) | - | $(field postgres <"$RESULTS/copy_tables.txt") | - | | 1 |"
    echo
    echo "Server-side duration of the first import (referral_import.finished_at - created_at): $SERVER_MS ms."
    echo "Peak heap = the larger of the heap occupancy before a collection (GC log) during the import and the heap"
    echo "used at its end (jcmd GC.heap_info); the heap after a full GC just before the import was $(echo "$I1" | field heap_before_mb) MB."
    echo
    echo "Counts ($COUNTS_OK: accepted rows = rows in the database = valid rows of the file):"
    echo
    echo '```'
    cat "$RESULTS/counts.txt"
    echo "floor: staged=$STAGED $FLOOR_ROWS"
    for name in first again; do [[ -f $RESULTS/import_$name.txt ]] && { echo "--- import_$name"; cat "$RESULTS/import_$name.txt"; }; done
    echo "--- copy_staging"; cat "$RESULTS/copy_staging.txt"
    echo "--- copy_tables"; cat "$RESULTS/copy_tables.txt"
    echo '```'
    echo
    echo "## Where the import thread was (thread dumps every ${SAMPLE_INTERVAL}s, first import)"
    echo
    summarise_samples "$RESULTS/samples_first.tsv"
} >"$RESULTS/import.md"
log "Results in $RESULTS/import.md"
cat "$RESULTS/import.md"
exit
}
