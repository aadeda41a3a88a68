"""certpreflight's pipeline formats, read back by the tools pipelines use.

SARIF 2.1.0 is validated by Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool,
which carries the official schema and the SARIF rules) and read by sarif-tools (PyPI); JUnit
XML is read by junitparser (PyPI). Each output is compared with the same check's JSON
report, so what a pipeline shows is what the engine found.

Run by scripts/test.sh after scripts/setup.sh (which makes .venv and installs the npm
packages):  .venv/bin/python tests/pipeline/test_formats.py
Ends with "# pass N" and "# fail N" lines, which scripts/test.sh counts.
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import jsonschema
from junitparser import Failure, JUnitXml, Skipped
from sarif import loader

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("CERTPREFLIGHT_BIN", ROOT / "target/debug/certpreflight"))
MULTITOOL = ROOT / "node_modules/.bin/sarif-multitool"
# The official SARIF 2.1.0 schema (OASIS), as the Multitool's npm package carries it.
SARIF_SCHEMA = ROOT / "node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json"
FIXTURES = Path("tests/fixtures")  # relative: SARIF URIs stay repository-relative
AT = "2026-06-01T00:00:00Z"

# (name, service, files): sets that pass, fail in different ways, and are incomplete.
SETS = [
    ("good", "acm", {"cert": "rsa2048_good/cert.pem", "key": "rsa2048_good/key.pem", "chain": "rsa2048_good/chain.pem"}),
    ("reversed", "all", {"cert": "chain_reversed/cert.pem", "key": "chain_reversed/key.pem", "chain": "chain_reversed/chain.pem"}),
    ("crlf", "all", {"cert": "rsa2048_good/cert_crlf.pem", "key": "rsa2048_good/key.pem", "chain": "rsa2048_good/chain.pem"}),
    ("mismatch", "iam-server", {"cert": "key_mismatch/cert.pem", "key": "key_mismatch/key.pem", "chain": "key_mismatch/chain.pem"}),
    ("expired", "acm,cloudfront,nlb", {"cert": "leaf_expired/cert.pem", "key": "leaf_expired/key.pem", "chain": "leaf_expired/chain.pem"}),
    ("no key", "all", {"cert": "rsa2048_good/cert.pem", "chain": "rsa2048_good/chain.pem"}),
    ("bad signature", "transfer", {"cert": "chain_bad_signature/cert.pem", "key": "chain_bad_signature/key.pem", "chain": "chain_bad_signature/chain.pem"}),
]


def certpreflight(service, files, fmt):
    args = [str(BIN), "check", "--service", service, "--at", AT, "--format", fmt]
    for flag, rel in files.items():
        args += [f"--{flag}", str(FIXTURES / rel)]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 1, 3):
        raise AssertionError(f"{' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def targets_of(service, files):
    """The JSON report as a list of targets (one target: the report itself)."""
    report = json.loads(certpreflight(service, files, "json"))
    return report["targets"] if "targets" in report else [report]


def in_file(text, suffix, read):
    """Writes `text` to a temporary file under target/, returns `read(path)`, removes it."""
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, dir=ROOT / "target") as f:
        f.write(text)
    try:
        return read(f.name)
    finally:
        os.unlink(f.name)


def schema_errors(sarif_path):
    """Where a SARIF file breaks the official schema (draft 2020-12)."""
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8-sig"))
    log = json.loads(Path(sarif_path).read_text())
    checker = jsonschema.Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in checker.iter_errors(log)]


def validate(sarif_path):
    """Where a SARIF file breaks the schema, then the Multitool's findings about it (its
    SARIF rules and its schema check): (rule id, level, message) of each."""
    problems = [("schema", "error", e) for e in schema_errors(sarif_path)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "validation.sarif"
        done = subprocess.run(
            [str(MULTITOOL), "validate", "--output", str(out), str(sarif_path)],
            cwd=ROOT, capture_output=True, text=True,
        )
        if done.returncode != 0 or not out.exists():
            raise AssertionError(f"the Multitool did not run: {done.stdout}{done.stderr}")
        log = json.loads(out.read_text(encoding="utf-8-sig"))
    run = log["runs"][0]
    if not run["invocations"][0].get("executionSuccessful", False):
        raise AssertionError(f"the Multitool could not read {sarif_path}: {run['invocations']}")
    return problems + [
        (r["ruleId"], r.get("level", "warning"), json.dumps(r["message"]))
        for r in run.get("results", [])
    ]


# The one advice certpreflight does not follow: SARIF2005 asks for the tool's web address
# (informationUri), and the project has none to give.
ALLOWED = {"SARIF2005"}


class Sarif(unittest.TestCase):
    def test_both_validators_reject_a_broken_log(self):
        """The validators used below do catch a broken log (so a pass means something):
        the schema a wrong level and a missing message, the Multitool an unknown property
        and a line 0."""
        _, _, files = SETS[1]
        log = json.loads(certpreflight("acm", files, "sarif"))
        broken = log["runs"][0]["results"][0]
        broken["level"] = "fatal"
        del broken["message"]
        errors = in_file(json.dumps(log), ".sarif", schema_errors)
        self.assertTrue(any("fatal" in e for e in errors), errors)
        self.assertTrue(any("message" in e for e in errors), errors)
        log = json.loads(certpreflight("acm", files, "sarif"))
        broken = log["runs"][0]["results"][0]
        broken["bogus"] = 1
        broken["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
        problems = in_file(json.dumps(log), ".sarif", validate)
        multitool = {rule for rule, level, _ in problems if rule != "schema" and level == "error"}
        self.assertTrue({"JSON1005", "JSON1008"} <= multitool, problems)

    def test_every_set_validates_and_reads_back_as_the_json_report_says(self):
        for name, service, files in SETS:
            with self.subTest(set=name, service=service):
                text = certpreflight(service, files, "sarif")
                problems, read = in_file(text, ".sarif", lambda p: (validate(p), loader.load_sarif_file(p)))
                problems = [p for p in problems if p[0] not in ALLOWED]
                self.assertEqual(problems, [], f"the validators' findings for {name}")
                records = read.get_records()
                # One result per distinct finding across the targets.
                distinct = {}
                for t in targets_of(service, files):
                    for x in t["findings"]:
                        distinct.setdefault((x["rule"], x["subject"], x["index"], x["message"]), x)
                self.assertEqual(read.get_result_count(), len(distinct))
                self.assertEqual(read.get_distinct_tool_names(), ["certpreflight"])
                levels = {"error": "error", "warning": "warning", "info": "note"}
                for (rule, subject, index, message), x in distinct.items():
                    match = [r for r in records if r["Code"] == rule and r["Description"].startswith(message)]
                    self.assertEqual(len(match), 1, f"{rule}: {message}")
                    r = match[0]
                    self.assertEqual(r["Severity"], levels[x["severity"]])
                    expected_file = {"key": "key", "chain": "chain"}.get(subject, "cert")
                    self.assertEqual(r["Location"], str(FIXTURES / files.get(expected_file, files["cert"])))
                    self.assertGreaterEqual(r["Line"], 1)
                    if x["aws_error"]:
                        self.assertIn(x["aws_error"], r["Description"])


class Fleet(unittest.TestCase):
    """Fleet mode (a folder of device certificates and their CA) in both formats."""

    def test_a_fleet_validates_and_reads_back_device_by_device(self):
        args = ["--cert", str(FIXTURES / "iot"), "--chain", str(FIXTURES / "iot/ca.pem")]
        def fleet(fmt):
            done = subprocess.run([str(BIN), "check", "-s", "iot", "--at", AT, "-f", fmt, *args],
                                  cwd=ROOT, capture_output=True, text=True)
            self.assertEqual(done.returncode, 1, done.stderr)
            return done.stdout
        report = json.loads(fleet("json"))
        sarif_text = fleet("sarif")
        problems, read = in_file(sarif_text, ".sarif", lambda p: (validate(p), loader.load_sarif_file(p)))
        self.assertEqual([p for p in problems if p[0] not in ALLOWED], [])
        expected = sum(len(d["errors"]) + len(d["warnings"]) for d in report["devices"]) + len(report["ca_findings"])
        self.assertEqual(read.get_result_count(), expected)
        for d in report["devices"]:
            here = [r for r in read.get_records() if r["Location"] == d["file"]]
            self.assertEqual(len(here), len(d["errors"]) + len(d["warnings"]), d["file"])
        xml = in_file(fleet("junit"), ".xml", JUnitXml.fromfile)
        (suite,) = list(xml)
        cases = list(suite)
        self.assertEqual(len(cases), len(report["devices"]) + (1 if report["ca_findings"] else 0))
        self.assertEqual(suite.failures, sum(d["verdict"] == "fail" for d in report["devices"]))
        for d, case in zip(report["devices"], cases[-len(report["devices"]):]):
            self.assertTrue(case.name.startswith(f"iot: {d['file']}[{d['index']}]"), case.name)
            if d["verdict"] == "fail":
                (failure,) = case.result
                self.assertEqual(failure.message, d["first_error"])
            else:
                self.assertTrue(case.is_passed)


class JUnit(unittest.TestCase):
    def test_every_set_reads_back_as_one_case_per_target(self):
        for name, service, files in SETS:
            with self.subTest(set=name, service=service):
                xml = in_file(certpreflight(service, files, "junit"), ".xml", JUnitXml.fromfile)
                targets = targets_of(service, files)
                suites = list(xml)
                self.assertEqual(len(suites), 1)
                suite = suites[0]
                self.assertEqual(suite.name, str(FIXTURES / files["cert"]))
                cases = list(suite)
                self.assertEqual(len(cases), len(targets))
                self.assertEqual(suite.tests, len(targets))
                self.assertEqual(suite.failures, sum(t["verdict"] == "fail" for t in targets))
                self.assertEqual(suite.skipped, sum(t["verdict"] == "incomplete" for t in targets))
                for case, t in zip(cases, targets):
                    self.assertEqual(case.classname, f"certpreflight.{t['service']}")
                    errors = [x for x in t["findings"] if x["severity"] == "error"]
                    if t["verdict"] == "fail":
                        (failure,) = case.result
                        self.assertIsInstance(failure, Failure)
                        self.assertEqual(failure.message, errors[0]["message"])
                        self.assertEqual(failure.type, errors[0]["code"])
                        for e in errors:
                            self.assertIn(e["message"], failure.text)
                            if e["aws_error"]:
                                self.assertIn(e["aws_error"], failure.text)
                    elif t["verdict"] == "incomplete":
                        (skipped,) = case.result
                        self.assertIsInstance(skipped, Skipped)
                        self.assertTrue(skipped.message.startswith("incomplete: "), skipped.message)
                    else:
                        self.assertEqual(case.result, [], "a passing target is a passed case")
                        self.assertTrue(case.is_passed)


class Counts(unittest.TextTestResult):
    """Counts each test and sub-test, for scripts/test.sh's summary line."""

    passed = 0
    failed = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        Counts.passed += 1

    def addFailure(self, test, err):
        super().addFailure(test, err)
        Counts.failed += 1

    def addError(self, test, err):
        super().addError(test, err)
        Counts.failed += 1

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is None:
            Counts.passed += 1
        else:
            Counts.failed += 1


if __name__ == "__main__":
    if not BIN.exists():
        sys.exit(f"{BIN} is missing: run `cargo build` first (or set CERTPREFLIGHT_BIN)")
    if not MULTITOOL.exists():
        sys.exit(f"{MULTITOOL} is missing: run scripts/setup.sh (npm ci)")
    runner = unittest.TextTestRunner(verbosity=2, resultclass=Counts)
    outcome = runner.run(unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__]))
    print(f"# pass {Counts.passed}")
    print(f"# fail {Counts.failed}")
    sys.exit(0 if outcome.wasSuccessful() else 1)
