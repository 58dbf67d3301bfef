"""moto_server (moto 5.2.1) with its gaps fixed and made strict where AWS is, for `npm run e2e`.

Usage: python3 e2e/harness/moto_server.py -H 127.0.0.1 -p PORT   (the same arguments as moto_server)

Each fix makes moto do what AWS does for a request the stacks send; neither weakens a check
the stacks rely on. Both were found by applying the e2e stacks against moto 5.2.1.

1. PutBucketLogging: moto checks that the target bucket's policy allows logging.s3.amazonaws.com,
   but reads every statement's Principal as an object, so a statement with "Principal": "*" (the
   TLS and deletion guards) raises inside moto and the request returns HTTP 500, which the AWS
   provider retries for about ten minutes. It also accepts the permission only when Resource is a
   single string. AWS accepts both forms. The fix reads the same rule with string principals and
   list-valued Action and Resource.
2. CreateFlowLogs to S3: moto looks up the bucket by everything after "arn:aws:s3:::", so a
   destination with a prefix ("arn:aws:s3:::bucket/vpc-flow-logs/") is reported as a missing
   bucket. AWS takes a bucket ARN with an optional prefix. The fix looks up the name before "/"
   (a bucket name cannot contain "/", so no other lookup changes).
3. GetBucketLogging leaves out TargetObjectKeyFormat although PutBucketLogging stored it, so every
   plan after apply wants to set the date-partitioned key format again. The fix returns it.
4. GetBucketReplication leaves out each rule's SourceSelectionCriteria (replicate SSE-KMS objects)
   although PutBucketReplication stored it: the same endless diff. The fix returns it.
5. CloudWatch Logs saved queries: moto has no PutQueryDefinition, DescribeQueryDefinitions or
   DeleteQueryDefinition (HTTP 500, retried for many minutes). Added here as a plain store per
   account and Region, with the request and response fields the AWS provider uses.

Strict where AWS is (moto accepts what AWS refuses, so an ordering bug in the stacks would pass
here and fail on the first real apply):

6. PutMetricFilter on a log group that does not exist: moto stores the filter; AWS answers
   ResourceNotFoundException (CloudWatch Logs API reference, PutMetricFilter, Errors). The fix
   answers as AWS does.
7. PutQueryDefinition naming a log group that does not exist: answered with
   ResourceNotFoundException, the error the API reference lists for the operation.
8. AttachPolicy of a customer policy whose type is not enabled on the root: moto attaches it; AWS
   answers PolicyTypeNotEnabledException (Organizations API reference, AttachPolicy, Errors). The
   fix answers as AWS does. (AWS's own FullAWSAccess policies, which moto attaches to every new
   account, are left alone.)

10. RegisterDelegatedAdministrator and ListDelegatedAdministrators for cloudtrail.amazonaws.com:
   moto knows six services that take a delegated administrator and answers InvalidInputException
   for CloudTrail, which AWS supports (CloudTrail User Guide, "Organization delegated
   administrator"; npm run e2e:onboarding registers one and discover reads it). The fix adds
   cloudtrail.amazonaws.com to moto's list.

11. PutConfigurationRecorder with allSupported and an exclusionByResourceTypes that lists no type
   (`{}`): moto answers InvalidRecordingGroupException. The AWS provider sends exactly that when it
   updates a recorder it has read back (its state holds the empty exclusion AWS reports), so every
   update of an adopted recorder, or of our own, failed here. An exclusion of no resource types
   excludes nothing (Config API reference, ExclusionByResourceTypes: resourceTypes is optional),
   and the provider's acceptance tests update recorders this way on AWS. The fix reads an empty
   exclusion as none; every other check of the recording group stays.

12. Bucket policies with conditions: moto evaluates a bucket policy for object requests, but
   treats a condition operator it does not know (Bool, say) as met, and a statement whose condition
   is not met as a Deny whatever its Effect. So the TLS-only statement every bucket of ours has
   ("Deny" when "aws:SecureTransport" is "false") denied every object request, over TLS too: the
   S3 backend could not read or write state in our state bucket. The fix evaluates Bool conditions,
   gives object requests "aws:SecureTransport" ("true" when the request came over TLS: moto's own,
   or the e2e fault proxy's, which says so with X-Forwarded-Proto on loopback), and lets a
   statement whose condition is not met not apply. Over plain HTTP the TLS-only statement still
   denies, as it does on AWS; npm run e2e:faults reaches the state bucket over TLS.

13. Athena UpdateWorkGroup: moto has none (NotImplementedError, HTTP 500), and the AWS provider
   retries a 500 up to 25 times with backoff, for longer than a deploy's time limit. AWS updates a
   workgroup in place (Athena API reference, UpdateWorkGroup). npm run e2e:faults found it: a
   workgroup that a killed apply created is imported, and the next apply updates its configuration
   in place. Added here: Description, State and ConfigurationUpdates applied to the stored
   configuration as UpdateWorkGroup defines them (each Remove* flag drops its field; the result
   configuration's fields come from ResultConfigurationUpdates), and InvalidRequestException for a
   workgroup that does not exist.

24. Athena DeleteNamedQuery: moto has none (NotImplementedError, HTTP 500), which the AWS provider
   retries for minutes when a saved query is destroyed (npm run local's decommission found it). AWS
   deletes the named query by its NamedQueryId and answers an empty object (Athena API reference,
   DeleteNamedQuery); an id it does not hold is refused with InvalidRequestException, one of the
   errors the operation lists. Added here as such.

14 to 20, 22, 23, 25 and 26. The AWS Config and Security Hub APIs of the audit account's stacks, of
   compliance --live, of the members' flow log remediation and of the audit account's removal:
   moto_audit_apis.py, which lists them.

21. QuickSight datasets and the permissions of data sources and datasets (the log archive's
   analytics.quickSight): moto_quicksight_apis.py, which lists them.

27. DescribeKey of a key in another account, by its key ARN or alias ARN: moto looks the key up in
   the caller's own account and answers NotFoundException. AWS finds it in the account the ARN
   names ("To perform this operation with a KMS key in a different AWS account, specify the key ARN
   or alias ARN in the value of the KeyId parameter": KMS API reference, DescribeKey) and answers
   only when the key policy gives the caller's account that permission (KMS developer guide,
   "Allowing users in other accounts to use a KMS key"). The trails' stacks read the log key's ARN
   this way (modules/core/aws-facts.ts, cloudtrail-kms-key-read-back-as-key-arn). The fix looks
   the key up in its own account and Region, and answers AccessDeniedException unless an Allow
   statement of its policy without a condition names kms:DescribeKey (or kms:Describe*, kms:*) for
   the caller's account root; a statement with a condition is not read as allowing (stricter than
   AWS, never looser).

28 and 29. CloudWatch Logs account-level subscription filter policies (PutAccountPolicy,
   DescribeAccountPolicies, DeleteAccountPolicy) and their delivery through a destination of another
   account to its Firehose stream, as the members' application logs use them:
   moto_application_logs_apis.py, which lists them.

30 and 31. CloudWatch Observability Access Manager (sinks, sink policies, links and their tags, and the
   sink policy evaluated when a member links): moto has no `oam` service, so a request signed for it
   found no backend (HTTP 500). moto_oam_apis.py, which lists them and says how its requests reach it.

32. Security Hub's delegated administrator in Organizations (ListDelegatedAdministrators for
   securityhub.amazonaws.com, and the registration its designation makes): moto_audit_apis.py.

33. EnableKeyRotation of an asymmetric key (the evidence signing key, RSA_3072 for SIGN_VERIFY):
   moto turns rotation on; AWS refuses ("You cannot enable automatic rotation of asymmetric KMS
   keys", KMS API Reference, EnableKeyRotation; UnsupportedOperationException among its errors).
   The fix answers as AWS does, so a stack that asked for it would fail here as on AWS.

34 to 37. OpenSearch Serverless data access and lifecycle policies and DeleteSecurityPolicy,
   OpenSearch Ingestion's pipeline timestamps and tag paths, as the log archive's search tier calls
   them, and S3's check of a notification configuration's queues (strict where AWS is):
   moto_search_apis.py, which lists them.

For the harness (not a gap of moto's: AWS does the same):

9. CreateAccount gives a random account id, in moto as in AWS. The e2e config names its accounts,
   as a real organization's config does, so the harness asks for an account with a tag
   "e2e:AccountId" and moto gives it that id: the organization then holds the config's accounts,
   and policies attach to them as they would in the user's organization.

Already strict in moto 5.2.1, and checked at the start of every e2e run (e2e/harness/strictness.ts):
PutSubscriptionFilter on a missing log group (ResourceNotFoundException), SNS Subscribe to a
missing topic (NotFound) and PutDeliveryChannel with no configuration recorder
(NoAvailableConfigurationRecorderException).

For the harness, too: an answer lost on loopback (moto carried out a create, its answer never
reached the client, and the SDK's retry was told the resource exists) is answered again from the
first attempt's answer: moto_retry_replay.py, which says why and how.

Every signed request is checked against botocore's model of its operation before moto sees it, and
refused as AWS's validation refuses it: aws_model_check.py, which says what it checks and how the
run reads its report (GET /_harness/model-check).

For diagnosis: SIGUSR1 writes every thread's stack to the log (faulthandler), so a request moto
has not answered can be traced to the line it waits on (npm run e2e:faults sends it).
"""

import faulthandler
import json
import signal
import sys
import threading
import time
import uuid

import moto
from moto.athena import responses as athena_responses
from moto.config import models as config_models
from moto.iam import access_control, policy_conditions
from moto.kms import models as kms_models
from moto.kms import responses as kms_responses
from moto.kms import exceptions as kms_exceptions
from moto.kms.exceptions import AccessDeniedException, NotFoundException
from moto.logs import models as logs_models
from moto.organizations import models as organizations_models
from moto.organizations.exceptions import PolicyTypeNotEnabledException
from moto.logs import responses as logs_responses
from moto.logs.exceptions import ResourceNotFoundException
from moto.s3 import models as s3_models
from moto.s3 import responses as s3_responses
from moto import server as moto_server_module
from moto.server import main

import aws_model_check
import moto_audit_apis
import moto_application_logs_apis
import moto_oam_apis
import moto_quicksight_apis
import moto_search_apis
import moto_retry_replay

EXPECTED_MOTO = "5.2.1"
LOGGING_SERVICE_PRINCIPAL = "logging.s3.amazonaws.com"


def as_list(value):
    return value if isinstance(value, list) else [value]


def log_permissions_enabled_policy(target_bucket, target_prefix):
    if not target_bucket.policy:
        return False
    bucket_arn = f"arn:{target_bucket.partition}:s3:::{target_bucket.name}"
    accepted = {f"{bucket_arn}/{target_prefix or ''}*", f"{bucket_arn}/*", bucket_arn}
    for statement in json.loads(target_bucket.policy.decode())["Statement"]:
        principal = statement.get("Principal")
        if not isinstance(principal, dict) or LOGGING_SERVICE_PRINCIPAL not in as_list(principal.get("Service")):
            continue
        if statement.get("Effect") != "Allow" or "s3:PutObject" not in as_list(statement.get("Action", [])):
            continue
        if accepted.intersection(as_list(statement.get("Resource", []))):
            return True
    return False


original_get_bucket = s3_models.S3Backend.get_bucket


def get_bucket(self, bucket_name):
    return original_get_bucket(self, bucket_name.split("/", 1)[0])


def with_stored_fields(method, add_fields):
    """`method` of S3Response, with `add_fields(response, result)` run on its result before serialization."""

    def patched(self):
        serialized = self.serialized

        def add_then_serialize(action_result):
            add_fields(self, action_result.result)
            return serialized(action_result)

        self.serialized = add_then_serialize
        try:
            return method(self)
        finally:
            del self.serialized

    return patched


def add_key_format(response, result):
    stored = response.backend.get_bucket_logging(response.bucket_name) or {}
    key_format = stored.get("TargetObjectKeyFormat")
    if "LoggingEnabled" in result and key_format:
        # xmltodict reads the empty <SimplePrefix/> as None; the serializer wants a structure.
        result["LoggingEnabled"]["TargetObjectKeyFormat"] = {name: value or {} for name, value in key_format.items()}


def add_selection_criteria(response, result):
    stored_rules = as_list(response.backend.get_bucket_replication(response.bucket_name)["Rule"])
    for rule, stored in zip(result["ReplicationConfiguration"]["Rules"], stored_rules):
        if stored.get("SourceSelectionCriteria"):
            rule["SourceSelectionCriteria"] = stored["SourceSelectionCriteria"]


QUERY_DEFINITIONS = {}


def query_definitions(response):
    return QUERY_DEFINITIONS.setdefault((response.current_account, response.region), {})


def put_query_definition(self):
    for name in self._get_param("logGroupNames") or []:
        if name not in self.logs_backend.groups:
            raise ResourceNotFoundException(f"The specified log group does not exist: {name}")
    definitions = query_definitions(self)
    definition_id = self._get_param("queryDefinitionId") or str(uuid.uuid4())
    definitions[definition_id] = {
        "queryDefinitionId": definition_id,
        "name": self._get_param("name"),
        "queryString": self._get_param("queryString"),
        "logGroupNames": self._get_param("logGroupNames") or [],
        "lastModified": int(time.time() * 1000),
    }
    return json.dumps({"queryDefinitionId": definition_id})


def describe_query_definitions(self):
    prefix = self._get_param("queryDefinitionNamePrefix") or ""
    found = [d for d in query_definitions(self).values() if d["name"].startswith(prefix)]
    return json.dumps({"queryDefinitions": found})


def delete_query_definition(self):
    removed = query_definitions(self).pop(self._get_param("queryDefinitionId"), None)
    return json.dumps({"success": removed is not None})


def delete_named_query(self):
    query_id = self._get_param("NamedQueryId")
    if self.athena_backend.named_queries.pop(query_id, None) is None:
        return self.error(f"Named query {query_id} was not found.", 400)
    return json.dumps({})


original_put_metric_filter = logs_models.LogsBackend.put_metric_filter


RESULT_CONFIGURATION_FIELDS = ("OutputLocation", "EncryptionConfiguration", "ExpectedBucketOwner", "AclConfiguration")


def update_work_group(self):
    name = self._get_param("WorkGroup")
    work_group = self.athena_backend.work_groups.get(name)
    if work_group is None:
        return self.error(f"WorkGroup {name} is not found.", 400)
    if self._get_param("Description") is not None:
        work_group.description = self._get_param("Description")
    if self._get_param("State") is not None:
        work_group.state = self._get_param("State")
    updates = dict(self._get_param("ConfigurationUpdates") or {})
    configuration = work_group.configuration
    result_updates = updates.pop("ResultConfigurationUpdates", None) or {}
    result = dict(configuration.get("ResultConfiguration") or {})
    for field in RESULT_CONFIGURATION_FIELDS:
        if result_updates.get(f"Remove{field}"):
            result.pop(field, None)
        if field in result_updates:
            result[field] = result_updates[field]
    if result:
        configuration["ResultConfiguration"] = result
    else:
        configuration.pop("ResultConfiguration", None)
    if updates.pop("RemoveBytesScannedCutoffPerQuery", False):
        configuration.pop("BytesScannedCutoffPerQuery", None)
    for flag in [key for key in updates if key.startswith("Remove")]:
        if updates.pop(flag):
            configuration.pop(flag[len("Remove") :], None)
    engine = updates.pop("EngineVersion", None)
    if engine is not None and engine.get("SelectedEngineVersion"):
        selected = engine["SelectedEngineVersion"]
        configuration["EngineVersion"] = {
            "SelectedEngineVersion": selected,
            "EffectiveEngineVersion": "Athena engine version 3" if selected == "AUTO" else selected,
        }
    configuration.update(updates)
    return "{}"


def put_metric_filter(self, filter_name, filter_pattern, log_group_name, metric_transformations):
    if log_group_name not in self.groups:
        raise ResourceNotFoundException()
    return original_put_metric_filter(self, filter_name, filter_pattern, log_group_name, metric_transformations)


original_attach_policy = organizations_models.OrganizationsBackend.attach_policy


def attach_policy(self, **kwargs):
    policy = self.get_policy_by_id(kwargs["PolicyId"])
    if not policy.aws_managed:
        enabled = {t["Type"] for ou in self.ou if isinstance(ou, organizations_models.FakeRoot) for t in ou.policy_types}
        if policy.type not in enabled:
            raise PolicyTypeNotEnabledException()
    return original_attach_policy(self, **kwargs)


REQUESTED_ACCOUNT_ID_TAG = "e2e:AccountId"
original_account_init = organizations_models.FakeAccount.__init__


def account_init(self, organization, **kwargs):
    original_account_init(self, organization, **kwargs)
    requested = next((t["Value"] for t in kwargs.get("Tags", []) if t["Key"] == REQUESTED_ACCOUNT_ID_TAG), None)
    if requested is not None:
        self.id = requested


if moto.__version__ != EXPECTED_MOTO:
    sys.exit(f"e2e/harness/moto_server.py patches moto {EXPECTED_MOTO}, found {moto.__version__}: re-check every fix above first")

s3_models.FakeBucket._log_permissions_enabled_policy = staticmethod(log_permissions_enabled_policy)
s3_models.S3Backend.get_bucket = get_bucket
s3_responses.S3Response.get_bucket_logging = with_stored_fields(s3_responses.S3Response.get_bucket_logging, add_key_format)
s3_responses.S3Response.get_bucket_replication = with_stored_fields(
    s3_responses.S3Response.get_bucket_replication, add_selection_criteria
)
athena_responses.AthenaResponse.update_work_group = update_work_group
athena_responses.AthenaResponse.delete_named_query = delete_named_query
logs_responses.LogsResponse.put_query_definition = put_query_definition
logs_responses.LogsResponse.describe_query_definitions = describe_query_definitions
logs_responses.LogsResponse.delete_query_definition = delete_query_definition
logs_models.LogsBackend.put_metric_filter = put_metric_filter
organizations_models.OrganizationsBackend.attach_policy = attach_policy
organizations_models.FakeAccount.__init__ = account_init
original_put_configuration_recorder = config_models.ConfigBackend.put_configuration_recorder


def put_configuration_recorder(self, config_recorder):
    group = config_recorder.get("recordingGroup") or {}
    exclusion = group.get("exclusionByResourceTypes")
    if exclusion is not None and not exclusion.get("resourceTypes"):
        group = {**group, "exclusionByResourceTypes": {"resourceTypes": []}}
        config_recorder = {**config_recorder, "recordingGroup": group}
    return original_put_configuration_recorder(self, config_recorder)


config_models.ConfigBackend.put_configuration_recorder = put_configuration_recorder
organizations_models.FakeDelegatedAdministrator.SUPPORTED_SERVICES = [
    *organizations_models.FakeDelegatedAdministrator.SUPPORTED_SERVICES,
    "cloudtrail.amazonaws.com",
]

REQUEST = threading.local()
original_s3_setup_class = s3_responses.S3Response.setup_class


def s3_setup_class(self, request, full_url, headers):
    forwarded = (request.headers.get("X-Forwarded-Proto") or "").lower()
    REQUEST.secure = full_url.startswith("https://") or forwarded == "https"
    return original_s3_setup_class(self, request, full_url, headers)


def bool_operation(expected_value, actual_value):
    expected = expected_value if isinstance(expected_value, list) else [expected_value]
    return str(actual_value).lower() in [str(value).lower() for value in expected]


def bucket_get_permission(self, action, resource):
    if self.policy is None:
        return access_control.PermissionResult.NEUTRAL
    secure = "true" if getattr(REQUEST, "secure", False) else "false"
    return access_control.IAMPolicy(self.policy.decode()).is_action_permitted(
        action, resource, incoming_condition_values={"aws:SecureTransport": secure}
    )


original_statement_permitted = access_control.IAMPolicyStatement.is_action_permitted


def statement_permitted(self, action, resource="*", principal=None, incoming_condition_values=None):
    # A statement whose condition does not hold does not apply, whatever its Effect.
    if self._statement.get("Condition") and not self._check_conditions(incoming_condition_values):
        return access_control.PermissionResult.NEUTRAL
    return original_statement_permitted(self, action, resource, principal, incoming_condition_values)


original_describe_key = kms_responses.KmsResponse.describe_key
original_enable_key_rotation = kms_responses.KmsResponse.enable_key_rotation
DESCRIBE_KEY_ACTIONS = {"kms:DescribeKey", "kms:Describe*", "kms:*", "*"}


def key_policy_allows_account(policy_text, partition, account_id):
    """Whether an unconditional Allow of the key policy gives DescribeKey to `account_id`'s root."""
    root = f"arn:{partition}:iam::{account_id}:root"
    for statement in json.loads(policy_text or "{}").get("Statement", []):
        principal = statement.get("Principal")
        principals = as_list(principal.get("AWS")) if isinstance(principal, dict) else as_list(principal)
        if (
            statement.get("Effect") == "Allow"
            and "Condition" not in statement
            and DESCRIBE_KEY_ACTIONS.intersection(as_list(statement.get("Action")))
            and (root in principals or account_id in principals)
        ):
            return True
    return False


class UnsupportedOperationException(kms_exceptions.JsonRESTError):
    def __init__(self, message):
        super().__init__("UnsupportedOperationException", message)


def enable_key_rotation(self):
    key_id = self._get_param("KeyId") or ""
    key = self.kms_backend.keys.get(self.kms_backend.get_key_id(key_id))
    if key is not None and key.key_spec != "SYMMETRIC_DEFAULT":
        raise UnsupportedOperationException(f"{key.arn} key usage does not support automatic key rotation.")
    return original_enable_key_rotation(self)


def describe_key(self):
    key_id = self._get_param("KeyId") or ""
    parts = key_id.split(":", 5)
    if not (key_id.startswith("arn:") and len(parts) == 6 and parts[4] != self.current_account):
        return original_describe_key(self)
    partition, region, owner, resource = parts[1], parts[3], parts[4], parts[5]
    backend = kms_models.kms_backends[owner][region]
    raw_id = backend.get_key_id_from_alias(resource) if resource.startswith("alias/") else resource.split("/", 1)[-1]
    key = backend.keys.get(raw_id) if raw_id else None
    if key is None:
        raise NotFoundException(f"Key '{key_id}' does not exist")
    if not key_policy_allows_account(key.policy, partition, self.current_account):
        raise AccessDeniedException(
            f"User: arn:{partition}:iam::{self.current_account}:root is not authorized to perform: kms:DescribeKey"
            f" on resource: {key.arn} because no resource-based policy allows the kms:DescribeKey action"
        )
    return json.dumps(key.to_dict())


s3_responses.S3Response.setup_class = s3_setup_class
policy_conditions.CONDITION_OPERATIONS["Bool"] = bool_operation
s3_models.FakeBucket.get_permission = bucket_get_permission
access_control.IAMPolicyStatement.is_action_permitted = statement_permitted
kms_responses.KmsResponse.describe_key = describe_key
kms_responses.KmsResponse.enable_key_rotation = enable_key_rotation
moto_audit_apis.install()
moto_quicksight_apis.install()
moto_search_apis.install()
moto_application_logs_apis.install()
moto_retry_replay.install(moto_server_module)
# Installed after the replay, so it runs inside it: a lost answer given again was checked on its first attempt.
aws_model_check.install(moto_server_module)
# Installed after the model check, so it runs inside it: every OAM request is checked against the model first.
moto_oam_apis.install(moto_server_module)

if __name__ == "__main__":
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    main(sys.argv[1:])
