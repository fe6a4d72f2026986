#!/bin/sh
# Managed by ploy (playbooks/gamelenders.yml); do not edit.
# Copies the dumps of every GameLenders db host into {{ gamelenders_offsite_copy_dir }}/HOST/
# (runbook 002, 8.1), with rsync over SSH as {{ gamelenders_offsite_user }}: each db host lets
# this key run only rrsync, read-only, in {{ gamelenders_backup_dir }}. Only the dumps (*.pgc)
# are copied, partial ones never; a dump pruned there is kept here.
set -eu
dest={{ gamelenders_offsite_copy_dir | quote }}
key={{ ("/var/lib/" ~ gamelenders_offsite_user ~ "/.ssh/id_ed25519") | quote }}
{% for db in groups['gamelenders_db'] %}
{% set address = hostvars[db].gamelenders_address | default(hostvars[db].ansible_host) %}
{% set port = hostvars[db].gamelenders_ssh_port | default(22) %}
mkdir -p "$dest"/{{ db | quote }}
rsync -rt --include='*.pgc' --exclude='*' \
  -e "ssh -i $key -p {{ port | int }} -o BatchMode=yes -o UpdateHostKeys=no" \
  {{ ('postgres@' ~ (('[' ~ address ~ ']') if ':' in address else address) ~ ':') | quote }} "$dest"/{{ db | quote }}/
echo "$(date -Is) copied the dumps of {{ db }}: $(ls "$dest"/{{ db | quote }} | wc -l) in $dest/{{ db }}"
{% endfor %}
