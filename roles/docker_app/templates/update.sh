#!/bin/sh
# Managed by ploy (role docker_app); do not edit.
# The nightly update of runbook 000: the stack is stopped, the maintenance page served while new
# images are pulled, then the stack comes back (with the old images if the pull failed).
cd {{ docker_app_dir | quote }} || exit 1
compose="docker-compose --project-name {{ docker_app_name | quote }}"
$compose stop
docker rm -f {{ (docker_app_name ~ '-maintenance') | quote }} >/dev/null 2>&1
docker run -d --name {{ (docker_app_name ~ '-maintenance') | quote }} \
  -p {{ (docker_app_port ~ ':80') | quote }} \
  -v {{ (docker_app_dir ~ '/maintenance:' ~ docker_app_maintenance_root ~ ':ro') | quote }} \
  {{ docker_app_maintenance_image | quote }} {{ docker_app_maintenance_command | map('quote') | join(' ') }}
$compose pull --quiet || echo "pull failed: the stack comes back as it was" >&2
docker rm -f {{ (docker_app_name ~ '-maintenance') | quote }} >/dev/null
$compose up -d --remove-orphans
