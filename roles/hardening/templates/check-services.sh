#!/bin/sh
# Managed by ploy (role hardening); do not edit.
# Every service in the list should be active; one that is not is restarted, and both facts logged.
restart() { # service, why
  logger -t check-services "$2; restarting $1"
  if systemctl restart "$1"; then
    logger -t check-services "$1 restarted"
  else
    logger -t check-services "$1 could not be restarted"
  fi
}
for service in {{ hardening_checked_services | map('quote') | join(' ') }}; do
  if ! systemctl is-active --quiet "$service"; then
    restart "$service" "$service is not active"
  fi
done
{% for check in hardening_checked_ports %}
# something must listen on port {{ check.port | int }}
if ! ss -Hltn "sport = :{{ check.port | int }}" | grep -q .; then
  restart {{ check.service | quote }} "nothing listens on port {{ check.port | int }}"
fi
{% endfor %}
{% for check in hardening_checked_urls %}
# {{ check.url | replace('\n', ' ') }} must answer with its text
if ! curl -sSk --max-time 10 {{ check.url | quote }} 2>/dev/null | grep -qF -- {{ check.text | quote }}; then
  restart {{ check.service | quote }} {{ (check.url ~ ' does not answer ' ~ check.text) | quote }}
fi
{% endfor %}
