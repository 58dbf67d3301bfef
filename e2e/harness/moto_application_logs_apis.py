"""CloudWatch Logs account-level subscription filter policies and their delivery across accounts, which the
members' application logs (modules/application-logs) use and moto 5.2.1 lacks.

Imported by moto_server.py (items 28 and 29 of its list). The facts each behaviour follows are the rows of
modules/core/aws-facts-application-logs.ts named below, with their pages.

28. PutAccountPolicy, DescribeAccountPolicies and DeleteAccountPolicy: moto has none (HTTP 500). Added as
    the CloudWatch Logs API reference defines them, in a store per account and Region:
    - one subscription filter policy per account and Region (logs-account-policy-one-per-region: "Each
      account can have one account-level subscription filter policy per Region. If you are updating an
      existing filter, you must specify the correct name in PolicyName"). The same name replaces it;
      another name is refused with LimitExceededException, one of the errors the model lists for the
      operation (the reference names none for this case: the words are the harness's);
    - selectionCriteria only as `LogGroupName NOT IN [...]`, of at most 25,000 characters
      (logs-account-policy-selection-criteria), and only for a subscription filter policy here;
      InvalidParameterException otherwise;
    - the policy document's DestinationArn: a destination of another account must be in the caller's
      Region (logs-destination-same-region-as-senders) and its access policy must allow the caller's
      account (logs-destination-account-grant-needs-no-sender-role): AccessDeniedException otherwise,
      the error CloudWatch Logs answers for a destination that does not grant the sender;
    - DescribeAccountPolicies by policyType (required), policyName and accountIdentifiers, with the
      AccountPolicy shape; DeleteAccountPolicy answers ResourceNotFoundException for a name it does not
      hold. Other policy types are kept and answered, and deliver nothing.
29. Delivery: PutLogEvents into a log group that the account's subscription filter policy selects (every
    group but those its selection criteria name: logs-account-policy-covers-future-log-groups) sends the
    events, as AWS does, in one gzipped envelope (logs-subscription-envelope-names-no-region: messageType
    DATA_MESSAGE, owner, logGroup, logStream, subscriptionFilters, logEvents and policyLevel
    ACCOUNT_LEVEL_POLICY) to the destination. moto's own delivery reads a destination ARN as a log group
    and fails; here the destination's target, a Firehose stream (in any Region of the destination's
    account), writes the envelope to S3 as the stream's configuration says: its processors (Decompression
    of GZIP, MetadataExtraction with a query of the form `{name:.field,...}`, AppendDelimiterToRecord),
    its prefix with `!{partitionKeyFromQuery:name}` and `!{timestamp:...}` filled in (Firehose developer
    guide, "Custom prefixes for Amazon S3 objects"), its compression, and the object named
    <stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<id> with `.gz` for GZIP (Firehose developer guide, "Amazon S3
    object name format"). Each PutLogEvents writes one object at once: no buffering. A stream with another
    processor or prefix namespace is refused at delivery (RuntimeError in moto's log), never guessed.
"""

import gzip
import json
import re
import time
import uuid
from datetime import datetime, timezone

from moto.core.exceptions import JsonRESTError
from moto.firehose import models as firehose_models
from moto.logs import models as logs_models
from moto.logs import responses as logs_responses
from moto.s3 import models as s3_models

SUBSCRIPTION_FILTER_POLICY = "SUBSCRIPTION_FILTER_POLICY"
SELECTION = re.compile(r'^\s*LogGroupName\s+NOT\s+IN\s*\[(.*)\]\s*$', re.DOTALL)
MAX_SELECTION_CHARACTERS = 25_000

# (account, Region) -> {(policyType, policyName): AccountPolicy}
POLICIES = {}


class LogsError(JsonRESTError):
    def __init__(self, code, message):
        super().__init__(code, message)


def held(account, region):
    return POLICIES.setdefault((account, region), {})


def excluded_groups(selection_criteria):
    """The log group names a selection criteria leaves out; InvalidParameterException for any other form."""
    if not selection_criteria:
        return []
    if len(selection_criteria) > MAX_SELECTION_CHARACTERS:
        raise LogsError("InvalidParameterException", "selectionCriteria is longer than 25000 characters")
    match = SELECTION.match(selection_criteria)
    if match is None:
        raise LogsError("InvalidParameterException", "selectionCriteria must be LogGroupName NOT IN [...]")
    names = json.loads(f"[{match.group(1)}]") if match.group(1).strip() else []
    if not all(isinstance(name, str) for name in names):
        raise LogsError("InvalidParameterException", "selectionCriteria must list log group names in double quotes")
    return names


def destination_of(arn):
    """The logs destination an ARN names (arn:aws:logs:<region>:<account>:destination:<name>), or None."""
    parts = arn.split(":", 6)
    if len(parts) != 7 or parts[2] != "logs" or parts[5] != "destination":
        return None
    backend = logs_models.logs_backends[parts[4]][parts[3]]
    return backend.destinations.get(arn)


def grants(access_policy, account):
    """Whether an Allow statement of a destination's access policy names `account` (its id or root ARN)."""
    for statement in json.loads(access_policy or "{}").get("Statement", []):
        if statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal")
        principals = principal.get("AWS") if isinstance(principal, dict) else principal
        principals = principals if isinstance(principals, list) else [principals]
        if any(p == "*" or p == account or str(p).endswith(f":{account}:root") for p in principals):
            return True
    return False


def check_destination(document, caller, region):
    arn = (document or {}).get("DestinationArn") or ""
    parts = arn.split(":")
    if len(parts) < 6:
        raise LogsError("InvalidParameterException", f"DestinationArn {arn!r} is not an ARN")
    if parts[4] == caller:
        return
    if parts[3] != region:
        raise LogsError(
            "InvalidParameterException",
            f"The destination {arn} is in another Region: a subscription policy's log groups and its destination must be in the same Region",
        )
    destination = destination_of(arn)
    if destination is None:
        raise LogsError("InvalidParameterException", f"The destination {arn} does not exist")
    if not grants(destination.access_policy, caller):
        raise LogsError(
            "AccessDeniedException",
            f"User with accountId: {caller} is not authorized to perform: logs:PutAccountPolicy on resource: {arn}",
        )


def put_account_policy(self):
    policy_type = self._get_param("policyType")
    name = self._get_param("policyName")
    text = self._get_param("policyDocument")
    criteria = self._get_param("selectionCriteria")
    policies = held(self.current_account, self.region)
    if policy_type == SUBSCRIPTION_FILTER_POLICY:
        excluded_groups(criteria)
        try:
            document = json.loads(text)
        except ValueError:
            raise LogsError("InvalidParameterException", "policyDocument is not JSON")
        check_destination(document, self.current_account, self.region)
        others = [n for (t, n) in policies if t == policy_type and n != name]
        if others:
            raise LogsError(
                "LimitExceededException",
                f"This account already has the account-level subscription filter policy {others[0]} in {self.region}: update it by its name, or delete it first",
            )
    elif criteria:
        raise LogsError("InvalidParameterException", "selectionCriteria is for subscription filter policies here")
    policy = {
        "policyName": name,
        "policyDocument": text,
        "lastUpdatedTime": int(time.time() * 1000),
        "policyType": policy_type,
        "scope": self._get_param("scope") or "ALL",
        "accountId": self.current_account,
        **({"selectionCriteria": criteria} if criteria else {}),
    }
    policies[(policy_type, name)] = policy
    return json.dumps({"accountPolicy": policy})


def describe_account_policies(self):
    policy_type = self._get_param("policyType")
    name = self._get_param("policyName")
    accounts = self._get_param("accountIdentifiers") or [self.current_account]
    found = [
        policy
        for account in accounts
        for (t, n), policy in sorted(held(account, self.region).items())
        if t == policy_type and (name is None or n == name)
    ]
    return json.dumps({"accountPolicies": found})


def delete_account_policy(self):
    key = (self._get_param("policyType"), self._get_param("policyName"))
    if held(self.current_account, self.region).pop(key, None) is None:
        raise LogsError("ResourceNotFoundException", f"Policy with name [{key[1]}] does not exist")
    return ""


def render_prefix(template, keys, at):
    def fill(match):
        namespace, _, value = match.group(1).partition(":")
        if namespace == "partitionKeyFromQuery" and value in keys:
            return keys[value]
        if namespace == "timestamp":
            return at.strftime(value.replace("yyyy", "%Y").replace("MM", "%m").replace("dd", "%d").replace("HH", "%H"))
        raise RuntimeError(f"the harness's Firehose does not fill !{{{match.group(1)}}}")

    return re.sub(r"!\{([^}]*)\}", fill, template or "")


def extracted_keys(query, record):
    """Firehose's MetadataExtraction for a JQ query of the form {name:.field,...}."""
    match = re.fullmatch(r"\{(.*)\}", (query or "").strip())
    if match is None:
        raise RuntimeError(f"the harness's Firehose reads MetadataExtraction queries {{name:.field}} only, not {query}")
    keys = {}
    for pair in match.group(1).split(","):
        name, _, field = pair.partition(":")
        if not re.fullmatch(r"\.[A-Za-z_][A-Za-z0-9_]*", field.strip()):
            raise RuntimeError(f"the harness's Firehose reads .field paths only, not {field}")
        keys[name.strip()] = str(record[field.strip()[1:]])
    return keys


def deliver_to_stream(stream_arn, payload):
    """Writes one record, as the stream's extended S3 configuration says, to its bucket."""
    parts = stream_arn.split(":")
    account, region = parts[4], parts[3]
    backend = firehose_models.firehose_backends[account][region]
    stream = backend.lookup_name_from_arn(stream_arn)
    if stream is None:
        raise RuntimeError(f"no Firehose stream {stream_arn}")
    config = stream.destinations[0].get("ExtendedS3") or {}
    data, keys = payload, {}
    for processor in (config.get("ProcessingConfiguration") or {}).get("Processors") or []:
        parameters = {p["ParameterName"]: p["ParameterValue"] for p in processor.get("Parameters") or []}
        kind = processor["Type"]
        if kind == "Decompression" and parameters.get("CompressionFormat") == "GZIP":
            data = gzip.decompress(data)
        elif kind == "MetadataExtraction":
            keys = extracted_keys(parameters.get("MetadataExtractionQuery"), json.loads(data))
        elif kind == "AppendDelimiterToRecord":
            data = data + b"\n"
        else:
            raise RuntimeError(f"the harness's Firehose does not run the processor {kind}")
    now = datetime.now(timezone.utc)
    prefix = render_prefix(config.get("Prefix"), keys, now)
    compressed = config.get("CompressionFormat") == "GZIP"
    name = f"{stream.delivery_stream_name}-{stream.version_id}-{now.strftime('%Y-%m-%d-%H-%M-%S')}-{uuid.uuid4()}"
    bucket = config["BucketARN"].split(":")[-1]
    s3_models.s3_backends[account]["aws"].put_object(
        bucket, f"{prefix}{name}{'.gz' if compressed else ''}", gzip.compress(data) if compressed else data
    )


original_stream_put_log_events = logs_models.LogStream.put_log_events


def stream_put_log_events(self, log_events):
    token = original_stream_put_log_events(self, log_events)
    for (policy_type, name), policy in held(self.account_id, self.region).items():
        if policy_type != SUBSCRIPTION_FILTER_POLICY:
            continue
        if self.log_group.name in excluded_groups(policy.get("selectionCriteria")):
            continue
        destination = destination_of(json.loads(policy["policyDocument"]).get("DestinationArn", ""))
        if destination is None:
            continue
        envelope = {
            "messageType": "DATA_MESSAGE",
            "owner": self.account_id,
            "logGroup": self.log_group.name,
            "logStream": self.log_stream_name,
            "subscriptionFilters": [name],
            "logEvents": [
                {"id": event.event_id, "timestamp": event.timestamp, "message": event.message}
                for event in self.events[-len(log_events) :]
            ],
            "policyLevel": "ACCOUNT_LEVEL_POLICY",
        }
        deliver_to_stream(destination.target_arn, gzip.compress(json.dumps(envelope).encode()))
    return token


METHODS = {
    "put_account_policy": put_account_policy,
    "describe_account_policies": describe_account_policies,
    "delete_account_policy": delete_account_policy,
}


def install():
    """Adds the three operations to moto's CloudWatch Logs and the delivery to its PutLogEvents."""
    for name, method in METHODS.items():
        setattr(logs_responses.LogsResponse, name, method)
    logs_models.LogStream.put_log_events = stream_put_log_events
