#!/usr/bin/env bash
# `make demo-real`: the example agent in the background, the console in front of it.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PY=${PYTHON:-python3}
OC=${OPSCONSOLE:-opsconsole}
FAULT=${FAULT:-none}
AGENT=${AGENT:-python}
WORK=$(mktemp -d /tmp/opsconsole-nginx-XXXXXX)
TOK=$WORK/agent.token
URL_FILE=$WORK/agent.url
( umask 077; "$PY" -c 'import secrets; print(secrets.token_urlsafe(24))' > "$TOK" )

if [ "$AGENT" = bash ]; then
    WORKDIR=$WORK/lab TOKEN_FILE=$TOK URL_FILE=$URL_FILE FAULT=$FAULT PYTHON=$PY OPSCONSOLE=$OC \
        bash "$HERE/agent.sh" > "$WORK/agent.out" 2>&1 &
else
    "$PY" "$HERE/agent.py" --token-file "$TOK" --workdir "$WORK/lab" --url-file "$URL_FILE" \
        --fault "$FAULT" > "$WORK/agent.out" 2>&1 &
fi
AGENT_PID=$!
trap 'kill "$AGENT_PID" 2>/dev/null; wait "$AGENT_PID" 2>/dev/null || true' EXIT
for _ in $(seq 200); do [ -s "$URL_FILE" ] && break; sleep 0.1; done
if [ ! -s "$URL_FILE" ]; then
    echo "demo-real: the agent did not start; its output:" >&2
    cat "$WORK/agent.out" >&2
    exit 1
fi
echo "agent at $(cat "$URL_FILE"), lab in $WORK/lab (agent output: $WORK/agent.out)"
$OC watch --agent "$(cat "$URL_FILE")" --token-file "$TOK" --name "nginx blue-green ($FAULT)"
