#!/usr/bin/python3
"""Records what community.postgresql's postgresql_pg_hba does on each case in cases.json.

Run with Debian's ansible (python3 from /usr/bin): ./generate.py > expected.json
PgHbaGoldenTest replays every case through ploy's postgresql_pg_hba and compares.
"""
import json, os, subprocess, sys, tempfile

cases = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases.json")))
out = []
work = tempfile.mkdtemp()
for i, case in enumerate(cases):
    path = os.path.join(work, "case%d" % i)
    if case["before"] is not None:
        with open(path, "wb") as f:
            f.write(case["before"].encode("utf-8"))
    args = dict(case["args"], dest=path)
    argfile = os.path.join(work, "args.json")
    with open(argfile, "w") as f:
        json.dump({"ANSIBLE_MODULE_ARGS": args}, f)
    run = subprocess.run(["/usr/bin/python3", "-m",
                          "ansible_collections.community.postgresql.plugins.modules.postgresql_pg_hba",
                          argfile], capture_output=True, text=True)
    try:
        result = json.loads(run.stdout)
    except ValueError:  # the module crashed (a traceback): a failure all the same
        result = {"failed": True, "msg": run.stderr.strip().splitlines()[-1]}
    after = None
    if os.path.exists(path):
        with open(path, "rb") as f:
            after = f.read().decode("utf-8")
        os.remove(path)
    out.append({"name": case["name"], "failed": bool(result.get("failed")),
                "changed": bool(result.get("changed")), "msg": result.get("msg", ""),
                "msgs": result.get("msgs", []), "pg_hba": result.get("pg_hba", []),
                "after": after})
json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
print()
