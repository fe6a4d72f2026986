# Runbook 001 (../shared/seeds/001_*.txt): OC Pizza, second version. nginx in front of gunicorn
# under supervisor, the .env of secrets, PostgreSQL (managed by DigitalOcean in the runbook: here
# a PostgreSQL server on the same host stands in for it, with its nightly dumps), and the hardened
# base. docs/runbooks.md maps the runbook's procedures to these playbooks.
RUNBOOK_TITLE="OC Pizza v2: Django from git, gunicorn under supervisor, nginx, PostgreSQL"
# one host: the droplet (web) and, standing in for the managed database, db
RUNBOOK_HOSTS=(app:web,db)
RUNBOOK_PLAYBOOKS=(playbooks/hardening.yml playbooks/postgres.yml playbooks/django_app.yml)
RUNBOOK_SECRETS=(app_db_password vault_secret_key vault_admin_url vault_stripe_api_key vault_maps_api_key vault_sentry_dsn)
RUNBOOK_PACKAGES=(nginx supervisor gunicorn git python3-django python3-psycopg2 python3-dotenv
  postgresql postgresql-client cron fail2ban python3-systemd unattended-upgrades sudo)

RUNBOOK_FIXTURE="the application's git repository (a small Django project) inside the host, as GitHub"
runbook_fixture() {
  on_host app <<'SH'
set -e
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q git >/dev/null
git config --system --add safe.directory '*'
SH
  copy_to_host app app /srv/src/oc-pizza
  on_host app <<'SH'
set -e
cd /srv/src/oc-pizza
git init -q -b main
git add -A
git -c user.name=runbook -c user.email=runbook@example.test commit -q -m 'OC Pizza 1.0'
SH
}

RUNBOOK_VISIT="http://ocpizza.example.org/ from inside the host, through nginx, gunicorn and the database"
runbook_visit() {
  on_host app <<'SH'
set -e
page=$(curl -sS --fail --resolve ocpizza.example.org:80:127.0.0.1 http://ocpizza.example.org/)
echo "http://ocpizza.example.org/ -> $page"
case "$page" in *"db ok"*) ;; *) exit 1 ;; esac
www=$(curl -sS --fail --resolve www.ocpizza.example.org:80:127.0.0.1 http://www.ocpizza.example.org/)
echo "http://www.ocpizza.example.org/ -> $www"
[ "$www" = "$page" ]
echo "supervisorctl status: $(supervisorctl status ocpizza)"
echo ".env: $(stat -c '%a %U' /srv/ocpizza/.env)"
echo "nightly dumps: $(crontab -u postgres -l | grep pg-backup)"
SH
}
