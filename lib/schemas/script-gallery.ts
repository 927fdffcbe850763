// Ready pre-freeze/post-thaw pairs for /tmp/prescript.sh and /tmp/postscript.sh, shared by the browser editor
// (one click fills both) and the tests. Every pre-freeze script gives up within GALLERY_WAIT_S seconds, below
// HBR's default freeze timeout (DEFAULT_FREEZE_TIMEOUT_S), and undoes its own freeze before failing (a trap), so the application is never
// left frozen; every post-thaw script is safe to run when nothing is frozen. None calls fsfreeze: HBR freezes
// the file systems itself.

/** How long a gallery pre-freeze script waits for its application, in seconds. */
export const GALLERY_WAIT_S = 20;

export interface GalleryScript {
  id: string;
  name: string;
  description: string;
  preScript: string;
  postScript: string;
}

export const scriptGallery: readonly GalleryScript[] = [
  {
    id: "mysql",
    name: "MySQL / MariaDB",
    description: `Holds FLUSH TABLES WITH READ LOCK in a background client session that the post-thaw script ends; if the lock is not taken within ${GALLERY_WAIT_S} s the pre-freeze script ends the session itself and fails. Needs /root/.my.cnf or root socket authentication.`,
    preScript: `#!/bin/bash
# HBR pre-freeze script for MySQL and MariaDB: /tmp/prescript.sh, owner root, mode 700.
# Takes FLUSH TABLES WITH READ LOCK in a client session that stays open in the background; /tmp/postscript.sh
# ends that session, which releases the lock. If the lock is not held within WAIT_S seconds (below HBR's freeze
# timeout), this script ends the session itself and exits non-zero, so MySQL is never left locked. Should the
# post-thaw script never run, the session still ends after MAX_HOLD_S seconds.
# Credentials: /root/.my.cnf ([client] user=... password=..., mode 600), or root's socket authentication.
set -u

WAIT_S=${GALLERY_WAIT_S}
MAX_HOLD_S=600
STATE_DIR=/run/hbr-mysql-freeze

MYSQL=(mysql)
if [ -r /root/.my.cnf ]; then MYSQL=(mysql --defaults-extra-file=/root/.my.cnf); fi

# Ends a process this script started, if it is still the one recorded (a pid can be reused).
stop() {
  local pid
  pid=$(cat "$STATE_DIR/$1.pid" 2>/dev/null) || return 0
  if ps -p "$pid" -o comm= 2>/dev/null | grep -Eqx "$2"; then kill "$pid" 2>/dev/null; fi
  return 0
}

release() {
  stop keeper 'sleep'
  stop session 'mysql|mariadb'
  rm -rf "$STATE_DIR"
}

locked=0
on_exit() {
  local rc=$?
  if [ "$locked" != 1 ]; then
    release
    echo "MySQL is not locked: the session was ended" >&2
    [ "$rc" = 0 ] && rc=1
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 1' INT TERM HUP

command -v "\${MYSQL[0]}" >/dev/null 2>&1 || { echo "mysql client not found in PATH" >&2; exit 1; }
# A lock left by an earlier pre-freeze that was never thawed.
release
mkdir -m 700 "$STATE_DIR" && mkfifo -m 600 "$STATE_DIR/sql" || exit 1

# The session reads SQL from the FIFO; the keeper holds the FIFO open, so the session lives until it ends.
setsid "\${MYSQL[@]}" --batch --skip-column-names --unbuffered < "$STATE_DIR/sql" > "$STATE_DIR/session.log" 2>&1 &
echo $! > "$STATE_DIR/session.pid"
setsid sleep "$MAX_HOLD_S" > "$STATE_DIR/sql" 2>/dev/null < /dev/null &
echo $! > "$STATE_DIR/keeper.pid"

deadline=$((SECONDS + WAIT_S))
sql="SET SESSION lock_wait_timeout = $WAIT_S; FLUSH TABLES WITH READ LOCK; SELECT 'HBR_LOCKED';"
if ! timeout 5 sh -c 'printf "%s\\n" "$1" > "$2"' sh "$sql" "$STATE_DIR/sql"; then
  echo "Could not reach the MySQL client session" >&2
  exit 1
fi
until grep -qx 'HBR_LOCKED' "$STATE_DIR/session.log" 2>/dev/null; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "FLUSH TABLES WITH READ LOCK did not finish within $WAIT_S s" >&2
    exit 1
  fi
  if ! kill -0 "$(cat "$STATE_DIR/session.pid")" 2>/dev/null; then
    echo "The MySQL session ended before it took the lock:" >&2
    cat "$STATE_DIR/session.log" >&2
    exit 1
  fi
  sleep 0.2
done
locked=1
echo "MySQL tables flushed and read-locked; /tmp/postscript.sh releases the lock"
`,
    postScript: `#!/bin/bash
# HBR post-thaw script for MySQL and MariaDB: /tmp/postscript.sh, owner root, mode 700.
# Ends the client session that holds FLUSH TABLES WITH READ LOCK (started by /tmp/prescript.sh), which releases
# the lock. Safe to run at any time: when no session is recorded there is nothing to release.
set -u

STATE_DIR=/run/hbr-mysql-freeze

# Ends a process the pre-freeze script started, if it is still the one recorded (a pid can be reused).
stop() {
  local pid
  pid=$(cat "$STATE_DIR/$1.pid" 2>/dev/null) || return 0
  if ps -p "$pid" -o comm= 2>/dev/null | grep -Eqx "$2"; then kill "$pid" 2>/dev/null; fi
  return 0
}

if [ ! -d "$STATE_DIR" ]; then
  echo "No MySQL read lock is held by the pre-freeze script; nothing to release"
  exit 0
fi
timeout 5 sh -c 'printf "UNLOCK TABLES;\\n" > "$1"' sh "$STATE_DIR/sql" 2>/dev/null
# Without the keeper the session reads end-of-file and exits; give it a moment, then end it.
stop keeper 'sleep'
session=$(cat "$STATE_DIR/session.pid" 2>/dev/null)
for _ in $(seq 1 25); do
  if [ -z "$session" ] || ! kill -0 "$session" 2>/dev/null; then break; fi
  sleep 0.2
done
stop session 'mysql|mariadb'
rm -rf "$STATE_DIR"
echo "MySQL read lock released"
`,
  },
  {
    id: "postgresql",
    name: "PostgreSQL",
    description: `Runs CHECKPOINT as the postgres user (at most ${GALLERY_WAIT_S} s) so a restore replays little WAL; nothing is locked, so the post-thaw script only checks that the server answers.`,
    preScript: `#!/bin/bash
# HBR pre-freeze script for PostgreSQL: /tmp/prescript.sh, owner root, mode 700.
# Runs CHECKPOINT, so the data files hold every committed change and a restored server replays little WAL.
# Nothing is held: PostgreSQL's write-ahead log makes a snapshot taken at one instant of all its disks (which
# HBR takes) consistent by itself. pg_backup_start() is left out on purpose: its session would have to stay open
# until the thaw, and the backup_label it returns would have to be inside the snapshot, which it cannot be.
# Connects as the postgres OS user with psql's defaults (set PGHOST/PGPORT below if yours differ).
set -u

WAIT_S=${GALLERY_WAIT_S}
PG_OS_USER=postgres

command -v psql >/dev/null 2>&1 || { echo "psql not found in PATH" >&2; exit 1; }
cd /tmp || exit 1
if ! out=$(timeout "$WAIT_S" su -s /bin/sh "$PG_OS_USER" -c 'psql -X -q -v ON_ERROR_STOP=1 -c CHECKPOINT' 2>&1); then
  # CHECKPOINT takes no lock and blocks nobody: there is nothing to thaw, only a failure to report.
  echo "CHECKPOINT failed or did not finish within $WAIT_S s: $out" >&2
  exit 1
fi
echo "PostgreSQL checkpoint done; nothing is held"
`,
    postScript: `#!/bin/bash
# HBR post-thaw script for PostgreSQL: /tmp/postscript.sh, owner root, mode 700.
# The pre-freeze script holds nothing, so there is nothing to release. Safe to run at any time; it reports
# whether the server accepts connections.
set -u

if command -v pg_isready >/dev/null 2>&1 && timeout 10 pg_isready -q; then
  echo "PostgreSQL is accepting connections"
else
  echo "pg_isready got no answer from PostgreSQL (the pre-freeze script held nothing)" >&2
fi
exit 0
`,
  },
  {
    id: "mongodb",
    name: "MongoDB",
    description: `db.fsyncLock() flushes to disk and blocks writes until the post-thaw script's db.fsyncUnlock(); a lock that fails or takes over ${GALLERY_WAIT_S} s is undone at once. URI in /root/.mongo-uri.`,
    preScript: `#!/bin/bash
# HBR pre-freeze script for MongoDB: /tmp/prescript.sh, owner root, mode 700.
# db.fsyncLock() flushes all data to disk and blocks writes until db.fsyncUnlock(), which /tmp/postscript.sh
# calls. If the lock fails or takes longer than WAIT_S seconds (below HBR's freeze timeout), this script unlocks
# at once and exits non-zero, so writes are never left blocked.
# Connection: the URI in /root/.mongo-uri (mode 600, e.g. mongodb://backup:secret@127.0.0.1:27017/admin), else
# mongodb://127.0.0.1:27017/admin; the user needs the hostManager and clusterMonitor roles.
set -u

WAIT_S=${GALLERY_WAIT_S}
URI=mongodb://127.0.0.1:27017/admin
if [ -r /root/.mongo-uri ]; then URI=$(head -n 1 /root/.mongo-uri); fi
if command -v mongosh >/dev/null 2>&1; then MONGO=mongosh
elif command -v mongo >/dev/null 2>&1; then MONGO=mongo
else echo "Neither mongosh nor mongo is in PATH" >&2; exit 1
fi

mongo_eval() { timeout "$1" "$MONGO" --quiet "$URI" --eval "$2"; }
UNLOCK_ALL='var n = 0; while (db.currentOp().fsyncLock && n < 100) { db.fsyncUnlock(); n++; } print(n);'

locked=0
on_exit() {
  local rc=$?
  if [ "$locked" != 1 ]; then
    # The lock may have been taken even though the call did not return in time: undo it.
    if mongo_eval 10 "$UNLOCK_ALL" >/dev/null 2>&1; then
      echo "MongoDB is not locked" >&2
    else
      echo "Could not check MongoDB's fsync lock: run /tmp/postscript.sh" >&2
    fi
    [ "$rc" = 0 ] && rc=1
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 1' INT TERM HUP

if ! out=$(mongo_eval "$WAIT_S" 'var r = db.fsyncLock(); if (r.ok !== 1) { quit(2); } print("lockCount " + r.lockCount);' 2>&1); then
  echo "db.fsyncLock() failed or did not finish within $WAIT_S s: $out" >&2
  exit 1
fi
locked=1
echo "MongoDB flushed to disk and locked for writes ($out); /tmp/postscript.sh unlocks it"
`,
    postScript: `#!/bin/bash
# HBR post-thaw script for MongoDB: /tmp/postscript.sh, owner root, mode 700.
# Calls db.fsyncUnlock() until no fsync lock is left (locks nest). Safe to run at any time: with no lock held it
# changes nothing.
set -u

URI=mongodb://127.0.0.1:27017/admin
if [ -r /root/.mongo-uri ]; then URI=$(head -n 1 /root/.mongo-uri); fi
if command -v mongosh >/dev/null 2>&1; then MONGO=mongosh
elif command -v mongo >/dev/null 2>&1; then MONGO=mongo
else echo "Neither mongosh nor mongo is in PATH" >&2; exit 1
fi

if ! out=$(timeout 20 "$MONGO" --quiet "$URI" --eval 'var n = 0; while (db.currentOp().fsyncLock && n < 100) { db.fsyncUnlock(); n++; } print(n);' 2>&1); then
  echo "Could not reach MongoDB to unlock it: $out" >&2
  exit 1
fi
unlocks=$(printf '%s\\n' "$out" | tail -n 1)
if [ "$unlocks" = 0 ]; then
  echo "MongoDB was not locked; nothing to unlock"
else
  echo "MongoDB unlocked ($unlocks fsyncUnlock calls)"
fi
`,
  },
  {
    id: "redis",
    name: "Redis",
    description: `BGSAVE and a wait of at most ${GALLERY_WAIT_S} s for the RDB file; Redis is never frozen, so the post-thaw script only checks that it answers. Password in /root/.redis-pass.`,
    preScript: `#!/bin/bash
# HBR pre-freeze script for Redis: /tmp/prescript.sh, owner root, mode 700.
# Runs BGSAVE and waits (at most WAIT_S seconds, below HBR's freeze timeout) until the RDB file is written, so
# the snapshot holds a complete, fresh dump. Redis keeps serving meanwhile: nothing is frozen, and the post-thaw
# script only checks that Redis answers. A save still running at the timeout finishes harmlessly on its own.
# Connection: 127.0.0.1:6379; the password, if any, in /root/.redis-pass (mode 600).
set -u -o pipefail

WAIT_S=${GALLERY_WAIT_S}
REDIS=(redis-cli -h 127.0.0.1 -p 6379)
if [ -r /root/.redis-pass ]; then REDISCLI_AUTH=$(head -n 1 /root/.redis-pass); export REDISCLI_AUTH; fi

command -v redis-cli >/dev/null 2>&1 || { echo "redis-cli not found in PATH" >&2; exit 1; }
rcli() { timeout 5 "\${REDIS[@]}" "$@" | tr -d '\\r'; }
persistence() { rcli INFO persistence | sed -n "s/^$1://p"; }

deadline=$((SECONDS + WAIT_S))
# Waits until no save runs; past the deadline, says why and fails.
wait_no_save() {
  until [ "$(persistence rdb_bgsave_in_progress)" = 0 ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$1" >&2
      exit 1
    fi
    sleep 0.2
  done
}

# BGSAVE refuses to start while another save runs: wait for that one first.
wait_no_save "Redis did not answer, or an earlier save did not finish within $WAIT_S s"
reply=$(rcli BGSAVE 2>&1)
case "$reply" in
  "Background saving started"*) ;;
  *)
    echo "BGSAVE was refused: $reply" >&2
    exit 1
    ;;
esac
wait_no_save "BGSAVE did not finish within $WAIT_S s (it goes on in the background)"
status=$(persistence rdb_last_bgsave_status)
if [ "$status" != ok ]; then
  echo "BGSAVE finished with status \${status:-unknown}" >&2
  exit 1
fi
echo "Redis saved its dataset to disk (BGSAVE)"
`,
    postScript: `#!/bin/bash
# HBR post-thaw script for Redis: /tmp/postscript.sh, owner root, mode 700.
# The pre-freeze script freezes nothing, so there is nothing to resume. Safe to run at any time; it reports
# whether Redis answers.
set -u

if [ -r /root/.redis-pass ]; then REDISCLI_AUTH=$(head -n 1 /root/.redis-pass); export REDISCLI_AUTH; fi
reply=$(timeout 5 redis-cli -h 127.0.0.1 -p 6379 PING 2>&1)
if [ "$reply" = PONG ]; then
  echo "Redis answers PING"
else
  echo "Redis did not answer PING: $reply (the pre-freeze script froze nothing)" >&2
fi
exit 0
`,
  },
  {
    id: "filesystem",
    name: "Generic file-system flush",
    description: `sync within ${GALLERY_WAIT_S} s for applications without a freeze command; HBR freezes and thaws the file systems itself, so there is nothing to thaw.`,
    preScript: `#!/bin/bash
# HBR pre-freeze script for any application: /tmp/prescript.sh, owner root, mode 700.
# Writes dirty file-system buffers to disk (sync), so the snapshot holds what applications have written. It does
# not freeze anything: HBR freezes and thaws the file systems itself, and an fsfreeze here would fight it.
# Gives up after WAIT_S seconds, below HBR's freeze timeout; a sync still running then finishes on its own.
set -u

WAIT_S=${GALLERY_WAIT_S}

sync &
pid=$!
deadline=$((SECONDS + WAIT_S))
while kill -0 "$pid" 2>/dev/null; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "sync did not finish within $WAIT_S s" >&2
    exit 1
  fi
  sleep 0.2
done
wait "$pid" || exit 1
echo "File-system buffers flushed to disk"
`,
    postScript: `#!/bin/bash
# HBR post-thaw script for any application: /tmp/postscript.sh, owner root, mode 700.
# The pre-freeze script only flushes buffers and HBR thaws the file systems itself, so there is nothing to
# resume. Safe to run at any time.
echo "Nothing to thaw: the pre-freeze script only flushed buffers"
exit 0
`,
  },
];
