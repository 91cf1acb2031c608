#!/usr/bin/env bash
# Spark GPU discovery script: prints the GPUs of this node in Spark's resource format,
# e.g. {"name": "gpu", "addresses": ["0", "1"]}. Uses nvidia-smi; no GPUs -> an empty list.
set -euo pipefail
if command -v nvidia-smi >/dev/null 2>&1; then
  addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader | sed 's/^ *//;s/ *$//' | paste -sd, - | sed 's/,/","/g')
else
  addresses=""
fi
if [[ -n "$addresses" ]]; then
  echo "{\"name\": \"gpu\", \"addresses\": [\"$addresses\"]}"
else
  echo '{"name": "gpu", "addresses": []}'
fi
