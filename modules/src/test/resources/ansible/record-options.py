#!/usr/bin/env python3
"""Records the options ansible-doc (ansible-core 2.14, Debian 12's ansible package) documents for
each module ploy has, into options.txt beside this script, for AnsibleOptionsTest.

One line per option: MODULE OPTION [ALIAS...]. Modules ansible-doc does not know are left out.
Run from anywhere: python3 record-options.py
"""
import json
import pathlib
import re
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
DOCS = HERE.parents[4] / "docs" / "modules.md"
PREFIXES = ["ansible.builtin.", "ansible.posix.", "community.general.", "community.crypto.",
            "community.docker.", "community.postgresql."]


def options(module):
    for prefix in PREFIXES:
        run = subprocess.run(["ansible-doc", "-j", prefix + module], capture_output=True, text=True)
        if run.returncode != 0:
            continue
        doc = json.loads(run.stdout).get(prefix + module, {}).get("doc")
        if doc:
            return doc.get("options") or {}
    return None


lines = []
for module in re.findall(r"^## (\S+)$", DOCS.read_text(), re.M):
    found = options(module)
    if found is None:
        continue
    for name in sorted(found):
        lines.append(" ".join([module, name] + list(found[name].get("aliases") or [])))
(HERE / "options.txt").write_text("\n".join(lines) + "\n")
