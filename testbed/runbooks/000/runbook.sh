# Runbook 000 (../shared/seeds/000_*.txt): OC-Pizza on a VPS. The application in a container
# started by docker-compose (restart always), updated every night at 04:00 behind a maintenance
# page served by a second container, Apache in front of it (http 301 to https, the certificate
# files), the hardened base (admin in sudo, SSH keys, automatic security updates, the 07:00 disk
# space check). No registry is reachable from the testbed: the fixture runs one inside the host
# (Debian's docker-registry on 127.0.0.1:5000) and publishes there the application's image
# (localhost:5000/jmlm74/ocpizza:latest, for the Hub's jmlm74/ocpizza:latest), built from busybox
# as is the maintenance page's (httpd:2.4). docs/runbooks.md maps the runbook's procedures to
# these playbooks, and says what is left out.
RUNBOOK_TITLE="OC-Pizza: Apache https in front of the docker-compose app, nightly update behind a maintenance page"
RUNBOOK_HOSTS=(web:web)
RUNBOOK_PLAYBOOKS=(playbooks/hardening.yml playbooks/docker_app.yml playbooks/apache_front.yml)
RUNBOOK_SECRETS=(vault_ocpizza_secret_key vault_ocpizza_google_maps_key vault_ocpizza_braintree_key
  vault_ocpizza_nexmo_key)
RUNBOOK_PACKAGES=(docker.io docker-compose docker-registry busybox-static apache2 cron fail2ban python3-systemd
  unattended-upgrades sudo)

RUNBOOK_FIXTURE="docker, a registry inside the host, and the images the runbook pulls from Docker Hub built there"
runbook_fixture() {
  on_host web <<'SH'
set -e
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io docker-registry busybox-static >/dev/null
systemctl is-active --quiet docker || systemctl start docker
printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: /var/lib/docker-registry\nhttp:\n  addr: 127.0.0.1:5000\n' \
  >/etc/docker/registry/config.yml
systemctl restart docker-registry
SH
  copy_to_host web images /srv/images
  on_host web <<'SH'
set -e
for image in app maintenance; do
  cp /bin/busybox /srv/images/$image/busybox
done
docker build -q -t localhost:5000/jmlm74/ocpizza:latest /srv/images/app
for try in $(seq 1 20); do
  docker push -q localhost:5000/jmlm74/ocpizza:latest && break
  sleep 1
done
docker build -q -t httpd:2.4 /srv/images/maintenance
SH
}

RUNBOOK_VISIT="https://www.oc-pizza.fr/ from inside the host through Apache, during and after the nightly update"
runbook_visit() {
  on_host web <<'SH'
set -e
resolve="--resolve www.oc-pizza.fr:80:127.0.0.1 --resolve www.oc-pizza.fr:443:127.0.0.1"
# the certificate is self-signed: it is its own authority, and must name the site
page() { curl -sS --fail --retry 20 --retry-delay 1 --retry-all-errors $resolve --cacert /etc/ssl/certs/ocpizza.crt https://www.oc-pizza.fr/; }
before=$(page)
echo "https://www.oc-pizza.fr/ -> $before"
case "$before" in *"OC-Pizza"*) ;; *) exit 1 ;; esac
redirect=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' $resolve http://www.oc-pizza.fr/)
echo "http://www.oc-pizza.fr/ -> $redirect"
[ "$redirect" = "301 https://www.oc-pizza.fr/" ]
echo "docker ps: $(docker ps --format '{{.Image}} {{.Status}} {{.Ports}}' | head -n 1)"
echo "the app's environment: $(docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' ocpizza_app_1 | grep '^DJANGO_SETTINGS_MODULE=')"
echo "nightly update: $(crontab -l | grep ocpizza-update)"
/srv/images/publish 'OC-Pizza: la carte de demain'
# The nightly update, run now while a visitor keeps asking for the page. The registry is held
# (SIGSTOP) so that the pull waits: the maintenance page must answer through Apache meanwhile; then
# the registry goes on, and the update must bring the new release.
registry=$(systemctl show -p MainPID --value docker-registry)
kill -STOP "$registry"
/usr/local/sbin/ocpizza-update >/tmp/update.log 2>&1 &
update=$!
maintenance=no
for try in $(seq 1 120); do
  if curl -s --max-time 2 $resolve --cacert /etc/ssl/certs/ocpizza.crt https://www.oc-pizza.fr/ | grep -q 'We are updating'; then
    maintenance=yes
    break
  fi
  sleep 0.5
done
kill -CONT "$registry"
wait "$update" || { cat /tmp/update.log; exit 1; }
echo "during the nightly update (the pull held): maintenance page through Apache: $maintenance"
[ "$maintenance" = yes ] || { cat /tmp/update.log; exit 1; }
after=$(page)
echo "after the nightly update: $after"
case "$after" in *"la carte de demain"*) ;; *) cat /tmp/update.log; exit 1 ;; esac
echo "docker ps: $(docker ps --format '{{.Image}} {{.Status}} {{.Ports}}' | head -n 1)"
echo "the API keys, SetEnv in the https vhost: $(grep -c '^ *SetEnv ' /etc/apache2/sites-available/ocpizza.conf) ($(stat -c %a /etc/apache2/sites-available/ocpizza.conf))"
SH
}

# 4.2.5 and 6.2: the maintenance page on and off by hand, each twice (the second changes nothing),
# with what a visitor sees after each, the first in check mode too (it predicts the change and
# makes none); then a new release taken by docker_app.yml (in check mode first), and the
# runbook's playbooks still change nothing.
runbook_procedures() {
  run_playbook "on" some playbooks/docker_app_maintenance.yml -e maintenance=on --check
  visitor_sees 'OC-Pizza'
  run_playbook "on" some playbooks/docker_app_maintenance.yml -e maintenance=on
  run_playbook "on" none playbooks/docker_app_maintenance.yml -e maintenance=on
  visitor_sees 'We are updating'
  run_playbook "off" some playbooks/docker_app_maintenance.yml -e maintenance=off
  run_playbook "off" none playbooks/docker_app_maintenance.yml -e maintenance=off
  visitor_sees 'OC-Pizza'
  # an update by the playbook: a new release in the registry is planned (check mode pulls nothing
  # and the old release still answers), then pulled behind the maintenance page
  on_host web <<<"/srv/images/publish 'OC-Pizza: la carte du week-end'"
  run_playbook update some playbooks/docker_app.yml --check
  visitor_sees 'la carte de demain'
  run_playbook update some playbooks/docker_app.yml
  visitor_sees 'la carte du week-end'
  run_phase after
}

visitor_sees() { # text the page must hold
  local page
  page="$(on_host web <<'SH'
curl -sS --fail --retry 20 --retry-delay 1 --retry-all-errors --resolve www.oc-pizza.fr:443:127.0.0.1 \
  --cacert /etc/ssl/certs/ocpizza.crt https://www.oc-pizza.fr/
SH
)" || die "https://www.oc-pizza.fr/ does not answer"
  log "visit   https://www.oc-pizza.fr/ -> $(echo "$page" | tail -n 1)"
  case "$page" in *"$1"*) ;; *) die "the page should say '$1'" ;; esac
}
