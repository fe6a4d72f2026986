# Runbook 003 (../shared/seeds/003_*.txt): PurBeurre on one server. Apache 2.4 with mod_wsgi and a
# self-signed certificate on 443 (80 answers 301 to https), PostgreSQL, the maintenance page's
# container by docker-compose with the weekly update behind it, iptables letting in only 22, 80
# and 443, fail2ban for SSH and Apache, unattended-upgrades mailing instead of rebooting, the
# services checked every 10 minutes. The application is a small WSGI stand-in put where the
# weekly update takes its new release (the runbook pulls a container from Docker Hub, out of the
# testbed's reach). docs/runbooks.md maps the runbook's procedures to the playbook.
RUNBOOK_TITLE="PurBeurre: Apache + mod_wsgi on https, PostgreSQL, iptables, the maintenance container"
RUNBOOK_HOSTS=(web:purbeurre)
RUNBOOK_PLAYBOOKS=(playbooks/purbeurre.yml)
RUNBOOK_SECRETS=(vault_purbeurre_db_password)
RUNBOOK_PACKAGES=(apache2 libapache2-mod-wsgi-py3 python3-psycopg2 postgresql postgresql-client
  iptables iptables-persistent docker.io docker-compose busybox-static curl cron fail2ban
  python3-systemd unattended-upgrades sudo)

RUNBOOK_FIXTURE="the application's release (a small WSGI app) inside the host, where the weekly update takes it"
runbook_fixture() {
  copy_to_host web app /srv/src/purbeurre
}

RUNBOOK_VISIT="https://purbeurre.example.org/ from inside the host; a port other than 22/80/443 from a container on the host"
runbook_visit() {
  on_host web <<'SH'
set -e
resolve="--resolve purbeurre.example.org:80:127.0.0.1 --resolve purbeurre.example.org:443:127.0.0.1"
# the certificate is self-signed: it is its own authority, and must name the site
page() { curl -sS --fail --retry 20 --retry-delay 1 --retry-all-errors $resolve --cacert /etc/ssl/certs/purbeurre.crt https://purbeurre.example.org/; }
before=$(page)
echo "https://purbeurre.example.org/ -> $before"
case "$before" in *"db ok"*) ;; *) exit 1 ;; esac
redirect=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' $resolve http://purbeurre.example.org/)
echo "http://purbeurre.example.org/ -> $redirect"
[ "$redirect" = "301 https://purbeurre.example.org/" ]

# The firewall, seen from outside the server without leaving it: a container on the host's docker
# bridge knocks on the host's bridge address. A listener on 8000 answers on the loopback but not
# there; 80 and 443 answer there.
gateway=$(ip -4 -o addr show docker0 | awk '{print $4}' | cut -d/ -f1)
[ -n "$gateway" ]
busybox httpd -f -p 0.0.0.0:8000 -h /srv/purbeurre/maintenance/www &
listener=$!
trap 'kill $listener' EXIT
curl -sS --fail --retry 5 --retry-delay 1 --retry-all-errors -o /dev/null http://127.0.0.1:8000/
echo "a listener on 8000 answers on the loopback"
knock() { docker run --rm --entrypoint /bin/busybox purbeurre-maintenance:1 sh -c "printf 'HEAD / HTTP/1.0\r\n\r\n' | busybox nc -w 3 $gateway $1 | head -n 1"; }
from80=$(knock 80)
echo "from a container, $gateway:80 -> $from80"
case "$from80" in *301*) ;; *) exit 1 ;; esac
from8000=$(knock 8000 || true)
echo "from a container, $gateway:8000 -> ${from8000:-no answer (dropped)}"
[ -z "$from8000" ]
echo "INPUT: $(iptables -S INPUT | tr '\n' ';')"
grep -q -- '--dport 443' /etc/iptables/rules.v4 && echo "the rules are saved for the next boot"

# the maintenance page by hand, then the weekly update
purbeurre-maintenance on
during=$(page)
echo "purbeurre-maintenance on: $during"
case "$during" in *"being updated"*) ;; *) exit 1 ;; esac
purbeurre-maintenance off
after=$(page)
echo "purbeurre-maintenance off: $after"
[ "$after" = "$before" ]
/usr/local/sbin/purbeurre-update
echo "after the weekly update: $(page)"
echo "weekly update: $(crontab -l | grep purbeurre-update)"
echo "service check: $(crontab -l | grep check-services)"
# PostgreSQL's cluster stopped: its unit postgresql stays active, the port check sees it and
# restarts it, and the page answers from the database again
systemctl stop postgresql@15-main
systemctl is-active --quiet postgresql
/usr/local/sbin/check-services
echo "after postgresql@15-main stopped, the check: $(journalctl -t check-services --no-pager -q -o cat | tail -n 2 | tr '\n' ' ')"
echo "and the page: $(page)"
echo "fail2ban: $(fail2ban-client status | grep 'Jail list')"
echo "unattended-upgrades mails: $(grep Mail /etc/apt/apt.conf.d/52unattended-upgrades-mail | tr '\n' ' ')"
SH
}

# After the visit's maintenance, update and service check, the playbook still changes nothing.
runbook_procedures() {
  run_phase after
}
