#!/usr/bin/env bash
# Regenerates (or with --check, verifies) tests/fixtures/labels/feedparser.json, feedparser's
# reading of the snapshot fixtures that tests/it/oracle.rs compares pressdex with.
# Needs python3 with feedparser 6.0.12: python3 -m pip install feedparser==6.0.12
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/oracle-golden.py "$@"
