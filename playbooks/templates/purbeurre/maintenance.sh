#!/bin/sh
# Managed by ploy (playbooks/purbeurre.yml); do not edit.
# The maintenance page by hand (runbook 003): on starts its container and has Apache answer with
# it on 80 and 443; off has Apache serve the application again and stops the container.
set -e
cd {{ (purbeurre_dir ~ '/maintenance') | quote }}
compose="docker-compose --project-name purbeurre-maintenance"
case "${1:-}" in
  on)
    $compose up -d
    touch ON
    ;;
  off)
    rm -f ON
    $compose stop
    ;;
  *)
    echo "usage: $0 on|off" >&2
    exit 2
    ;;
esac
