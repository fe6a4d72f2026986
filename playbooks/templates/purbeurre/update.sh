#!/bin/sh
# Managed by ploy (playbooks/purbeurre.yml); do not edit.
# The weekly update of runbook 003 (Tuesday 04:00): the maintenance page answers while the new
# release in {{ purbeurre_release_dir }} is installed, then the application again.
set -e
/usr/local/sbin/purbeurre-maintenance on
trap '/usr/local/sbin/purbeurre-maintenance off' EXIT
install -m 0644 {{ (purbeurre_release_dir ~ '/wsgi.py') | quote }} {{ (purbeurre_dir ~ '/app/wsgi.py') | quote }}
# mod_wsgi's daemon loads a changed wsgi.py again at the next request
