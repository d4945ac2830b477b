#!/usr/bin/env bash
# demo.sh is `make demo`: it starts the mock server from bin/, applies
# examples/demo to it through a dev_overrides CLI configuration, shows the
# result, proves a generated credential works, re-plans (no changes expected),
# destroys, and stops the mock. Everything lives in a fresh temporary
# directory that is removed on exit, so the demo can run any number of times.
# It works offline: with dev_overrides no provider is downloaded.
#
# TF names the CLI (default terraform): `TF=tofu make demo` runs it with
# OpenTofu, `TF=terraform-1.15 make demo` with another Terraform.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="$repo/bin"
for tool in "$bin/terraform-provider-apiusers" "$bin/apiusers-mock"; do
  [[ -x "$tool" ]] || { echo "demo: $tool is missing; run 'make build' (make demo does)" >&2; exit 1; }
done
cli="${TF:-terraform}"
command -v "$cli" >/dev/null || { echo "demo: $cli must be on PATH (Terraform or OpenTofu 1.11 or newer; TF names the CLI)" >&2; exit 1; }
echo "CLI: $("$cli" version 2>/dev/null | awk '/^(Terraform|OpenTofu) v/ && !found { print; found = 1 }')"

work="$(mktemp -d "${TMPDIR:-/tmp}/apiusers-demo.XXXXXX")"
mock_pid=""
cleanup() {
  if [[ -n "$mock_pid" ]]; then
    kill "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n==> %s\n' "$*"; }

# A random administrator password for this run's mock: it is handed over
# through the environment only (not the command line) and never printed.
admin_password="Demo-$(openssl rand -hex 12)-A1"

step "Starting the mock Users API server"
APIUSERS_MOCK_ADMIN_PASSWORD="$admin_password" "$bin/apiusers-mock" -listen 127.0.0.1:0 >"$work/mock.log" 2>&1 &
mock_pid=$!
endpoint=""
for _ in $(seq 1 100); do
  endpoint="$(sed -n 's/.*apiusers-mock listening on \(http[^ ]*\).*/\1/p' "$work/mock.log" | head -n 1)"
  [[ -n "$endpoint" ]] && break
  if ! kill -0 "$mock_pid" 2>/dev/null; then
    echo "demo: the mock server exited:" >&2
    cat "$work/mock.log" >&2
    exit 1
  fi
  sleep 0.1
done
[[ -n "$endpoint" ]] || { echo "demo: the mock server did not report its address" >&2; exit 1; }
echo "mock listening on $endpoint"

# The provider block in examples/demo has no endpoint or credentials: they
# come from these variables, as they would in a CI pipeline.
export APIUSERS_ENDPOINT="$endpoint"
export APIUSERS_USERNAME="admin"
export APIUSERS_PASSWORD="$admin_password"
# The reporting job's write-only password, as a secret store would supply it.
export TF_VAR_reporting_job_password="Rpt-$(openssl rand -hex 12)-B2"

# Use the freshly built provider instead of a registry download. The short
# address is deliberate: each CLI completes it with its own registry
# (registry.terraform.io or registry.opentofu.org), as it does the
# configuration's source = "apiusers/apiusers", so one file serves both.
cat >"$work/terraform.rc" <<RC
provider_installation {
  dev_overrides {
    "apiusers/apiusers" = "$bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraform.rc"
export CHECKPOINT_DISABLE=1
export TF_IN_AUTOMATION=1

cp "$repo"/examples/demo/*.tf "$work/"
tf() { "$cli" -chdir="$work" "$@"; }

step "$cli apply (the dev_overrides warning is expected; crm_sync_password stays hidden: it is sensitive)"
tf apply -auto-approve -input=false

step "The generated crm-sync credential authenticates against the server"
# The password goes from state to a header file readable only by us, never
# to the terminal or the command line.
umask 077
printf 'username: crm-sync\npassword: %s\nappName: demo-check\n' \
  "$(tf output -raw crm_sync_password)" >"$work/auth-headers"
status="$(curl -s -o /dev/null -w '%{http_code}' -H @"$work/auth-headers" "$endpoint/api/v1.0/auth")"
echo "GET /api/v1.0/auth as crm-sync: HTTP $status"
[[ "$status" == 200 ]] || { echo "demo: crm-sync could not authenticate" >&2; exit 1; }

step "$cli plan again: the configuration and the server agree"
tf plan -input=false -detailed-exitcode

step "$cli destroy"
# The destroy plan repeats everything above; show only its outcome.
if ! tf destroy -auto-approve -input=false -no-color >"$work/destroy.log" 2>&1; then
  cat "$work/destroy.log" >&2
  exit 1
fi
grep -E '^Destroy complete' "$work/destroy.log"

step "Done. The mock server stops now; nothing is left behind."
