#!/bin/sh
# Options added only when the caller asks for them.
EXTRA=""
if [ -n "${GEO_JARS:-}" ]; then EXTRA="--jars ${GEO_JARS}"; fi
spark-submit --master yarn $EXTRA jobs/enrich.py
if [ -n "${VERBOSE:-}" ]; then ECHO="--packages are not used here"; fi
echo $ECHO
