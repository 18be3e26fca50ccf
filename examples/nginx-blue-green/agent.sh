#!/usr/bin/env bash
# The same rollout as agent.py, written in bash: gated through the opsconsole sidecar.
#
#   TOKEN_FILE=agent.token PORT=8765 ./agent.sh          (FAULT=slow-queries to see it bite)
#
# Exit status: 0 rolled out, 3 rolled back (a decision, an abort or a gate timeout), 1 broken.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PY=${PYTHON:-python3}
OC=${OPSCONSOLE:-opsconsole}          # e.g. "python -m console" from a checkout
WORK=${WORKDIR:-$(mktemp -d /tmp/opsconsole-nginx-XXXXXX)}
TOKEN_FILE=${TOKEN_FILE:-$WORK/agent.token}
PORT=${PORT:-0}
FAULT=${FAULT:-none}
WINDOW=${WINDOW:-30}                   # seconds of monitoring per stage (whole seconds)
INTERVAL=${INTERVAL:-2}                # seconds between measurements (whole seconds)
MEASUREMENTS=$(( WINDOW / INTERVAL > 3 ? WINDOW / INTERVAL : 3 ))  # a trend needs three
GATE_TIMEOUT=${GATE_TIMEOUT:-30m}
PLAN=(10 25 50 75 100)
export OPSCONSOLE_AGENT_CONTROL=$WORK/control.sock   # this sidecar's own socket

oc() { $OC agent "$@"; }
lab() { "$PY" "$HERE/lab.py" "$@"; }
now() { date -u +%T; }

mkdir -p "$WORK"
lab up "$WORK" --fault "$FAULT"
SERVE=
cleanup() {
    set +e  # every step runs, whatever the one before it returned
    if [ -n "$SERVE" ]; then kill "$SERVE" 2>/dev/null; wait "$SERVE" 2>/dev/null; fi
    lab down "$WORK"
}
trap cleanup EXIT
trap 'exit 143' TERM HUP INT

# Not through the oc function: $! must be the sidecar itself, for the cleanup to stop it.
$OC agent serve --port "$PORT" --token-file "$TOKEN_FILE" --log "$WORK/agent.log" \
    --service recommendation-api --version 2.0.0 --plan "$(IFS=,; echo "${PLAN[*]}")" \
    --agent "nginx-blue-green example agent (bash + sidecar)" > "$WORK/serve.out" &
SERVE=$!
for _ in $(seq 100); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
URL=$(awk '/listening/ {print $NF}' "$WORK/serve.out")
[ -n "$URL" ] || { echo "agent: the sidecar did not start" >&2; exit 1; }
echo "agent listening on $URL"
[ -n "${URL_FILE:-}" ] && echo "$URL" > "$URL_FILE"

oc log "[$(now)] [PLANNING] Rollout guardrails:" "  - P99 latency SLO: 500ms" \
    "  - Error rate SLO: 1%" "  - Average latency threshold: 150ms"

finish_rollback() {   # $1: why
    oc rollback "$1" || true
    OFF=$(lab shift "$WORK" 0)
    sleep "$INTERVAL"
    eval "$(lab measure "$WORK" "$OFF")"
    oc traffic "${GREEN_SHARE:-0}" || true
    oc log "[$(now)] [OBSERVATION] Rollback complete:" \
        "  - Traffic: 100% on blue ($REQUESTS requests since the reload)" || true
    oc end --outcome rolled_back "$1"
    wait "$SERVE"; SERVE=
    exit 3
}

for i in "${!PLAN[@]}"; do
    pct=${PLAN[$i]}
    oc stage "$pct" || finish_rollback "aborted by an operator"
    OFF=$(lab shift "$WORK" "$pct")
    STAGE_OFF=$OFF
    told=
    for (( k = 0; k < MEASUREMENTS; k++ )); do
        sleep "$INTERVAL"
        eval "$(lab measure "$WORK" "$OFF")"
        # shellcheck disable=SC2086  # SAMPLES is a list of NAME[@SCOPE]=VALUE words
        oc metrics $SAMPLES || finish_rollback "aborted by an operator"
        if [ -z "$told" ] && [ -n "$GREEN_SHARE" ]; then
            oc traffic "$GREEN_SHARE" || finish_rollback "aborted by an operator"
            told=1
        fi
    done
    eval "$(lab measure "$WORK" "$STAGE_OFF" --percentiles)"   # p95/p99 of the whole window
    # shellcheck disable=SC2086
    oc metrics $SAMPLES || finish_rollback "aborted by an operator"
    next=${PLAN[$((i + 1))]:-}
    [ -z "$next" ] && break
    set +e
    oc gate --stage "$pct" --next "$next" --timeout "$GATE_TIMEOUT"
    rc=$?
    set -e
    case $rc in
        0) ;;
        3) finish_rollback "rollback decided at ${pct}%" ;;
        4) finish_rollback "no decision at ${pct}% before the gate timed out" ;;
        *) finish_rollback "the sidecar failed at the ${pct}% gate" ;;
    esac
done

oc log "[$(now)] [ACTION] Decommissioning blue: green serves 100% of traffic"
oc end --outcome succeeded
wait "$SERVE"; SERVE=
