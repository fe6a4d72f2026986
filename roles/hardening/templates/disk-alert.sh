#!/bin/sh
# Managed by ploy (role hardening); do not edit.
# The morning disk space check of runbook 000: each filesystem more than THRESHOLD % full
# (default {{ hardening_disk_alert_percent }}) is reported on standard output (cron mails it) and
# to syslog; the exit status is 1 when there is one.
threshold=${1:-{{ hardening_disk_alert_percent }}}
over=$(df -P -x tmpfs -x devtmpfs -x squashfs 2>/dev/null |
  awk -v t="$threshold" 'NR > 1 { p = $5; sub("%", "", p); if (p + 0 > t + 0) print $6 " is " $5 " full" }')
[ -n "$over" ] || exit 0
host=$(hostname)
printf '%s\n' "$over" | while IFS= read -r line; do
  echo "disk space on $host: $line (alert above $threshold %)"
  logger -t disk-alert "$line (alert above $threshold %)" 2>/dev/null || true
done
exit 1
