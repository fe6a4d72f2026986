#!/usr/bin/env python3
"""Writes the benchmark's template (about 2,000 lines: macros, nested for loops, if/elif, loop
variables, set, filters) and the variables it renders with.

Usage: bench/jinja/make_template.py DIR   (writes DIR/bench.j2 and DIR/vars.yml)
"""
import sys

out = sys.argv[1]
head = """{# the macros every section calls #}
{% macro upstream(name, servers, weight=1) -%}
upstream {{ name }} {
{% for s in servers %}
    server {{ s.host }}:{{ s.port }} weight={{ weight * loop.index }}{% if s.backup | default(false) %} backup{% endif %};
{% endfor %}
}
{%- endmacro %}
{% macro location(path, opts) -%}
    location {{ path }} {
{% for k, v in opts | dictsort %}
        {{ k }} {{ v | string | upper if k == 'add_header' else v }};
{% endfor %}
    }
{%- endmacro %}
{% macro block(title) -%}
# ---- {{ title | center(40) }} ----
{{ caller() }}
# ---- end {{ title }} ----
{%- endmacro %}
"""
section = """
{# section SECTION #}
{% set ns = namespace(total=0) %}
{% call block('section SECTION') %}
{% for site in sites %}
{{ upstream(site.name ~ '_SECTION', site.servers, weight=SECTION % 3 + 1) }}
server {
    listen {{ site.port }};
    server_name {{ site.names | join(' ') }};
{% for path, opts in site.locations.items() %}
{% set ns.total = ns.total + 1 %}
{{ location(path, opts) }}
{% endfor %}
{% if site.tls %}
    ssl_certificate /etc/ssl/{{ site.name }}.pem;
{% elif site.port == 8080 %}
    # plain http on {{ site.port }}
{% else %}
    # no tls
{% endif %}
{% for user in users if user.active %}
    # {{ loop.index }}/{{ loop.length }} {{ user.name | title }} {{ user.groups | sort | join(',') }}{{ ' first' if loop.first }}{{ ' last' if loop.last }}
{% endfor %}
}
{% endfor %}
# locations: {{ ns.total }}, users: {{ users | selectattr('active') | map(attribute='name') | list | length }}
{% endcall %}
"""
lines = head.count("\n")
parts = [head]
n = 0
while lines < 2000:
    text = section.replace("SECTION", str(n))
    parts.append(text)
    lines += text.count("\n")
    n += 1
with open(f"{out}/bench.j2", "w") as f:
    f.write("".join(parts))

vars_lines = ["sites:"]
for s in range(6):
    vars_lines += [
        f"  - name: site{s}",
        f"    port: {8080 if s % 3 == 0 else 80 + s}",
        f"    tls: {'true' if s % 2 else 'false'}",
        f"    names: [site{s}.example.com, www.site{s}.example.com]",
        "    servers:",
    ] + [f"      - {{host: 10.0.{s}.{k}, port: {8000 + k}, backup: {'true' if k == 3 else 'false'}}}" for k in range(4)] + [
        "    locations:",
    ] + [f"      /p{k}: {{proxy_pass: http://site{s}_up, add_header: x-site-{k}, expires: {k}h}}" for k in range(4)]
vars_lines.append("users:")
for u in range(12):
    vars_lines.append(f"  - {{name: user{u}, active: {'true' if u % 4 else 'false'}, groups: [g{u % 3}, adm, g{u % 5}]}}")
with open(f"{out}/vars.yml", "w") as f:
    f.write("\n".join(vars_lines) + "\n")
print(f"{out}/bench.j2: {lines} lines, {n} sections")
