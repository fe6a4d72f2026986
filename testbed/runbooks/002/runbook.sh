# Runbook 002 (../shared/seeds/002_*.txt): GameLenders on three tiers. PostgreSQL on db, the zip
# artifact under gunicorn and supervisor on app, nginx with https on web. The three hosts share
# one network namespace (only loopback between them, as the testbed's network rule requires), so
# every host is 127.0.0.1 to the others; docs/runbooks.md says what that lets the test prove.
RUNBOOK_TITLE="GameLenders: PostgreSQL, gunicorn under supervisor from a zip, nginx with https"
RUNBOOK_HOSTS=(db:gamelenders_db app:gamelenders_app,gamelenders_backup web:gamelenders_web)
RUNBOOK_SHARED_NETWORK=1
RUNBOOK_PLAYBOOKS=(playbooks/gamelenders.yml)
RUNBOOK_SECRETS=(vault_gamelenders_db_password vault_gamelenders_secret_key)
RUNBOOK_PACKAGES=(postgresql postgresql-client iptables iptables-persistent cron supervisor
  gunicorn python3-psycopg2 unzip nginx openssl rsync openssh-client python3)

RUNBOOK_FIXTURE="the application's zip artifacts 1.0 and 1.1 (a small WSGI app reading a row), built on the control node"
runbook_fixture() {
  local version
  for version in 1.0 1.1; do
    rm -rf "$RUN_STATE/artifact-$version"
    cp -r "$RUNBOOK_DIR/app" "$RUN_STATE/artifact-$version"
    echo "$version" >"$RUN_STATE/artifact-$version/gamelenders/VERSION"
    if [ "$version" = 1.1 ]; then
      # the update's migration: a column added and the row kept
      echo "ALTER TABLE health ADD COLUMN checked_at timestamptz DEFAULT now();" \
        >"$RUN_STATE/artifact-$version/gamelenders/migrations/0002_checked_at.sql"
    fi
    (cd "$RUN_STATE/artifact-$version" && python3 -m zipfile -c "$RUN_STATE/gamelenders-$version.zip" gamelenders)
  done
  mkdir -p "$RUN_STATE/offsite"
  {
    echo "gamelenders_artifact: $RUN_STATE/gamelenders-1.0.zip"
    echo "gamelenders_offsite_dir: $RUN_STATE/offsite"
  } >>"$RUN_STATE/testbed.yml"
  ls -l "$RUN_STATE"/gamelenders-*.zip
}

RUNBOOK_VISIT="https://<each domain>/ from the web host: nginx, gunicorn and the database's row"
runbook_visit() {
  visitor_sees "GameLenders 1.0: db ok"
  on_host web <<'SH'
set -e
for name in gamelenders.test www.gamelenders.test; do
  code=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' --resolve "$name:80:127.0.0.1" "http://$name/x?y=1")
  echo "http://$name/x?y=1 -> $code"
  [ "$code" = "301 https://$name/x?y=1" ]
done
SH
  on_host db <<'SH'
set -e
echo "pg_hba rules read by the server: $(cd /tmp && su postgres -c "psql -XAtc \"select type, database, user_name, address from pg_hba_file_rules where 'ocrprojet13' = any(database)\"")"
# the firewall: 5432 answers from the application host's address, not from another one
timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/5432' && echo "5432 from 127.0.0.1 (the app host): open"
if curl -sS --interface 127.0.0.5 --connect-timeout 3 telnet://127.0.0.1:5432 </dev/null >/dev/null 2>&1; then
  echo "5432 from 127.0.0.5 answered: the firewall lets others in"; exit 1
fi
echo "5432 from 127.0.0.5 (another host): dropped"
echo "nightly dumps: $(crontab -u postgres -l | grep pg-backup)"
SH
}

visitor_sees() { # text the page must hold, on every name
  local name page
  for name in gamelenders.test www.gamelenders.test; do
    page="$(on_host web "$name" <<'SH'
curl -sS --retry 20 --retry-delay 1 --retry-all-errors --resolve "$1:443:127.0.0.1" \
  --cacert /etc/ssl/certs/gamelenders.crt "https://$1/"
SH
)" || die "https://$name/ does not answer"
    log "visit   https://$name/ -> $(echo "$page" | tail -n 1)"
    case "$page" in *"$1"*) ;; *) die "https://$name/ should say '$1'" ;; esac
  done
}

# Sections 5, 6 and 8.2 of the runbook, each a playbook run then what a visitor sees: stop (web,
# then app, then db) and start again (the reverse), each twice, the second changing nothing; the
# update to the 1.1 artifact behind the maintenance page, with a dump copied off the db host;
# the restore of that dump; then the runbook's playbook changes nothing.
runbook_procedures() {
  run_playbook stop some playbooks/gamelenders_stop.yml --check
  visitor_sees "GameLenders 1.0: db ok"
  run_playbook stop some playbooks/gamelenders_stop.yml
  run_playbook stop none playbooks/gamelenders_stop.yml
  on_host web <<'SH' || die "the site still answers after gamelenders_stop.yml"
! curl -sS --max-time 3 --resolve gamelenders.test:443:127.0.0.1 -k https://gamelenders.test/
SH
  log "visit   https://gamelenders.test/ -> no answer, as stopped"
  run_playbook start some playbooks/gamelenders_start.yml
  run_playbook start none playbooks/gamelenders_start.yml
  visitor_sees "GameLenders 1.0: db ok"

  run_playbook update some playbooks/gamelenders_update.yml \
    -e gamelenders_artifact="$RUN_STATE/gamelenders-1.1.zip"
  visitor_sees "GameLenders 1.1: db ok"
  ls "$RUN_STATE"/offsite/*/ocrprojet13-*.pgc >/dev/null || die "no dump was copied off the db host"
  log "offsite copy: $(ls "$RUN_STATE"/offsite/*/)"
  # the nightly copy off the db host (gamelenders.yml's last play), run once as cron would run it:
  # the update's dump arrives on the app host; its key runs nothing else on the db host (every ssh
# reads /dev/null, not this script)
  local copied
  copied="$(on_host app <<'SH'
set -e
crontab -u gamelenders-offsite -l | grep -q '/usr/local/sbin/gamelenders-offsite'
said=$(runuser -u gamelenders-offsite -- /usr/local/sbin/gamelenders-offsite 2>&1 </dev/null)
# cron mails what the job says: one line per db host, nothing else (no ssh warning)
[ "$(echo "$said" | grep -vc ' copied the dumps of ')" = 0 ] || { echo "the copy said: $said"; exit 1; }
ls /var/backups/gamelenders-offsite/db/ocrprojet13-*.pgc >/dev/null
key=/var/lib/gamelenders-offsite/.ssh/id_ed25519
if runuser -u gamelenders-offsite -- ssh -i $key -p 2201 -o BatchMode=yes postgres@127.0.0.1 id </dev/null >/dev/null 2>&1; then
  echo "the copy's key ran a command on the db host"; exit 1
fi
if runuser -u gamelenders-offsite -- rsync -e "ssh -i $key -p 2201 -o BatchMode=yes" /etc/hostname postgres@127.0.0.1: </dev/null 2>/dev/null; then
  echo "the copy's key wrote into the db host's dumps"; exit 1
fi
echo "$(ls /var/backups/gamelenders-offsite/db/) (the key runs no shell and writes nothing)"
SH
)" || die "the nightly copy did not bring the dump off the db host: $copied"
  log "nightly copy on the app host: $copied"
  run_playbook update none playbooks/gamelenders.yml -e gamelenders_artifact="$RUN_STATE/gamelenders-1.1.zip"

  local dump
  dump="$(on_host db <<'SH'
ls -1 /var/backups/postgresql/ocrprojet13-*.pgc | tail -n 1
SH
)"
  on_host db <<'SH'
cd /tmp && su postgres -c "psql -XAtq -d ocrprojet13 -c \"update health set status = 'damaged'\""
SH
  visitor_sees "GameLenders 1.1: damaged"
  run_playbook restore some playbooks/gamelenders_restore.yml -e gamelenders_restore_dump="$dump"
  visitor_sees "GameLenders 1.1: db ok"
  run_phase after -e gamelenders_artifact="$RUN_STATE/gamelenders-1.1.zip"
}
