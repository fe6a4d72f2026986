#!/bin/sh
# Managed by ploy (role hardening); do not edit.
# Every service in the list should be active; one that is not is restarted, and both facts logged.
for service in {{ hardening_checked_services | map('quote') | join(' ') }}; do
  if ! systemctl is-active --quiet "$service"; then
    logger -t check-services "$service is not active; restarting it"
    if systemctl restart "$service"; then
      logger -t check-services "$service restarted"
    else
      logger -t check-services "$service could not be restarted"
    fi
  fi
done
