#!/bin/sh
# Managed by ploy (role postgres_backup); do not edit.
# Dumps each database (custom format, named DB-YYYYmmdd-HHMMSS.pgc, the extension postgresql_db
# restores with pg_restore; written to a temporary file then renamed), then prunes (.dump files
# of earlier versions of this script too):
# every dump younger than {{ pg_backup_keep_all_days }} days is kept, then the newest of each day
# until {{ pg_backup_daily_days }} days, then the newest of each week until
# {{ pg_backup_weekly_days }} days; older dumps are removed.
#   pg-backup            dump and prune
#   pg-backup --prune    prune only
set -eu
prune_only=no
if [ "${1:-}" = --prune ]; then
  prune_only=yes
fi
dir={{ pg_backup_dir | quote }}
databases={{ pg_backup_databases | map('quote') | join(' ') | quote }}
keep_all={{ pg_backup_keep_all_days | int }}
daily={{ pg_backup_daily_days | int }}
weekly={{ pg_backup_weekly_days | int }}

dump() {
  db=$1
  name="$db-$(date +%Y%m%d-%H%M%S).pgc"
  trap 'rm -f "$dir/.$name.partial"' EXIT
  pg_dump -Fc -d "$db" > "$dir/.$name.partial"
  mv -f "$dir/.$name.partial" "$dir/$name"
  trap - EXIT
  echo "$(date -Is) dumped $db to $dir/$name"
}

prune() {
  db=$1
  now=$(date +%s)
  seen=$(mktemp)
  # newest first, so the dump kept for a day or a week is its latest
  ls -1 "$dir" | sort -r | while read -r file; do
    case "$file" in
      "$db"-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9].pgc) ;;
      "$db"-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9].dump) ;;
      *) continue ;;
    esac
    stamp=${file#"$db-"}
    day=${stamp%%-*}
    age=$(( (now - $(date -d "$day" +%s)) / 86400 ))
    if [ "$age" -lt "$keep_all" ]; then
      continue
    elif [ "$age" -lt "$daily" ]; then
      key="day $day"
    elif [ "$age" -lt "$weekly" ]; then
      key="week $(date -d "$day" +%G-%V)"
    else
      rm -f -- "$dir/$file"
      echo "$(date -Is) removed $file (older than $weekly days)"
      continue
    fi
    if grep -qxF "$key" "$seen"; then
      rm -f -- "$dir/$file"
      echo "$(date -Is) removed $file (another dump is kept for that $key)"
    else
      echo "$key" >> "$seen"
    fi
  done
  rm -f "$seen"
}

eval "set -- $databases"
for db in "$@"; do
  if [ "$prune_only" = no ]; then
    dump "$db"
  fi
  prune "$db"
done
