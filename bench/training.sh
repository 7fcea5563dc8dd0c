#!/usr/bin/env bash
# Training offers benchmark (docs/benchmarks.md, "Training offers"): imports BENCH_OFFERS offers in the
# lieux v1 CSV format through POST /api/v1/training/offer-imports (demo-departement token), re-imports
# the same file, loads the same rows with COPY into a scratch table, then measures the catalogue search
# page (/trainings, theme + 10 km + free) against its SQL (bench/sql/training_search.sql) with pgbench.
# Usage: bench/training.sh   Environment: BENCH_OFFERS=50000 BENCH_DB=parcours_bench_training
#   BENCH_PORT=18113 BENCH_REQUESTS=200 BENCH_SEED=20261201 PGHOST/PGUSER (127.0.0.1, postgres)
set -euo pipefail
{ # Read to the end before running: editing this file during a run does not disturb it.
cd "$(dirname "$0")/.."
OFFERS=${BENCH_OFFERS:-50000}; DB=${BENCH_DB:-parcours_bench_training}; PORT=${BENCH_PORT:-18113}
REQUESTS=${BENCH_REQUESTS:-200}; SEED=${BENCH_SEED:-20261201}
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
OUT=$(mktemp -d /tmp/bench-training.XXXX)
[ -f target/parcours-numerique-0.1.0-SNAPSHOT.jar ] || ./mvnw -B -o -q -DskipTests package
python3 bench/training_offers.py "$OFFERS" "$SEED" "$OUT/offers.csv" "$OUT/copy.csv"
echo "file: $(du -h "$OUT/offers.csv" | cut -f1), $OFFERS offers"
psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
java -Xmx768m -jar target/parcours-numerique-0.1.0-SNAPSHOT.jar --server.port=$PORT --parcours.demo.enabled=true \
  --spring.datasource.url=jdbc:postgresql://$PGHOST:5432/$DB --spring.datasource.username=$PGUSER \
  --spring.servlet.multipart.max-file-size=200MB --spring.servlet.multipart.max-request-size=200MB > "$OUT/app.log" 2>&1 &
APP=$!; trap 'kill $APP 2>/dev/null || true' EXIT
until grep -q "Demo data loaded" "$OUT/app.log"; do sleep 2; kill -0 $APP || { tail "$OUT/app.log"; exit 1; }; done
imp() { curl -s -o "$OUT/$1.json" -w "%{time_total}" -H "Authorization: Bearer demo-departement" \
  -F "file=@$OUT/offers.csv" -F format=lieux-v1 "http://127.0.0.1:$PORT/api/v1/training/offer-imports"; }
T1=$(imp first); T2=$(imp again)
echo "import: ${T1}s $(head -c 200 "$OUT/first.json")"; echo "re-import: ${T2}s $(head -c 200 "$OUT/again.json")"
psql -q -d "$DB" -c "CREATE TABLE bench_copy (LIKE training_offer INCLUDING DEFAULTS INCLUDING IDENTITY)" \
  -c "ALTER TABLE bench_copy ALTER created_at SET DEFAULT now(), ALTER updated_at SET DEFAULT now()" >/dev/null
S=$(date +%s.%N)
psql -q -d "$DB" -c "\copy bench_copy (source, source_id, format, name, name_key, siret, address, postcode, insee_code, commune, latitude, longitude, phone, email, website, hours, summary, free_of_charge, content_hash) FROM '$OUT/copy.csv' CSV" \
  >/dev/null
E=$(date +%s.%N); echo "COPY: $(echo "$E - $S" | bc)s"
psql -q -d "$DB" -c "ANALYZE" >/dev/null
# Log in as the coordinator of T6 and time the search page.
JAR="$OUT/cookies"; curl -s -c "$JAR" "http://127.0.0.1:$PORT/login" -o "$OUT/login.html"
CSRF=$(grep -o 'name="_csrf" value="[^"]*"' "$OUT/login.html" | head -1 | sed 's/.*value="//;s/"//')
curl -s -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "username=coordination.t6@demo.parcours.test" \
  --data-urlencode "password=demo" --data-urlencode "_csrf=$CSRF" "http://127.0.0.1:$PORT/login"
URL="http://127.0.0.1:$PORT/trainings?theme=DEVICE_BASICS&near=93066&radius=10&free=true"
for i in $(seq 1 20); do curl -s -b "$JAR" -o /dev/null "$URL"; done
for i in $(seq 1 "$REQUESTS"); do curl -s -b "$JAR" -o /dev/null -w "%{time_total}\n" "$URL"; done | sort -n > "$OUT/page.txt"
P50=$(awk '{a[NR]=$1} END {print a[int(NR*0.5)]*1000}' "$OUT/page.txt"); P95=$(awk '{a[NR]=$1} END {print a[int(NR*0.95)]*1000}' "$OUT/page.txt")
echo "page: p50 ${P50} ms, p95 ${P95} ms ($(grep -c . "$OUT/page.txt") requests, 1 client)"
pgbench -n -c 1 -t "$REQUESTS" -r -f bench/sql/training_search.sql "$DB" > "$OUT/pgbench.txt" 2>&1 || cat "$OUT/pgbench.txt"
pgbench -n -c 1 -t "$REQUESTS" --log --log-prefix="$OUT/sql" -f bench/sql/training_search.sql "$DB" >/dev/null 2>&1
cat "$OUT"/sql.* | awk '{print $3/1000}' | sort -n > "$OUT/sql.txt"
S50=$(awk '{a[NR]=$1} END {print a[int(NR*0.5)]}' "$OUT/sql.txt"); S95=$(awk '{a[NR]=$1} END {print a[int(NR*0.95)]}' "$OUT/sql.txt")
echo "SQL (count + page): p50 ${S50} ms, p95 ${S95} ms"
kill $APP; wait $APP 2>/dev/null || true; trap - EXIT
psql -q -d postgres -c "DROP DATABASE $DB"
echo "results in $OUT"
exit 0
}
