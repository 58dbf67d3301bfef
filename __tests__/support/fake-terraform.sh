#!/bin/sh
# A stand-in for the terraform binary (TERRAFORM_BIN) in the tests of plan and deploy: the
# commands' orchestration (which stacks, in what order, how many at once, which plan file) is
# checked without AWS. A shell script, because a test starts it a hundred times. It answers
# `version -json`, `init`, `plan -out=<file>`, `show -json <file>`, `apply` and `output -json`, and appends one
# JSON line per command to FAKE_TF_LOG when it ends:
#   {"stack", "command", "args", "start", "end", "override", "interrupted"}
# (override: the read-only plan role override's role ARN when that file is present; interrupted:
# SIGINT ended it, which it answers as Terraform does, exit 1), and a line
# {"stack", "command", "started": true, "start"} when an apply starts. FAKE_TF_FAIL names stacks
# (comma-separated) whose plan and apply fail; FAKE_TF_LOCKED names stacks whose plan and apply
# stop on a state lock held by another run, with Terraform's message (fixtures/terraform/
# state-locked.txt, as Terraform 1.11 prints it for the S3 backend); FAKE_TF_TAINTED names stacks
# whose plan and apply stop on prevent_destroy, with one tainted key in their `state pull`;
# FAKE_TF_STALE names stacks whose apply stops on "Saved plan is stale" (fixtures/terraform/
# stale-plan.txt, Terraform 1.11's words when the state changed after the plan was made);
# FAKE_TF_NO_CREDENTIALS names stacks whose plan stops as the AWS provider stops without credentials
# (fixtures/terraform/no-credentials.txt, hashicorp/aws 5.100.0's words with none in the environment);
# FAKE_TF_PROVIDER_LOG names a provider debug log (fixtures/terraform/provider-retries-*.log, as
# hashicorp/aws 5.100.0 writes it) that an apply appends to TF_LOG_PATH when it starts, as the
# provider does when a deploy watches its retries; FAKE_TF_MS is how long plan and apply take
# (default 100); FAKE_TF_OUTPUTS is a folder whose <stack>.json `output -json` prints, as
# `terraform output -json` does (else it prints {}); FAKE_TF_DEAF=1 makes them ignore SIGINT, as a Terraform stuck in a provider call
# seems to. An apply prints one "Creating..." line, as Terraform does, before it waits. Arguments must not hold double quotes (the tests' paths do not). Times are in
# milliseconds from GNU date, as on the Linux machines the tests run on.
command=$1
shift
if [ "$command" = version ]; then
  printf '{"terraform_version":"1.11.4"}'
  exit 0
fi
stack=$(basename "$PWD")
now() { date +%s%3N; }
start=$(now)
args=""
for arg in "$@"; do
  [ "$arg" = -no-color ] && continue
  args="$args${args:+,}\"$arg\""
done
override=""
if [ -f audit_plan_role_override.tf.json ]; then
  arn=$(sed -n 's/.*"role_arn": *"\([^"]*\)".*/\1/p' audit_plan_role_override.tf.json | head -n 1)
  override=",\"override\":\"$arn\""
fi
log() {
  [ -n "$FAKE_TF_LOG" ] && printf '%s\n' "$1" >>"$FAKE_TF_LOG"
  return 0
}
line() {
  log "{\"stack\":\"$stack\",\"command\":\"$command\",\"args\":[$args],\"start\":$start,\"end\":$(now)$override$1}"
}
case "$command" in
  plan | apply)
    if [ "$command" = apply ]; then
      log "{\"stack\":\"$stack\",\"command\":\"apply\",\"started\":true,\"start\":$start}"
      echo "aws_kms_key.archive_key: Creating..."
      if [ -n "$FAKE_TF_PROVIDER_LOG" ] && [ -n "$TF_LOG_PATH" ]; then
        cat "$FAKE_TF_PROVIDER_LOG" >>"$TF_LOG_PATH"
      fi
    fi
    # Terraform stops after the operations in flight and exits 1 on SIGINT; so does this stand-in.
    if [ "$FAKE_TF_DEAF" = 1 ]; then
      trap '' INT
    else
      trap 'kill "$sleeper" 2>/dev/null; line ",\"interrupted\":true"; echo "Interrupt received. Gracefully shutting down..." >&2; exit 1' INT
    fi
    ms=${FAKE_TF_MS:-100}
    # In the background (with its own output, so that it holds no pipe of ours) so that the trap
    # runs as soon as SIGINT comes, not after the sleep.
    sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))" >/dev/null 2>&1 &
    sleeper=$!
    wait "$sleeper"
    ;;
esac
line ""
case ",$FAKE_TF_LOCKED," in
  *",$stack,"*)
    if [ "$command" = plan ] || [ "$command" = apply ]; then
      cat "$(dirname "$0")/../fixtures/terraform/state-locked.txt" >&2
      exit 1
    fi
    ;;
esac
case ",$FAKE_TF_TAINTED," in
  *",$stack,"*)
    if [ "$command" = plan ] || [ "$command" = apply ]; then
      printf '\nError: Instance cannot be destroyed\n\nResource aws_kms_key.archive_key has lifecycle.prevent_destroy set, but the plan calls\nfor this resource to be destroyed.\n' >&2
      exit 1
    fi
    if [ "$command" = state ]; then
      printf '{"version":4,"serial":3,"lineage":"l","resources":[{"mode":"managed","type":"aws_kms_key","name":"archive_key","instances":[{"status":"tainted","attributes":{}}]},{"mode":"managed","type":"aws_s3_bucket","name":"logs","instances":[{"attributes":{}}]}]}'
      exit 0
    fi
    ;;
esac
case ",$FAKE_TF_NO_CREDENTIALS," in
  *",$stack,"*)
    if [ "$command" = plan ]; then
      cat "$(dirname "$0")/../fixtures/terraform/no-credentials.txt" >&2
      exit 1
    fi
    ;;
esac
case ",$FAKE_TF_STALE," in
  *",$stack,"*)
    if [ "$command" = apply ]; then
      cat "$(dirname "$0")/../fixtures/terraform/stale-plan.txt" >&2
      exit 1
    fi
    ;;
esac
case ",$FAKE_TF_FAIL," in
  *",$stack,"*)
    if [ "$command" = plan ] || [ "$command" = apply ]; then
      echo "Error: fake failure of $command in $stack" >&2
      exit 1
    fi
    ;;
esac
if [ "$command" = plan ]; then
  for arg in "$@"; do
    case "$arg" in -out=*) printf 'plan of %s\n' "$stack" >"${arg#-out=}" ;; esac
  done
fi
if [ "$command" = show ]; then
  printf '{"format_version":"1.2","resource_changes":[]}'
fi
if [ "$command" = output ]; then
  if [ -n "$FAKE_TF_OUTPUTS" ] && [ -f "$FAKE_TF_OUTPUTS/$stack.json" ]; then
    cat "$FAKE_TF_OUTPUTS/$stack.json"
  else
    printf '{}'
  fi
fi
exit 0
