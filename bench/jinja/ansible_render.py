#!/usr/bin/python3
"""Renders the benchmark template with ansible-core's own Templar, as the template module does
(preserve_trailing_newlines, no backslash escaping, no conversion of the result), in one process.

Usage: ansible_render.py TEMPLATE VARS RUNS OUT
Each run renders the template with a different leading comment ({# run N #}), so that nothing
compiled in an earlier run is reused. Prints "first <s>" (the first render) and "median <s>" of
the other runs, and writes the first render's output to OUT.
"""
import statistics
import sys
import time

import yaml
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

template, var_file, runs, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
with open(template) as f:
    source = f.read()
with open(var_file) as f:
    variables = yaml.safe_load(f)
variables["ansible_managed"] = "Ansible managed"
templar = Templar(loader=DataLoader(), variables=variables)
times = []
for run in range(runs + 1):
    start = time.perf_counter()
    text = templar.template(
        "{# run %d #}" % run + source,
        preserve_trailing_newlines=True,
        escape_backslashes=False,
        convert_data=False,
    )
    times.append(time.perf_counter() - start)
    if run == 0:
        with open(out, "w") as f:
            f.write(text)
print("first %.4f" % times[0])
print("median %.4f" % statistics.median(times[1:]))
