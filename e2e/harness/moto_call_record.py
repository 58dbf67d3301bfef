"""Every call the e2e runs make, by whom: the record the deploy-role proof evaluates.

Why. A least-privilege deploy role is only as right as the list of calls it was checked against.
The model check (aws_model_check.py) already finds each signed request's service and operation
and parses its input; this record keeps, for each distinct call, the access key that signed it,
the Region of its signature, the service's signing name and model name, the operation, and the
input's top-level members that name a resource (a bucket, a key, a name, an ARN, an id). At report
time each access key is resolved through moto's STS backends to the role session that holds it:
the Terraform provider of a stack assumes its deploy role with the session name the stack
synthesizes (`cdktf-audit-<stack>`), so each call is attributed to the stack that made it.

The report. GET /_harness/calls answers {"calls": [...]}, each call once with its count:
{"accessKey", "accountId", "roleArn", "sessionName", "region", "signingName", "service",
"operation", "hints", "count"}. Keys that are not role sessions (the harness's own "test" key)
have no roleArn and sessionName.
"""

import json
import threading

from moto.sts.models import sts_backends

REPORT_PATH = "/_harness/calls"
HINT_SUFFIXES = ("Name", "Arn", "ARN", "Id", "Bucket", "Key", "Identifier")
MAX_HINT_LENGTH = 512


def resource_hints(value):
    """The input's top-level string members that name a resource, by member name."""
    if not isinstance(value, dict):
        return {}
    return {
        member: item
        for member, item in sorted(value.items())
        if isinstance(item, str) and len(item) <= MAX_HINT_LENGTH and member.endswith(HINT_SUFFIXES)
    }


def assumed_role_sessions():
    """Every role session moto's STS has handed out: access key id -> (account, role ARN, session name)."""
    sessions = {}
    for account_id, regions in list(sts_backends.items()):
        for backend in list(regions.values()):
            for role in list(getattr(backend, "assumed_roles", [])):
                sessions[role.access_key_id] = (role.account_id, role.role_arn, role.session_name)
    return sessions


class CallRecord:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}

    def note(self, access_key, region, signing_name, service, operation, value):
        key = json.dumps(
            [access_key, region, signing_name, service, operation, resource_hints(value)], sort_keys=True
        )
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1

    def report(self):
        with self.lock:
            counts = dict(self.counts)
        sessions = assumed_role_sessions()
        calls = []
        for key, count in sorted(counts.items()):
            access_key, region, signing_name, service, operation, hints = json.loads(key)
            account_id, role_arn, session_name = sessions.get(access_key, (None, None, None))
            calls.append(
                {
                    "accessKey": access_key,
                    "accountId": account_id,
                    "roleArn": role_arn,
                    "sessionName": session_name,
                    "region": region,
                    "signingName": signing_name,
                    "service": service,
                    "operation": operation,
                    "hints": hints,
                    "count": count,
                }
            )
        return {"calls": calls}
