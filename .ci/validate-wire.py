#!/usr/bin/env python3
"""Checks the JSON daytona-swift writes for today's Daytona API against the current Python
SDK's generated models (daytona_api_client 0.226.1): every document must load with its
model's from_json, and no key may be lost on the way (a key the model does not know would be
dropped). Usage: validate-wire.py DIR, where DIR holds N-ModelName.json files written by the
WireFixtureTests with DAYTONA_WIRE_FIXTURES=DIR."""
import glob
import json
import os
import sys

import daytona_api_client as models

failures = 0
paths = sorted(glob.glob(os.path.join(sys.argv[1], "*.json")))
if not paths:
    sys.exit("no fixtures found in " + sys.argv[1])
for path in paths:
    name = os.path.basename(path)[:-5].split("-", 1)[1]
    text = open(path, encoding="utf-8").read()
    try:
        loaded = getattr(models, name).from_json(text)
        back = json.loads(loaded.to_json())
        lost = [key for key in json.loads(text) if key not in back]
        if lost:
            raise ValueError("keys the model does not know: " + ", ".join(lost))
        print("ok   " + name)
    except Exception as error:  # noqa: BLE001 - report every failure, then fail
        failures += 1
        print("FAIL " + name + ": " + str(error).splitlines()[0])
sys.exit(1 if failures else 0)
