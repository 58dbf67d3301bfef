"""CloudWatch Observability Access Manager (OAM: sinks, sink policies and links), which the monitoring
account's and the members' cross-account observability stacks deploy and moto 5.2.1 lacks.

Imported by moto_server.py (items 30 and 31 of its list). The pages named below are the OAM API reference,
https://docs.aws.amazon.com/OAM/latest/APIReference/<page>, whose text is the documentation of botocore's
model of the service (botocore/data/oam/2022-06-10/service-2.json), unless another address is given.

How requests reach it. moto_server answers a signed request by the service of its SigV4 credential scope
(moto.moto_server.werkzeug_app.DomainDispatcherApplication.infer_service_region_host: Credential=<key>/
<date>/<region>/<service>/aws4_request, then <service>.<region>.amazonaws.com against its backends' URL
patterns); moto has no backend for `oam`, so an OAM request found none (HTTP 500). Clients reach moto
through one endpoint (the AWS provider's `endpoints { oam = ... }`, the SDKs' `endpoint`), with the
loopback host in Host, so the scope is what names the service. This module is a WSGI middleware in front
of moto's app: a request whose scope names `oam` is answered here, every other request passes on. The
operation is found by the method and URI of each operation's `http` in botocore's model (POST /CreateSink,
..., GET, PUT and DELETE /tags/{ResourceArn}). It is installed after aws_model_check.py, so it runs inside
it: every OAM request has been checked against the model first (required members, the ResourceTypes enum
and its 1 to 50 items, LabelTemplate 1 to 64 characters, each Filter 1 to 2000, the Name and ARN patterns,
at most 50 tags) and refused there with ValidationException, as AWS's validation refuses it. The caller's
account and Region are moto's own (moto.core.responses.BaseResponse.setup_class: the account of the access
key, the Region of the credential scope), as in the other harness modules.

30. Sinks, links and tags: a store per account and Region.
    - CreateSink (Name, Tags): "Each account can contain one sink per Region. If you delete a sink, you can
      then create a new one in that Region." (API_CreateSink.html). A second sink in an account and Region
      is refused with ConflictException, one of the errors the model lists for CreateSink (the reference
      names none for this case: the words are the harness's). Arn arn:aws:oam:<region>:<account>:sink/<id>,
      Id the random <id> ("The random ID string that Amazon Web Services generated as part of the sink
      ARN", CreateSink response).
    - GetSink, DeleteSink, PutSinkPolicy, GetSinkPolicy and ListAttachedLinks take the sink's ARN ("To use
      this operation, provide the sink ARN", API_GetSink.html) of the caller's account and Region;
      ResourceNotFoundException for another. GetSink and GetLink answer Tags only with IncludeTags true
      ("The default value is false", IncludeTags).
    - DeleteSink: "You must delete all links to a sink before you can delete that sink."
      (API_DeleteSink.html): ConflictException, the model's 409 for DeleteSink, while a link is attached.
      The model's words and error are checked when the harness starts (MODEL_REFUSALS).
    - PutSinkPolicy replaces the whole policy ("If you are updating an existing policy, the entire
      existing policy is replaced by what you specify here.", API_PutSinkPolicy.html); GetSinkPolicy
      answers SinkArn, SinkId and Policy. A policy this module cannot evaluate (31) is refused when it is
      put, never stored.
    - CreateLink (SinkIdentifier = the sink's ARN, ResourceTypes, LabelTemplate, LinkConfiguration, Tags):
      the sink must be in the caller's Region ("you can monitor and troubleshoot applications that span
      multiple accounts within a Region", Welcome.html): InvalidParameterException otherwise, one of the
      errors the model lists (the words are the harness's); it must exist (ResourceNotFoundException); its
      policy must allow the caller (31); one link per source account and sink (ConflictException, the
      harness's words); at most five ("Each source account can be linked to as many as five monitoring
      accounts.", API_CreateLink.html: ServiceQuotaExceededException). Arn arn:aws:oam:<region>:
      <account>:link/<id>. Label is LabelTemplate with $AccountName, $AccountEmail and
      $AccountEmailNoDomain ("the email address of the account without the domain name") resolved from
      the caller's account in moto's organizations; outside an organization, and in GovCloud ("all
      resolve as account-id"), they resolve to the account id (LabelTemplate, API_CreateLink.html).
    - GetLink, UpdateLink and DeleteLink take the link's ARN in the account that made it ("You must run
      this operation in the source account.", API_DeleteLink.html). UpdateLink: "Your input here replaces
      the current set of data types that are shared" (ResourceTypes), and a Filter of "*" deletes that
      filter ("you can specify * as the only value for the filter parameter to delete the filter",
      LogGroupConfiguration); a LinkConfiguration not sent leaves the link's as it is. ListLinks answers
      the caller's links (Arn, Id, Label, ResourceTypes, SinkArn), ListSinks its sinks (Arn, Id, Name),
      ListAttachedLinks, in the sink's account, the links of every account attached to it (Label, LinkArn,
      ResourceTypes). MaxResults and NextToken page them.
    - TagResource, UntagResource (tagKeys) and ListTagsForResource on sink and link ARNs of the caller
      ("Both sinks and links can be tagged."; "You can associate as many as 50 tags with a resource.",
      API_TagResource.html: TooManyTagsException past 50).
31. The sink policy, evaluated on CreateLink (oam:CreateLink) and UpdateLink (oam:UpdateLink) as IAM
    evaluates a resource-based policy: a Deny statement that applies refuses, else an Allow statement that
    applies permits, else the call is refused ("The sink policy must permit the source account to link to
    it.", API_CreateLink.html). Refused: AccessDeniedException (HTTP 403: the status is the harness's; the
    model lists no error for it). A statement applies when its Action (a string or a list; `oam:*`,
    wildcards) names the action, its Resource names the sink's ARN (or "*"), its Principal is "*" or
    {"AWS": ...} naming "*", the caller's account id or its root ARN (a string or a list), and every
    condition holds. The conditions read are those the organization example uses ("you can grant
    permissions to all accounts in an organization or to individual accounts", API_PutSinkPolicy.html;
    AWS::Oam::Sink's example, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/
    aws-resource-oam-sink.html, "allows all accounts in a specified organization to create links"):
    - StringEquals on aws:PrincipalOrgID: the organization of the caller's account in moto's
      organizations (its own, or the one that holds it as a member), any of the listed ids; an account in
      no organization does not meet it;
    - ForAllValues:StringEquals on oam:ResourceTypes: every requested type is among the listed ones ("If
      there are more telemetry types selected in the source account than in the monitoring account, the
      link creation fails", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/
      CloudWatch-Unified-Cross-Account.html).
    Any other condition operator or key, NotAction, NotPrincipal, NotResource, a missing Resource and other
    principals are not evaluated here: PutSinkPolicy answers HTTP 501 HarnessCannotEvaluateSinkPolicy,
    naming what it cannot read, and says so in moto's log. AWS would store such a policy; the harness will
    not guess whether it permits a link (501: neither the SDKs nor the AWS provider retry it).
"""

import fnmatch
import json
import re
import sys
import threading
import urllib.parse
import uuid

import botocore
import botocore.session
from moto.core.responses import BaseResponse
from moto.organizations.models import organizations_backends
from werkzeug.wrappers import Request

SIGV4_SERVICE = re.compile(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request")
SERVICE = "oam"
MAX_TAGS = 50
MAX_LINKS_PER_SOURCE = 5
# Condition operators and keys (lower case: IAM reads keys case-insensitively) this module evaluates.
CONDITIONS = {("StringEquals", "aws:principalorgid"), ("ForAllValues:StringEquals", "oam:resourcetypes")}
STATEMENT_KEYS = {"Sid", "Effect", "Principal", "Action", "Resource", "Condition"}
LABEL_VARIABLES = re.compile(r"\$(AccountEmailNoDomain|AccountEmail|AccountName)")

# What this module refuses because botocore's model says so, in its own words (item 30), with the error
# the model lists for it: a botocore whose model no longer says so stops the harness, to be read again.
MODEL_REFUSALS = {
    "DeleteSink": ("You must delete all links to a sink before you can delete that sink.", "ConflictException"),
}

LOCK = threading.RLock()
# (account, Region) -> {"sinks": {arn: sink}, "links": {arn: link}}
STORES = {}


def log(message):
    sys.stderr.write(f"moto: {message}\n")
    sys.stderr.flush()


class OamError(Exception):
    def __init__(self, code, message, status=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


class CannotEvaluate(OamError):
    def __init__(self, what):
        super().__init__(
            "HarnessCannotEvaluateSinkPolicy",
            f"e2e/harness/moto_oam_apis.py cannot evaluate {what} in a sink policy, so it will not store one: "
            "AWS would, and whether the policy lets a source account link is for AWS to say. Use the forms "
            "its docstring lists (item 31), or teach it this one with the AWS page that defines it.",
            501,
        )


def store(account, region):
    return STORES.setdefault((account, region), {"sinks": {}, "links": {}})


def as_list(value):
    return value if isinstance(value, list) else [value]


def arn_parts(arn):
    """(partition, region, account, kind, id) of an OAM ARN, or None."""
    match = re.fullmatch(r"arn:([\w-]+):oam:([^:]+):(\d{12}):(sink|link)/(.+)", arn or "")
    return match.groups() if match else None


# --- organizations -------------------------------------------------------------------------------


def organization_of(account):
    """The organization id of `account` in moto (its own, or the one that holds it as a member), or None."""
    try:
        return organizations_backends[account]["aws"].describe_organization()["Organization"]["Id"]
    except Exception:  # moto raises AWSOrganizationsNotInUseException outside an organization
        return None


def organization_account(account):
    """moto's FakeAccount of `account` in its organization (the management account holds the list), or None."""
    try:
        management = organizations_backends[account]["aws"].describe_organization()["Organization"]["MasterAccountId"]
        return organizations_backends[management]["aws"].get_account_by_id(account)
    except Exception:
        return None


def resolved_label(template, account, partition):
    found = None if partition == "aws-us-gov" else organization_account(account)

    def value(match):
        if found is None:
            return account
        email = found.email or ""
        return {
            "AccountName": found.name,
            "AccountEmail": email,
            "AccountEmailNoDomain": email.split("@", 1)[0],
        }[match.group(1)]

    return LABEL_VARIABLES.sub(value, template)


# --- the sink policy -----------------------------------------------------------------------------


def statements(policy_text):
    """The statements of a sink policy this module can evaluate; CannotEvaluate or InvalidParameterException."""
    try:
        policy = json.loads(policy_text)
    except ValueError as error:
        raise OamError("InvalidParameterException", f"The policy is not valid JSON: {error}")
    if not isinstance(policy, dict) or "Statement" not in policy:
        raise OamError("InvalidParameterException", "The policy must be a JSON object with a Statement")
    found = as_list(policy["Statement"])
    for statement in found:
        if not isinstance(statement, dict):
            raise OamError("InvalidParameterException", "Each policy statement must be a JSON object")
        unknown = sorted(set(statement) - STATEMENT_KEYS)
        if unknown:
            raise CannotEvaluate(f"the statement element {', '.join(unknown)}")
        if statement.get("Effect") not in ("Allow", "Deny"):
            raise OamError("InvalidParameterException", f"Effect must be Allow or Deny, not {statement.get('Effect')!r}")
        if "Action" not in statement:
            raise OamError("InvalidParameterException", "Each policy statement must name an Action")
        if "Resource" not in statement:
            raise CannotEvaluate("a statement without Resource")
        principal = statement.get("Principal")
        if principal != "*":
            if not isinstance(principal, dict) or set(principal) != {"AWS"}:
                raise CannotEvaluate(f"the principal {json.dumps(principal)}")
            for value in as_list(principal["AWS"]):
                if not (value == "*" or re.fullmatch(r"\d{12}|arn:[\w-]+:iam::\d{12}:root", str(value))):
                    raise CannotEvaluate(f"the principal {value!r} (an account id, its root ARN or * only)")
        condition = statement.get("Condition") or {}
        if not isinstance(condition, dict):
            raise OamError("InvalidParameterException", "Condition must be a JSON object")
        for operator, keys in condition.items():
            if not isinstance(keys, dict):
                raise OamError("InvalidParameterException", f"Condition {operator} must map keys to values")
            for key in keys:
                if (operator, key.lower()) not in CONDITIONS:
                    raise CannotEvaluate(f"the condition {operator} on {key}")
    return found


def condition_holds(operator, key, expected, context):
    expected = [str(v) for v in as_list(expected)]
    if (operator, key.lower()) == ("StringEquals", "aws:principalorgid"):
        actual = context["aws:principalorgid"]
        return actual is not None and actual in expected
    if (operator, key.lower()) == ("ForAllValues:StringEquals", "oam:resourcetypes"):
        return all(value in expected for value in context["oam:resourcetypes"])
    raise CannotEvaluate(f"the condition {operator} on {key}")  # statements() refuses it first


def applies(statement, action, resource, account, partition, context):
    if not any(fnmatch.fnmatchcase(action.lower(), str(a).lower()) for a in as_list(statement["Action"])):
        return False
    if not any(fnmatch.fnmatchcase(resource, str(r)) for r in as_list(statement["Resource"])):
        return False
    principal = statement["Principal"]
    if principal != "*":
        named = [str(p) for p in as_list(principal["AWS"])]
        if not ({"*", account, f"arn:{partition}:iam::{account}:root"} & set(named)):
            return False
    for operator, keys in (statement.get("Condition") or {}).items():
        for key, expected in keys.items():
            if not condition_holds(operator, key, expected, context):
                return False
    return True


def authorize(sink, action, account, partition, resource_types):
    """AccessDeniedException unless the sink's policy lets `account` perform `action` with these types."""
    context = {"aws:principalorgid": organization_of(account), "oam:resourcetypes": list(resource_types)}
    found = statements(sink["Policy"]) if sink.get("Policy") else []
    verdicts = [s["Effect"] for s in found if applies(s, action, sink["Arn"], account, partition, context)]
    if "Allow" in verdicts and "Deny" not in verdicts:
        return
    reason = "an explicit deny in" if "Deny" in verdicts else "no statement of"
    raise OamError(
        "AccessDeniedException",
        f"User: arn:{partition}:iam::{account}:root is not authorized to perform: {action} on resource: "
        f"{sink['Arn']} because {reason} the sink policy allows it",
        403,
    )


# --- the operations ------------------------------------------------------------------------------


def sink_of(caller, arn):
    with LOCK:
        sink = store(caller.current_account, caller.region)["sinks"].get(arn)
    if sink is None:
        raise OamError("ResourceNotFoundException", f"Sink {arn} does not exist in {caller.current_account} {caller.region}")
    return sink


def link_of(caller, arn):
    with LOCK:
        link = store(caller.current_account, caller.region)["links"].get(arn)
    if link is None:
        raise OamError("ResourceNotFoundException", f"Link {arn} does not exist in {caller.current_account} {caller.region}")
    return link


def attached_links(sink_arn):
    with LOCK:
        return [link for held in STORES.values() for link in held["links"].values() if link["SinkArn"] == sink_arn]


def page(items, params, key="Items"):
    try:
        start = int(params.get("NextToken") or 0)
    except ValueError:
        raise OamError("InvalidParameterException", "NextToken is not one this service gave")
    size = params.get("MaxResults") or 100
    answer = {key: items[start : start + size]}
    if start + size < len(items):
        answer["NextToken"] = str(start + size)
    return answer


def sink_answer(sink, tags=True):
    answer = {"Arn": sink["Arn"], "Id": sink["Id"], "Name": sink["Name"]}
    if tags:
        answer["Tags"] = dict(sink["Tags"])
    return answer


def link_answer(link, tags=True):
    answer = {k: link[k] for k in ("Arn", "Id", "Label", "LabelTemplate", "ResourceTypes", "SinkArn")}
    # A link made without a LinkConfiguration answers none: the provider reads even an empty object
    # back as a configuration block, which its acceptance tests of a link without one (planned empty
    # after apply, on AWS) show AWS does not send.
    if link["LinkConfiguration"]:
        answer["LinkConfiguration"] = json.loads(json.dumps(link["LinkConfiguration"]))
    if tags:
        answer["Tags"] = dict(link["Tags"])
    return answer


def create_sink(caller, params):
    with LOCK:
        sinks = store(caller.current_account, caller.region)["sinks"]
        if sinks:
            existing = next(iter(sinks))
            raise OamError(
                "ConflictException",
                f"Each account can contain one sink per Region: {caller.current_account} has {existing} in {caller.region}",
            )
        sink_id = str(uuid.uuid4())
        arn = f"arn:{caller.partition}:oam:{caller.region}:{caller.current_account}:sink/{sink_id}"
        sinks[arn] = {"Arn": arn, "Id": sink_id, "Name": params["Name"], "Tags": dict(params.get("Tags") or {}), "Policy": None}
        return sink_answer(sinks[arn])


def get_sink(caller, params):
    return sink_answer(sink_of(caller, params["Identifier"]), tags=bool(params.get("IncludeTags")))


def delete_sink(caller, params):
    with LOCK:
        sink = sink_of(caller, params["Identifier"])
        if attached_links(sink["Arn"]):
            raise OamError(
                "ConflictException", "You must delete all links to a sink before you can delete that sink."
            )
        del store(caller.current_account, caller.region)["sinks"][sink["Arn"]]
    return {}


def list_sinks(caller, params):
    with LOCK:
        sinks = [sink_answer(s, tags=False) for s in store(caller.current_account, caller.region)["sinks"].values()]
    return page(sinks, params)


def put_sink_policy(caller, params):
    sink = sink_of(caller, params["SinkIdentifier"])
    statements(params["Policy"])
    with LOCK:
        sink["Policy"] = params["Policy"]
    return {"SinkArn": sink["Arn"], "SinkId": sink["Id"], "Policy": sink["Policy"]}


def get_sink_policy(caller, params):
    sink = sink_of(caller, params["SinkIdentifier"])
    answer = {"SinkArn": sink["Arn"], "SinkId": sink["Id"]}
    if sink["Policy"] is not None:
        answer["Policy"] = sink["Policy"]
    return answer


def linked_sink(caller, sink_arn):
    """The sink a link of the caller names: in the caller's Region, existing."""
    parts = arn_parts(sink_arn)
    if parts is None or parts[3] != "sink":
        raise OamError("InvalidParameterException", f"SinkIdentifier {sink_arn} is not the ARN of a sink")
    _, region, account, _, _ = parts
    if region != caller.region:
        raise OamError(
            "InvalidParameterException",
            f"The sink {sink_arn} is in {region}, the link would be in {caller.region}: a source account links to "
            "a sink of its own Region (cross-account observability works within a Region)",
        )
    with LOCK:
        sink = store(account, region)["sinks"].get(sink_arn)
    if sink is None:
        raise OamError("ResourceNotFoundException", f"Sink {sink_arn} does not exist")
    return sink


def create_link(caller, params):
    account, region, partition = caller.current_account, caller.region, caller.partition
    sink = linked_sink(caller, params["SinkIdentifier"])
    authorize(sink, "oam:CreateLink", account, partition, params["ResourceTypes"])
    with LOCK:
        links = store(account, region)["links"]
        if any(link["SinkArn"] == sink["Arn"] for link in links.values()):
            raise OamError("ConflictException", f"{account} already has a link to the sink {sink['Arn']} in {region}")
        if len(links) >= MAX_LINKS_PER_SOURCE:
            raise OamError(
                "ServiceQuotaExceededException",
                f"Each source account can be linked to as many as five monitoring accounts: {account} has {len(links)} links in {region}",
            )
        link_id = str(uuid.uuid4())
        arn = f"arn:{partition}:oam:{region}:{account}:link/{link_id}"
        links[arn] = {
            "Arn": arn,
            "Id": link_id,
            "Label": resolved_label(params["LabelTemplate"], account, partition),
            "LabelTemplate": params["LabelTemplate"],
            "ResourceTypes": sorted(set(params["ResourceTypes"])),
            "SinkArn": sink["Arn"],
            "LinkConfiguration": params.get("LinkConfiguration") or {},
            "Tags": dict(params.get("Tags") or {}),
        }
        return link_answer(links[arn])


def get_link(caller, params):
    return link_answer(link_of(caller, params["Identifier"]), tags=bool(params.get("IncludeTags")))


def update_link(caller, params):
    link = link_of(caller, params["Identifier"])
    sink = linked_sink(caller, link["SinkArn"])
    authorize(sink, "oam:UpdateLink", caller.current_account, caller.partition, params["ResourceTypes"])
    with LOCK:
        link["ResourceTypes"] = sorted(set(params["ResourceTypes"]))
        for name, value in (params.get("LinkConfiguration") or {}).items():
            if value.get("Filter") == "*":
                link["LinkConfiguration"].pop(name, None)
            else:
                link["LinkConfiguration"][name] = value
    return link_answer(link, tags=bool(params.get("IncludeTags")))


def delete_link(caller, params):
    link = link_of(caller, params["Identifier"])
    with LOCK:
        del store(caller.current_account, caller.region)["links"][link["Arn"]]
    return {}


def list_links(caller, params):
    with LOCK:
        links = [
            {k: link[k] for k in ("Arn", "Id", "Label", "ResourceTypes", "SinkArn")}
            for link in store(caller.current_account, caller.region)["links"].values()
        ]
    return page(links, params)


def list_attached_links(caller, params):
    sink = sink_of(caller, params["SinkIdentifier"])
    links = [
        {"Label": link["Label"], "LinkArn": link["Arn"], "ResourceTypes": link["ResourceTypes"]}
        for link in attached_links(sink["Arn"])
    ]
    return page(links, params)


def tagged(caller, arn):
    parts = arn_parts(arn)
    if parts is not None and parts[3] == "sink":
        return sink_of(caller, arn)
    if parts is not None and parts[3] == "link":
        return link_of(caller, arn)
    raise OamError("ResourceNotFoundException", f"{arn} is neither a sink nor a link")


def tag_resource(caller, params):
    resource = tagged(caller, params["ResourceArn"])
    with LOCK:
        tags = {**resource["Tags"], **params["Tags"]}
        if len(tags) > MAX_TAGS:
            raise OamError("TooManyTagsException", f"You can associate as many as 50 tags with a resource, not {len(tags)}")
        resource["Tags"] = tags
    return {}


def untag_resource(caller, params):
    resource = tagged(caller, params["ResourceArn"])
    with LOCK:
        for key in params["TagKeys"]:
            resource["Tags"].pop(key, None)
    return {}


def list_tags_for_resource(caller, params):
    return {"Tags": dict(tagged(caller, params["ResourceArn"])["Tags"])}


OPERATIONS = {
    "CreateSink": create_sink,
    "GetSink": get_sink,
    "DeleteSink": delete_sink,
    "ListSinks": list_sinks,
    "PutSinkPolicy": put_sink_policy,
    "GetSinkPolicy": get_sink_policy,
    "CreateLink": create_link,
    "GetLink": get_link,
    "UpdateLink": update_link,
    "DeleteLink": delete_link,
    "ListLinks": list_links,
    "ListAttachedLinks": list_attached_links,
    "TagResource": tag_resource,
    "UntagResource": untag_resource,
    "ListTagsForResource": list_tags_for_resource,
}


# --- the wire: rest-json, by botocore's model ----------------------------------------------------


class Model:
    """The OAM operations' routes (method, URI template) and error statuses, from botocore's model."""

    def __init__(self):
        model = botocore.session.get_session().get_service_model(SERVICE)
        missing = sorted(set(model.operation_names) ^ set(OPERATIONS))
        if missing:
            raise SystemExit(f"e2e/harness/moto_oam_apis.py and botocore's OAM model differ on {', '.join(missing)}")
        self.routes = []
        for name in model.operation_names:
            operation = model.operation_model(name)
            labels = re.findall(r"\{([^}+]+)\+?\}", operation.http["requestUri"])
            # The only label (ResourceArn) holds "/" once decoded: it takes the rest of the path.
            path = re.sub(r"\\\{[^}]+\\\}", "(.+)", re.escape(operation.http["requestUri"]))
            self.routes.append((operation.http["method"], re.compile(f"^{path}$"), labels, operation))
        self.statuses = {shape.name: shape.metadata["error"]["httpStatusCode"] for shape in model.error_shapes}
        for name, (sentence, error) in MODEL_REFUSALS.items():
            operation = model.operation_model(name)
            if sentence not in (operation.documentation or "") or error not in [e.name for e in operation.error_shapes]:
                raise SystemExit(
                    f"e2e/harness/moto_oam_apis.py refuses {name} with {error} because botocore's OAM model says "
                    f"{sentence!r} and lists {error}; botocore {botocore.__version__} does not: read the model again"
                )

    def route(self, method, raw_path):
        for route_method, pattern, labels, operation in self.routes:
            found = pattern.match(raw_path)
            if route_method == method and found:
                return operation, {label: urllib.parse.unquote(v) for label, v in zip(labels, found.groups())}
        return None, {}


def operation_input(operation, labels, query, body):
    shape = operation.input_shape
    params = {}
    body_members = {}
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        if location == "uri":
            params[name] = labels[wire]
        elif location == "querystring":
            if wire in query:
                params[name] = query[wire] if member.type_name == "list" else query[wire][0]
        else:
            body_members[name] = member
    if body_members and body.strip():
        document = json.loads(body)
        params.update({name: document[name] for name in body_members if document.get(name) is not None})
    return params


class Caller(BaseResponse):
    """moto's reading of a request: current_account, region and partition, as its own services get them."""

    def __init__(self):
        super().__init__(service_name=SERVICE)


class OamApi:
    """WSGI middleware: requests signed for `oam` answered here, every other one passed on to moto."""

    def __init__(self, app, model=None):
        self.app = app
        self.model = model or Model()

    def __call__(self, environ, start_response):
        scope = SIGV4_SERVICE.search(environ.get("HTTP_AUTHORIZATION", ""))
        if scope is None or scope.group(1) != SERVICE:
            return self.app(environ, start_response)
        request_id = str(uuid.uuid4())
        try:
            status, answer = 200, self.answer(environ)
            headers = []
        except OamError as error:
            status = error.status or self.model.statuses.get(error.code, 400)
            answer = {"message": error.message, "Message": error.message}
            headers = [("x-amzn-ErrorType", error.code)]
            if isinstance(error, CannotEvaluate):
                log(f"OAM: {error.message}")
        body = json.dumps(answer).encode()
        start_response(
            f"{status} {'OK' if status == 200 else 'Error'}",
            headers
            + [
                ("Content-Type", "application/json"),
                ("x-amzn-RequestId", request_id),
                ("Content-Length", str(len(body))),
            ],
        )
        return [body]

    def answer(self, environ):
        request = Request(environ)
        caller = Caller()
        caller.setup_class(request, request.url, request.headers)
        raw_uri = environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ.get("PATH_INFO", "")
        raw_path = raw_uri.partition("?")[0]
        operation, labels = self.model.route(environ.get("REQUEST_METHOD", "GET"), raw_path)
        if operation is None:
            raise OamError("UnknownOperationException", f"OAM has no operation {environ.get('REQUEST_METHOD')} {raw_path}", 404)
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        body = caller.body if isinstance(caller.body, str) else (caller.body or b"").decode("utf-8")
        try:
            params = operation_input(operation, labels, query, body)
        except (ValueError, KeyError) as error:
            raise OamError("InvalidParameterException", f"The request could not be read: {error}")
        return OPERATIONS[operation.name](caller, params)


def install(server_module):
    """Puts the OAM API in front of the app moto_server's main() runs (`server_module` is moto.server),
    inside the wrappers installed before it (install it after aws_model_check, which then checks it)."""
    model = Model()
    run_simple = server_module.run_simple

    def run_simple_with_oam(hostname, port, application, *args, **kwargs):
        return run_simple(hostname, port, OamApi(application, model), *args, **kwargs)

    server_module.run_simple = run_simple_with_oam
