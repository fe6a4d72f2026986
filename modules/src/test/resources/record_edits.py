#!/usr/bin/python3
"""Records what an Ansible module does on each case of DIR/cases.json, for the golden edit tests.

Run with Debian's ansible (python3 from /usr/bin), from this directory:
  ./record_edits.py inifile ansible_collections.community.general.plugins.modules.ini_file \
    > inifile/expected.json
  ./record_edits.py textedit 'ansible.modules.{module}' > textedit/expected.json
MODULE is the Python module run on each case; {module} stands for the case's own "module" key.
IniFileGoldenTest and TextEditGoldenTest replay every case through ploy's editors and compare.
"""
import json, os, subprocess, sys, tempfile

folder, module = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
cases = json.load(open(os.path.join(here, folder, "cases.json")))
out = []
work = tempfile.mkdtemp()
for i, case in enumerate(cases):
    path = os.path.join(work, "case%d" % i)
    if case["before"] is not None:
        with open(path, "wb") as f:
            f.write(case["before"].encode("utf-8", "surrogateescape"))
    args = dict(case["args"], path=path)
    argfile = os.path.join(work, "args.json")
    with open(argfile, "w") as f:
        json.dump({"ANSIBLE_MODULE_ARGS": args}, f)
    run = subprocess.run(["/usr/bin/python3", "-m", module.format(module=case.get("module")), argfile],
                         capture_output=True, text=True)
    try:
        result = json.loads(run.stdout)
    except ValueError:  # the module crashed (a traceback): a failure all the same
        result = {"failed": True, "msg": run.stderr.strip().splitlines()[-1]}
    after = None
    if os.path.exists(path):
        with open(path, "rb") as f:
            after = f.read().decode("utf-8", "surrogateescape")
        os.remove(path)
    out.append({"name": case["name"], "failed": bool(result.get("failed")),
                "changed": bool(result.get("changed")), "msg": result.get("msg", ""),
                "after": after})
json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
print()
