#!/usr/bin/env python3
"""Conformance: runs `stackctl config --format json` on every record of the reference's manifest
(../shared/conformance/_reference/manifest.jsonl) and compares with the reference's output.

A record passes when stackctl gives an equal JSON value where the reference succeeded, or refuses
the input where the reference failed. With --hash, it also compares `config --hash "*"` with the
reference binary run live (when `docker compose` is installed) on the valid awesome-compose and
compose-e2e inputs.

Exit status: 0 when every pass rate reaches its threshold, 1 otherwise, 77 (skip) when the corpus
is missing. The counts are printed; --report writes every failing id with its reason as JSON.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys

GROUPS = {"awesome-compose": "awesome+e2e", "compose-e2e": "awesome+e2e", "compose-go": "compose-go",
          "compose-spec": "compose-spec"}
THRESHOLDS = {"awesome+e2e": 0.97, "compose-go": 0.90}


def clean_env(extra):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent-home"}
    env.update(extra or {})
    return env


def command(binary, corpus, rec, *tail):
    cmd = [binary]
    for f in rec["files"]:
        cmd += ["-f", f]
    if rec.get("project_directory"):
        cmd += ["--project-directory", os.path.join(corpus, rec["project_directory"])]
    return cmd + ["config", *tail]


def first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return f"{path}: {json.dumps(a)[:120]} != {json.dumps(b)[:120]}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a:
                return f"{path}.{k}: missing (reference has {json.dumps(b[k])[:120]})"
            if k not in b:
                return f"{path}.{k}: unexpected {json.dumps(a[k])[:120]}"
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items, reference has {len(b)}: {json.dumps(a)[:160]} vs {json.dumps(b)[:160]}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {json.dumps(a)[:120]} != {json.dumps(b)[:120]}"


def run_record(binary, corpus, rec):
    cwd = os.path.join(corpus, rec["cwd"])
    try:
        p = subprocess.run(command(binary, corpus, rec, "--format", "json"), cwd=cwd, env=clean_env(rec["env_extra"]),
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return False, "timed out after 30 s"
    err = p.stderr.decode(errors="replace").strip().splitlines()
    if rec["rc"] != 0:
        if p.returncode != 0:
            return True, ""
        return False, "accepted an input the reference refuses: " + rec["stderr"].strip().splitlines()[-1][:200]
    if p.returncode != 0:
        return False, "refused a valid input: " + (err[0] if err else f"exit {p.returncode}")[:300]
    with open(os.path.join(corpus, rec["output"]), encoding="utf-8") as f:
        expected = json.loads(f.read().replace("__CORPUS__", corpus))
    try:
        actual = json.loads(p.stdout)
    except json.JSONDecodeError as e:
        return False, f"output is not JSON: {e}"
    diff = first_difference(actual, expected)
    return (diff is None), (diff or "")


def run_hash(binary, corpus, rec):
    cwd = os.path.join(corpus, rec["cwd"])
    ref_cmd = ["docker", "compose"] + command("x", corpus, rec, "--hash", "*")[1:]
    ref = subprocess.run(ref_cmd, cwd=cwd, env=clean_env(rec["env_extra"]), capture_output=True, timeout=60)
    if ref.returncode != 0:
        return None, "reference failed"
    ours = subprocess.run(command(binary, corpus, rec, "--hash", "*"), cwd=cwd, env=clean_env(rec["env_extra"]),
                          capture_output=True, timeout=30)
    want = sorted(ref.stdout.decode().split("\n"))
    got = sorted(ours.stdout.decode().split("\n"))
    if ours.returncode == 0 and want == got:
        return True, ""
    return False, f"got {got[:3]} want {want[:3]}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stackctl", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--report")
    ap.add_argument("--hash", action="store_true", help="also compare config --hash with the live reference")
    ap.add_argument("--only", help="run only ids containing this text")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    args.stackctl = os.path.abspath(args.stackctl)
    # Real path: stackctl (like the reference without $PWD) reports the resolved working directory.
    corpus = os.path.realpath(args.corpus)
    manifest = os.path.join(corpus, "_reference", "manifest.jsonl")
    if not os.path.exists(manifest):
        print(f"conformance: SKIPPED, no corpus at {corpus}")
        return 77
    records = [json.loads(line) for line in open(manifest, encoding="utf-8")]
    if args.only:
        records = [r for r in records if args.only in r["id"]]

    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futures = {pool.submit(run_record, args.stackctl, corpus, r): r for r in records}
        for fut in concurrent.futures.as_completed(futures):
            results[futures[fut]["id"] + "|" + ",".join(futures[fut]["files"])] = (futures[fut], *fut.result())

    ok = True
    failures = []
    by_group = {}
    for key, (rec, passed, why) in sorted(results.items()):
        g = GROUPS.get(rec["id"].split("/")[0], "other")
        by_group.setdefault(g, [0, 0])
        by_group[g][1] += 1
        if passed:
            by_group[g][0] += 1
        else:
            failures.append({"id": rec["id"], "files": rec["files"], "reference_rc": rec["rc"], "reason": why})
    print("conformance (stackctl config --format json vs the reference):")
    for g, (p, n) in sorted(by_group.items()):
        rate = p / n if n else 1.0
        need = THRESHOLDS.get(g)
        verdict = "" if need is None else (" ok" if rate >= need else f" BELOW {need:.0%}")
        if need is not None and rate < need:
            ok = False
        print(f"  {g:13s} {p:4d}/{n:<4d} {rate:7.1%}{verdict}")
    if args.verbose or len(failures) <= 60:
        for f in failures:
            print(f"  FAIL {f['id']} ({' '.join(f['files'])}): {f['reason']}")
    else:
        print(f"  {len(failures)} failures; use --report FILE or -v to list them")

    if args.hash:
        valid = [r for r in records if r["rc"] == 0 and GROUPS.get(r["id"].split("/")[0]) == "awesome+e2e"]
        with subprocess.Popen(["docker", "compose", "version"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) as probe:
            have_ref = probe.wait() == 0
        if not have_ref:
            print("config --hash: SKIPPED (the reference `docker compose` is not installed)")
        else:
            hp = hn = 0
            with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
                for rec, (passed, why) in zip(valid, pool.map(lambda r: run_hash(args.stackctl, corpus, r), valid)):
                    if passed is None:
                        continue
                    hn += 1
                    hp += 1 if passed else 0
                    if not passed:
                        failures.append({"id": rec["id"], "files": rec["files"], "reference_rc": 0,
                                         "reason": "hash: " + why})
                        print(f"  HASH FAIL {rec['id']}: {why}")
            rate = hp / hn if hn else 1.0
            print(f"config --hash \"*\" (awesome+e2e): {hp}/{hn} {rate:.1%}" + (" ok" if rate >= 0.95 else " BELOW 95%"))
            ok = ok and rate >= 0.95
    total = sum(p for p, _ in by_group.values())
    count = sum(n for _, n in by_group.values())
    print(f"{total} passed, {count - total} failed")
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            json.dump(failures, f, indent=1)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
