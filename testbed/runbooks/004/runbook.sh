# Runbook 004 (../shared/seeds/004_*.txt): the deployment course. On the course's VM: the gunicorn
# Hello World as a systemd service on a unix socket, the Java 17 jar as a systemd service on a TCP
# port, nginx in front of both on 443 with a certificate from certbot (80 answers 301 to https),
# SSH by key only and never as root; the course's INI inventory and `ansible course -m ping`.
# Let's Encrypt is out of the testbed's reach: pebble, a local ACME server, runs inside the host
# in its place. The jar is the test's own (testbed/runbooks/004/api), built here with javac.
# docs/runbooks.md maps the course's steps to the playbook.
RUNBOOK_TITLE="The course: gunicorn on a unix socket and a Java 17 jar under systemd, nginx on https with certbot"
RUNBOOK_HOSTS=(vm:course)
RUNBOOK_PLAYBOOKS=(playbooks/course.yml)
RUNBOOK_SECRETS=()
RUNBOOK_PACKAGES=(nginx gunicorn openjdk-17-jre-headless certbot pebble)

RUNBOOK_FIXTURE="the jar built here; pebble inside the host in place of Let's Encrypt, its CA trusted"
runbook_fixture() {
  # The application's jar, built on this machine as the course builds it on the developer's, and
  # handed to the playbook (course_jar) through the testbed's variables.
  local classes="$RUN_STATE/api-classes" javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
  local jar="${JAVA_HOME:+$JAVA_HOME/bin/}jar"
  # (the runner calls this in a test of its exit status, where set -e does not stop it: each step
  # says so itself)
  command -v "$javac" >/dev/null || {
    echo "runbook 004 builds its jar with javac (JDK 17): set JAVA_HOME or put javac on PATH" >&2
    return 1
  }
  rm -rf "$classes"
  "$javac" --release 17 -d "$classes" "$RUNBOOK_DIR/api/CourseApi.java" || return 1
  "$jar" --create --file "$RUN_STATE/course-api.jar" --main-class CourseApi -C "$classes" . || return 1
  echo "course_jar: $RUN_STATE/course-api.jar" >>"$RUN_STATE/testbed.yml"

  # pebble answers on 127.0.0.1:14000 with a certificate of a throwaway CA, which the host trusts
  # (certbot reads Debian's trust store), and validates every challenge: no DNS names the host.
  on_host vm <<'SH'
set -e
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q pebble >/dev/null
mkdir -p /etc/pebble && cd /etc/pebble
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj /CN=pebble-test-ca 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout key.pem -out server.csr -subj /CN=localhost 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >ext.cnf
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out cert.pem -days 30 -extfile ext.cnf 2>/dev/null
cat >cfg.json <<'JSON'
{"pebble":{"listenAddress":"127.0.0.1:14000","managementListenAddress":"127.0.0.1:15000",
"certificate":"cert.pem","privateKey":"key.pem","httpPort":5002,"tlsPort":5001,
"ocspResponderURL":"","externalAccountBindingRequired":false}}
JSON
cp ca.pem /usr/local/share/ca-certificates/pebble-test-ca.crt
update-ca-certificates >/dev/null
# NONCEREJECT=0: pebble rejects 5% of nonces by default, to test a client's retry, and Debian's
# certbot 2.1 on Python 3.11 crashes on that answer (certbot issue 9539) instead of retrying
cat >/etc/systemd/system/pebble.service <<'UNIT'
[Unit]
Description=pebble, a local ACME server standing in for Let's Encrypt (testbed/runbook 004)
[Service]
WorkingDirectory=/etc/pebble
Environment=PEBBLE_VA_ALWAYS_VALID=1 PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0
ExecStart=/usr/bin/pebble -config /etc/pebble/cfg.json
[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl start pebble
curl -fsS --retry 30 --retry-delay 1 --retry-all-errors -o /dev/null https://127.0.0.1:14000/dir
echo "pebble answers at https://127.0.0.1:14000/dir"
SH
}

RUNBOOK_VISIT="https://course.test/ (gunicorn) and https://course.test/api/ (the jar) from inside the host, pebble's root as authority"
runbook_visit() {
  on_host vm <<'SH'
set -e
# the certificate must chain to the root pebble signs with, and name the site
curl -fsS https://127.0.0.1:15000/roots/0 >/tmp/pebble-root.pem
resolve="--resolve course.test:80:127.0.0.1 --resolve course.test:443:127.0.0.1"
get() { curl -sS --fail --retry 20 --retry-delay 1 --retry-all-errors $resolve --cacert /tmp/pebble-root.pem "$1"; }
hello=$(get https://course.test/)
echo "https://course.test/ -> $hello"
case "$hello" in *"from gunicorn"*) ;; *) exit 1 ;; esac
api=$(get https://course.test/api/)
echo "https://course.test/api/ -> $api"
case "$api" in *"from the jar"*"Java 17"*) ;; *) exit 1 ;; esac
redirect=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' $resolve http://course.test/api/)
echo "http://course.test/api/ -> $redirect"
[ "$redirect" = "301 https://course.test/api/" ]
echo "certificate: $(openssl x509 -in /etc/letsencrypt/live/course.test/cert.pem -noout -subject -issuer | tr '\n' ' ')"
echo "socket: $(stat -c '%A %U:%G %n' /run/course /run/course/hello.sock | tr '\n' ' ')"
echo "units: $(systemctl is-active course-hello course-api | tr '\n' ' ')enabled: $(systemctl is-enabled course-hello course-api | tr '\n' ' ')"
echo "the jar runs as: $(ps -o user=,args= -C java)"
sshd=$(sshd -T | grep -E '^(permitrootlogin|passwordauthentication) ' | sort | tr '\n' ' ')
echo "sshd: $sshd"
[ "$sshd" = "passwordauthentication no permitrootlogin no " ]
SH
}

# The course's own inventory (inventories/course.ini: `host:port`, ansible_ssh_user,
# ansible_ssh_private_key_file), pointed at this host, and the course's `ansible gunicorn -m ping`
# as `ploy adhoc course -m ping`; root is refused now. Then the playbook through that inventory,
# in check mode: nothing to change.
runbook_procedures() {
  local port course="$RUN_STATE/course.ini" out
  port="$(awk '$1 == "vm" {print $2}' "$RUN_STATE/ports")"
  sed -e "s/^localhost:5022 /127.0.0.1:$port /" \
    -e "s#ansible_ssh_private_key_file=[^ ]*#ansible_ssh_private_key_file=$KEY#" \
    "$ROOT/inventories/course.ini" >"$course"
  grep -q "^127.0.0.1:$port " "$course" || die "inventories/course.ini has no line 'localhost:5022 ...'"
  out="$RUN_STATE/adhoc-ping.txt"
  (cd "$ROOT" && NO_COLOR=1 $PLOY adhoc course -m ping -i "$course" --host-key-checking=off) >"$out" 2>&1 ||
    { cat "$out" >&2; die "ploy adhoc course -m ping failed; its output: $out"; }
  log "adhoc   ploy adhoc course -m ping -i course.ini -> $(tr -s ' \n' ' ' <"$out" | cut -c1-100)"
  grep -q '"ping": "pong"' "$out" || die "no pong from the course's inventory; see $out"
  out="$RUN_STATE/adhoc-ping-root.txt"
  if (cd "$ROOT" && NO_COLOR=1 $PLOY adhoc course -m ping -i "$course" --host-key-checking=off \
    -e ansible_ssh_user=root) >"$out" 2>&1; then
    cat "$out" >&2
    die "root logged in over SSH; its output: $out"
  fi
  grep -q 'authentication failed for root@' "$out" || { cat "$out" >&2; die "root should be refused by sshd; see $out"; }
  log "adhoc   ploy adhoc course -m ping -e ansible_ssh_user=root -> UNREACHABLE: $(grep -m1 -o 'authentication failed[^;]*' "$out"); $(grep -m1 -o 'the server accepts [a-z,-]*' "$out")"
  # the playbook through the course's inventory alone, in check mode: nothing to change
  local started=$SECONDS code=0 ok changed unreachable failed
  out="$RUN_STATE/course-ini-check.txt"
  (cd "$ROOT" && NO_COLOR=1 $PLOY -i "$course" --host-key-checking=off -e @"$RUNBOOK_DIR/vars.yml" \
    -e @"$RUN_STATE/secrets.yml" -e @"$RUN_STATE/testbed.yml" --check playbooks/course.yml) >"$out" 2>&1 || code=$?
  read -r ok changed unreachable failed <<<"$(recap_sums "$out")"
  log "$(printf '%-7s %-34s exit %s  ok=%-3s changed=%-3s unreachable=%s failed=%s  %3d s' \
    course "playbooks/course.yml --check -i course.ini" "$code" "$ok" "$changed" "$unreachable" "$failed" $((SECONDS - started)))"
  [ "$code" = 0 ] && [ "$changed" = 0 ] && [ "$ok" != 0 ] ||
    { tail -n 40 "$out" >&2; die "playbooks/course.yml --check through the course's inventory: see $out"; }
  run_phase after
}
