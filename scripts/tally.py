"""Prints the counts the browser suites reported to the devserver (POST /faults/tally), then forgets
them: the cut runs, the bad-answer catalogue and the XSS corpus, one line each."""

import json
import sys
import urllib.request

base = sys.argv[1]
with urllib.request.urlopen(base + "/faults/tally", timeout=10) as r:
    tallies = json.load(r)
for t in tallies:
    failures = t.pop("failures", [])
    suite = t.pop("suite", "?")
    print("[tally] %s: %s" % (suite, ", ".join("%s=%s" % kv for kv in t.items())))
    for f in failures[:10]:
        print("[tally]     %s" % f[:300])
req = urllib.request.Request(base + "/faults/tally", method="DELETE")
urllib.request.urlopen(req, timeout=10).close()
