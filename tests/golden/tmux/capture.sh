#!/bin/bash
# What a reader sees: `drift compare` of seeds 000/001 in a tmux pane 120 and 60 columns wide,
# captured with the whole scrollback into seed-000-001-{120,60}.txt (checked structurally by
# tests/test_report_terminal.py). Run from anywhere: tests/golden/tmux/capture.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
for W in 120 60; do
  L=drift-capture-$$-$W
  tmux -L "$L" -f /dev/null new-session -d -s s -x "$W" -y 50 "env PS1='$ ' bash --norc --noprofile"
  tmux -L "$L" set -g history-limit 50000 >/dev/null
  tmux -L "$L" send-keys -t s "clear; cd '$ROOT' && NO_COLOR=1 .venv/bin/drift compare seeds/000_120bd2b153926def.txt seeds/001_5661abd0d4910d65.txt; echo EXIT=\$?" Enter
  for _ in $(seq 1 300); do
    tmux -L "$L" capture-pane -p -t s -S - | grep -q '^EXIT=' && break
    sleep 1
  done
  tmux -L "$L" capture-pane -p -t s -S - | sed -e 's/[[:space:]]*$//' -e '/^\$ *$/d' > "$HERE/seed-000-001-$W.txt"
  tmux -L "$L" kill-server
done
