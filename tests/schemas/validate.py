#!/usr/bin/env python3
"""validate.py SCHEMA FILE: validates the JSON document FILE against the
schema file SCHEMA of this directory, resolving references to the other
schemas here (no network). Prints every error; exits 1 on any."""
import json
import os
import sys
import urllib.parse
import warnings

import jsonschema

warnings.simplefilter("ignore", DeprecationWarning)
here = os.path.dirname(os.path.abspath(__file__))
schema = json.load(open(os.path.join(here, sys.argv[1])))
store = {}
for name in os.listdir(here):
    if name.endswith(".json"):
        doc = json.load(open(os.path.join(here, name)))
        store[name] = doc
        for key in ("$id", "id"):
            if isinstance(doc.get(key), str):
                store[doc[key]] = doc
                # "$ref": "spdx.SNAPSHOT.schema.json" from the CycloneDX
                # schema: the file's name beside its $id.
                store[urllib.parse.urljoin(doc[key], name)] = doc
cls = jsonschema.validators.validator_for(schema)
resolver = jsonschema.RefResolver(base_uri="file://" + here + "/", referrer=schema,
                                  store={**store, **{"file://" + here + "/" + k: v
                                                     for k, v in store.items()
                                                     if k.endswith(".json")}})
validator = cls(schema, resolver=resolver)
errors = sorted(validator.iter_errors(json.load(open(sys.argv[2]))), key=str)
for e in errors:
    print(f"{sys.argv[2]}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
sys.exit(1 if errors else 0)
