#!/bin/bash
# What a steady heartbeat costs PostgreSQL, apart from the JVM and the network: replays every agent's heartbeat
# through migration 0264's agent_heartbeat, ROUNDS times 15 s apart, each in a transaction of its own (as the server
# sends them), on the database a fleet bench left behind, and prints the backend's CPU per heartbeat (from /proc).
#
#   ./onduty bench fleet 3400 8              # leaves its database in /tmp/onduty-fleet-bench*/pg
#   bench/heartbeat-replay.sh [ROUNDS] [DIR]  # DIR: that directory (default: the newest)
#
# VERSION=false replays heartbeats whose server knows the camera list's version (camera/CameraListVersions, most of
# them); VERSION=true (the default) ones that have the statement compute it.
#
# Run it on a quiet machine once the bench has stopped: it starts the bench's PostgreSQL on port 34999 (as nobody
# when run by root, which PostgreSQL refuses) and stops it at the end. psql sends each call as a simple query, so the
# figure includes parsing the call's JSON text, which the server's prepared statement also does.
set -euo pipefail
rounds=${1:-4}
version=${VERSION:-true}
case "$version" in true|false) ;; *) echo "VERSION must be true or false" >&2; exit 1 ;; esac
dir=${2:-$(ls -td /tmp/onduty-fleet-bench*/ 2>/dev/null | head -1)}
[ -n "$dir" ] && [ -d "$dir/pg" ] || { echo "no fleet bench database found (run ./onduty bench fleet first)" >&2; exit 1; }
bin=$(ls -d /tmp/embedded-pg/PG-*/bin | head -1)
port=34999
export PGPASSWORD=$(grep '^owner.password=' "$dir/pg.credentials" | cut -d= -f2) PGPORT=$port
run=()
if [ "$(id -u)" -eq 0 ]; then
  chown -R nobody "$dir/pg" && chmod 755 "$dir"
  run=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
rm -f "$dir/pg/postmaster.pid"
"${run[@]}" "$bin/postgres" -D "$dir/pg" -p $port -c listen_addresses=127.0.0.1 -k /tmp > /tmp/heartbeat-replay-pg.log 2>&1 &
pg=$!
trap 'kill $pg 2>/dev/null; wait $pg 2>/dev/null || true' EXIT
P=(psql -h 127.0.0.1 -U postgres -d onduty -X -q -At)
for _ in $(seq 1 60); do "${P[@]}" -c "select 1" >/dev/null 2>&1 && break; sleep 0.5; done
# Each agent's sensor and its cameras as the simulated agents report them, later by 15 s each round.
"${P[@]}" > /tmp/heartbeat-replay.sql <<SQL
select format('select agent_heartbeat(%s, %s, 0, %L, %L, %L, %L, 60, 20, false, $version);', a.id, a.site_id, t, t,
              '[{"name":"cua-chinh","port":"/dev/ttyUSB0","connected":true,"capacity":1000,"templates":60,'
              || '"unrecognised_touches":0,"duplicates_ignored":0,"last_error":null}]',
              (select jsonb_agg(jsonb_build_object('camera_id', s.camera_id, 'state', s.state, 'connected', s.connected,
                      'last_frame_at', t - interval '1 second', 'frames_analysed', s.frames_analysed + r * 7,
                      'keyframes_per_minute', 30, 'reconnects', 0, 'zones', s.zones, 'codec', s.codec,
                      'width', s.width, 'height', s.height, 'keyframe_interval_seconds', 2.0, 'analysis', s.analysis,
                      'cpu_percent', 1.5) order by s.camera_id)
                 from camera_status s where s.agent_id = a.id))
  from generate_series(1, $rounds) r
  cross join lateral (select now() + r * interval '15 seconds' as t) tt
  cross join device_agent a
 order by r, a.id;
SQL
n=$(wc -l < /tmp/heartbeat-replay.sql)
( echo "select pg_backend_pid();"; echo "\\o /dev/null"; cat /tmp/heartbeat-replay.sql ) | "${P[@]}" > /tmp/heartbeat-replay.pid &
psql_pid=$!
for _ in $(seq 1 50); do [ -s /tmp/heartbeat-replay.pid ] && break; sleep 0.1; done
backend=$(head -1 /tmp/heartbeat-replay.pid)
start=$(date +%s.%N); ticks=0
while kill -0 $psql_pid 2>/dev/null; do
  ticks=$(awk '{print $14 + $15}' /proc/$backend/stat 2>/dev/null || echo $ticks)
  sleep 0.2
done
end=$(date +%s.%N)
python3 -c "
n, ticks, hz, took = $n, $ticks, $(getconf CLK_TCK), $end - $start
print(f'{n} heartbeats ({n // $rounds} agents, $rounds rounds, version $version) in {took:.1f} s: PostgreSQL backend CPU {ticks / hz:.2f} s,'
      f' {1000 * ticks / hz / n:.3f} ms per heartbeat')"
