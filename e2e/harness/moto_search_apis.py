"""The OpenSearch Serverless and OpenSearch Ingestion APIs the search tier calls and moto 5.2.1 lacks or answers short,
and S3's check of a notification configuration's queues, which moto does not make.

Imported by moto_server.py (items 34 to 37 of its list). Each behaviour is the API reference's, whose
text is the documentation of botocore's models (opensearchserverless 2021-11-01:
https://docs.aws.amazon.com/opensearch-service/latest/ServerlessAPIReference/<page>; osis 2022-01-01:
https://docs.aws.amazon.com/opensearch-service/latest/APIReference/<page>). The operations, their
members and the errors used here are checked against botocore's models when the harness starts
(check_models): a botocore whose models differ stops the harness, to be read again.

34. OpenSearch Serverless data access policies: moto has no CreateAccessPolicy, GetAccessPolicy,
    UpdateAccessPolicy or DeleteAccessPolicy (HTTP 500, which the AWS provider retries until its
    timeout). Added as a store per account and Region, keyed by type and name
    (API_CreateAccessPolicy: ConflictException for a name of that type that exists; API_GetAccessPolicy,
    API_UpdateAccessPolicy, API_DeleteAccessPolicy: ResourceNotFoundException for one that does
    not, "Thrown when accessing or deleting a resource that does not exist"). An update with a
    policyVersion that is not the policy's is refused with ConflictException; each write gives a new
    policyVersion. The detail holds the policy as the JSON document it was sent as (AccessPolicyDetail,
    policy: a document), createdDate and lastModifiedDate in epoch milliseconds (long).
35. OpenSearch Serverless lifecycle policies: moto has no CreateLifecyclePolicy,
    BatchGetLifecyclePolicy, UpdateLifecyclePolicy or DeleteLifecyclePolicy. Added the same way;
    BatchGetLifecyclePolicy answers each identifier it does not hold in lifecyclePolicyErrorDetails
    with errorCode NOT_FOUND (LifecyclePolicyErrorDetail: "For example, NOT_FOUND"), never an error
    of the request. And DeleteSecurityPolicy, which moto lacks: the security policy of that type and
    name is deleted, ResourceNotFoundException when there is none.
36. OpenSearch Ingestion pipelines: moto writes CreatedAt and LastUpdatedAt as ISO text, where the
    model has timestamps (restJson: epoch seconds, a number), which the SDK refuses to read; the fix
    writes epoch seconds. And the tag operations' paths: moto routes /2022-01-01/osis/tagResource/,
    untagResource/ and listTagsForResource/ with their trailing "/" only (botocore's requestUri), and
    answers 404 to the same paths without it, which the AWS provider's SDK sends (its model's URI); the
    fix routes both.

Strict where AWS is:

37. PutBucketNotificationConfiguration naming an SQS queue that does not exist, or whose policy does not
    let S3 send to it for that bucket: moto stores the configuration; AWS refuses it with InvalidArgument
    (S3 API reference, PutBucketNotificationConfiguration: "After Amazon S3 receives this request, it
    first verifies that any Amazon Simple Notification Service (Amazon SNS) or Amazon Simple Queue
    Service (Amazon SQS) destination exists, and that the bucket owner has permission to publish to it
    by sending a test notification."; the sentence is checked in botocore's S3 model at start). The fix
    refuses it unless the queue exists and an Allow statement of its policy names the S3 service
    principal, sqs:SendMessage (or sqs:*) and the queue (or "*"), with no condition but aws:SourceArn
    (ArnEquals or ArnLike) matching the bucket and aws:SourceAccount (StringEquals) naming its owner:
    stricter than AWS, never looser. So a notification applied before its queue's policy fails here as
    on AWS, and the search tier's order (queue, policy, then notification; the reverse on removal) is
    proven by its applies.
"""

import fnmatch
import json
import time
import uuid

import botocore
import botocore.session
from moto.core.exceptions import JsonRESTError
from moto.opensearchserverless import responses as aoss_responses
from moto.s3 import models as s3_models
from moto.s3.exceptions import S3ClientError
from moto.sqs.models import sqs_backends
from moto.osis import models as osis_models
from moto.osis import responses as osis_responses
from moto.osis import urls as osis_urls

STORES = {}

# What this module answers, by operation: the request members it reads and the errors it raises
# (check_models holds botocore's models to them).
OPERATIONS = {
    "CreateAccessPolicy": ({"type", "name", "description", "policy"}, {"ConflictException"}),
    "GetAccessPolicy": ({"type", "name"}, {"ResourceNotFoundException"}),
    "UpdateAccessPolicy": (
        {"type", "name", "policyVersion", "description", "policy"},
        {"ResourceNotFoundException", "ConflictException"},
    ),
    "DeleteAccessPolicy": ({"type", "name"}, {"ResourceNotFoundException"}),
    "CreateLifecyclePolicy": ({"type", "name", "description", "policy"}, {"ConflictException"}),
    "BatchGetLifecyclePolicy": ({"identifiers"}, set()),
    "UpdateLifecyclePolicy": (
        {"type", "name", "policyVersion", "description", "policy"},
        {"ResourceNotFoundException", "ConflictException"},
    ),
    "DeleteLifecyclePolicy": ({"type", "name"}, {"ResourceNotFoundException"}),
    "DeleteSecurityPolicy": ({"type", "name"}, {"ResourceNotFoundException"}),
}
NOTIFICATION_CHECK = (
    "it first verifies that any Amazon Simple Notification Service (Amazon SNS) or Amazon Simple Queue Service "
    "(Amazon SQS) destination exists, and that the bucket owner has permission to publish to it"
)
DETAIL_MEMBERS = {"type", "name", "policyVersion", "description", "policy", "createdDate", "lastModifiedDate"}


def check_models():
    """Stops the harness when botocore's models no longer define what this module answers."""
    session = botocore.session.get_session()
    aoss = session.get_service_model("opensearchserverless")
    problems = []
    for name, (members, errors) in OPERATIONS.items():
        if name not in aoss.operation_names:
            problems.append(f"{name} is not an operation")
            continue
        operation = aoss.operation_model(name)
        problems += [f"{name} has no member {m}" for m in sorted(members - set(operation.input_shape.members))]
        problems += [f"{name} lists no {e}" for e in sorted(errors - {e.name for e in operation.error_shapes})]
    for shape in ("AccessPolicyDetail", "LifecyclePolicyDetail"):
        missing = DETAIL_MEMBERS - set(aoss.shape_for(shape).members)
        problems += [f"{shape} has no member {m}" for m in sorted(missing)]
    pipeline = session.get_service_model("osis").shape_for("Pipeline").members
    for member in ("CreatedAt", "LastUpdatedAt"):
        if pipeline[member].type_name != "timestamp":
            problems.append(f"osis Pipeline {member} is not a timestamp")
    s3_words = session.get_service_model("s3").operation_model("PutBucketNotificationConfiguration").documentation
    if NOTIFICATION_CHECK not in s3_words:
        problems.append(f"s3 PutBucketNotificationConfiguration no longer says {NOTIFICATION_CHECK!r}")
    if problems:
        raise SystemExit(
            f"e2e/harness/moto_search_apis.py and botocore {botocore.__version__}'s models differ: "
            + "; ".join(problems)
            + ": read the models again"
        )


def store(response, kind):
    """The policies of `kind` ("access", "lifecycle") of the caller's account and Region, by (type, name)."""
    stores = STORES.setdefault((response.current_account, response.region), {"access": {}, "lifecycle": {}})
    return stores[kind]


def request(response):
    return json.loads(response.body) if response.body else {}


def not_found(kind, policy_type, name):
    raise JsonRESTError(
        "ResourceNotFoundException", f"Policy with name {name} and type {policy_type} is not found ({kind})"
    )


def now_millis():
    return int(time.time() * 1000)


def create_policy(response, kind):
    params = request(response)
    key = (params["type"], params["name"])
    policies = store(response, kind)
    if key in policies:
        raise JsonRESTError("ConflictException", f"Policy with name {key[1]} and type {key[0]} already exists")
    created = now_millis()
    policies[key] = {
        "type": params["type"],
        "name": params["name"],
        "policyVersion": uuid.uuid4().hex,
        "policy": json.loads(params["policy"]),
        "createdDate": created,
        "lastModifiedDate": created,
        **({"description": params["description"]} if params.get("description") else {}),
    }
    return policies[key]


def existing(response, kind, params):
    policy = store(response, kind).get((params["type"], params["name"]))
    if policy is None:
        not_found(kind, params["type"], params["name"])
    return policy


def update_policy(response, kind):
    params = request(response)
    policy = existing(response, kind, params)
    if params["policyVersion"] != policy["policyVersion"]:
        raise JsonRESTError("ConflictException", f"Policy version {params['policyVersion']} is not the current one")
    if "policy" in params:
        policy["policy"] = json.loads(params["policy"])
    if "description" in params:
        policy["description"] = params["description"]
    policy["policyVersion"] = uuid.uuid4().hex
    policy["lastModifiedDate"] = now_millis()
    return policy


def delete_policy(response, kind):
    params = request(response)
    existing(response, kind, params)
    del store(response, kind)[(params["type"], params["name"])]
    return json.dumps({})


def create_access_policy(self):
    return json.dumps({"accessPolicyDetail": create_policy(self, "access")})


def get_access_policy(self):
    return json.dumps({"accessPolicyDetail": existing(self, "access", request(self))})


def update_access_policy(self):
    return json.dumps({"accessPolicyDetail": update_policy(self, "access")})


def delete_access_policy(self):
    return delete_policy(self, "access")


def create_lifecycle_policy(self):
    return json.dumps({"lifecyclePolicyDetail": create_policy(self, "lifecycle")})


def batch_get_lifecycle_policy(self):
    policies = store(self, "lifecycle")
    found, errors = [], []
    for identifier in request(self).get("identifiers", []):
        policy = policies.get((identifier["type"], identifier["name"]))
        if policy is not None:
            found.append(policy)
        else:
            errors.append({**identifier, "errorCode": "NOT_FOUND", "errorMessage": "The policy is not found"})
    return json.dumps({"lifecyclePolicyDetails": found, "lifecyclePolicyErrorDetails": errors})


def update_lifecycle_policy(self):
    return json.dumps({"lifecyclePolicyDetail": update_policy(self, "lifecycle")})


def delete_lifecycle_policy(self):
    return delete_policy(self, "lifecycle")


def delete_security_policy(self):
    params = request(self)
    backend = self.opensearchserverless_backend
    for token, policy in list(backend.security_policies.items()):
        if policy.name == params["name"] and policy.type == params["type"]:
            del backend.security_policies[token]
            return json.dumps({})
    not_found("security", params["type"], params["name"])


def as_list(value):
    return value if isinstance(value, list) else [value]


def condition_admits(condition, bucket_arn, owner):
    """Whether a statement's condition holds for S3's test message from `bucket_arn` of `owner` (unknown: no)."""
    for operator, keys in (condition or {}).items():
        for key, values in keys.items():
            values = as_list(values)
            if key == "aws:SourceArn" and operator == "ArnEquals" and bucket_arn in values:
                continue
            if key == "aws:SourceArn" and operator == "ArnLike" and any(fnmatch.fnmatchcase(bucket_arn, v) for v in values):
                continue
            if key == "aws:SourceAccount" and operator == "StringEquals" and owner in values:
                continue
            return False
    return True


def queue_admits_s3(policy_text, queue_arn, bucket_arn, owner):
    """Whether a queue policy lets S3 send the test message of `bucket_arn`'s notification configuration."""
    for statement in as_list(json.loads(policy_text or "{}").get("Statement", [])):
        principal = statement.get("Principal", {})
        services = as_list(principal.get("Service", [])) if isinstance(principal, dict) else []
        actions = as_list(statement.get("Action", []))
        resources = as_list(statement.get("Resource", []))
        if (
            statement.get("Effect") == "Allow"
            and "s3.amazonaws.com" in services
            and ("sqs:SendMessage" in actions or "sqs:*" in actions)
            and (queue_arn in resources or "*" in resources)
            and condition_admits(statement.get("Condition"), bucket_arn, owner)
        ):
            return True
    return False


def strict_notification_configuration(original):
    def put_bucket_notification_configuration(self, bucket_name, notification_config):
        bucket = self.get_bucket(bucket_name)
        bucket_arn = f"arn:aws:s3:::{bucket_name}"
        for config in as_list(notification_config.get("QueueConfiguration") or []):
            arn = config["Queue"]
            _, _, _, region, account, name = arn.split(":", 5)
            queue = sqs_backends[account][region].queues.get(name)
            if queue is None or not queue_admits_s3(queue.policy, arn, bucket_arn, bucket.account_id):
                raise S3ClientError(
                    "InvalidArgument", f"Unable to validate the following destination configurations: {arn}"
                )
        return original(self, bucket_name, notification_config)

    return put_bucket_notification_configuration


TAG_PATHS = tuple(f"/2022-01-01/osis/{operation}" for operation in ("tagResource", "untagResource", "listTagsForResource"))


def tag_path_with_slash(original):
    """moto finds a rest-json operation by botocore's requestUri, which ends the tag paths with "/"."""

    def action_of(self, method, request_uri):
        path = request_uri.split("?", 1)[0]
        if path in TAG_PATHS:
            request_uri = path + "/" + request_uri[len(path) :]
        return original(self, method, request_uri)

    return action_of


def install():
    check_models()
    s3_models.S3Backend.put_bucket_notification_configuration = strict_notification_configuration(
        s3_models.S3Backend.put_bucket_notification_configuration
    )
    responses = aoss_responses.OpenSearchServiceServerlessResponse
    for handler in (
        create_access_policy,
        get_access_policy,
        update_access_policy,
        delete_access_policy,
        create_lifecycle_policy,
        batch_get_lifecycle_policy,
        update_lifecycle_policy,
        delete_lifecycle_policy,
        delete_security_policy,
    ):
        setattr(responses, handler.__name__, handler)
    for path in TAG_PATHS:
        osis_urls.url_paths["{0}" + path + "$"] = osis_responses.OpenSearchIngestionResponse.dispatch
    ingestion = osis_responses.OpenSearchIngestionResponse
    ingestion._get_action_from_method_and_request_uri = tag_path_with_slash(
        ingestion._get_action_from_method_and_request_uri
    )
    osis_models.Pipeline.get_created_at = lambda self: self.created_at.timestamp()
    osis_models.Pipeline.get_last_updated_at = lambda self: self.last_updated_at.timestamp()
