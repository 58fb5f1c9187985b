#!/usr/bin/env python3
"""Prints the fenced code block of README.md that follows the marker
`<!-- tested: TEST (NAME) -->`, so a test runs exactly what the README says.

    snippet.py README.md 'tests/integration/readme-ci.sh (workflow)'
"""
import re
import sys

text = open(sys.argv[1]).read()
marker = "<!-- tested: " + sys.argv[2] + " -->"
at = text.find(marker)
if at < 0:
    sys.exit(f"snippet.py: no '{marker}' in {sys.argv[1]}")
m = re.compile(r"\n```[a-z]*\n(.*?)\n```\n", re.S).search(text, at)
if not m or text[at + len(marker):m.start()].strip():
    sys.exit(f"snippet.py: '{marker}' is not followed by a code block")
print(m.group(1))
