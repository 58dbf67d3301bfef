"""Every request the e2e runs send, checked against AWS's own API model of its operation.

Why. moto checks no formats: it stores a QuickSight dataset whose physical table ids have
underscores, where AWS's model says `[0-9a-zA-Z-]*`, and the first apply on a real organization is
the first to refuse it. botocore, installed beside moto, carries the service models the AWS SDKs
are generated from (botocore/data/<service>/<version>/service-2.json: required members, enums,
patterns, lengths, ranges). This WSGI middleware sits in front of moto (moto_server.py installs it):
it finds each request's operation, parses the request by the service's protocol into the
operation's input, checks that input against the model and, where it breaks a constraint, answers
as AWS's validation does (HTTP 400, `ValidationException`: "1 validation error detected: Value 'x'
at 'a.b' failed to satisfy constraint: Member must ...") instead of passing it to moto. So the apply
stops where AWS would stop it, with the member path, value and constraint in its error.

What it checks, for every member present, at any depth: a structure's required members; a
string's enum, pattern and minimum and maximum length; a number's minimum and maximum; a list's and
a map's minimum and maximum size; a map's keys as their own shape. Patterns are matched whole, as
AWS's validation matches them ("Member must satisfy regular expression pattern: [0-9a-zA-Z-]*"
refuses "a_b", though the pattern has no anchors): the models come from Java services whose
validation uses Pattern.matches. The Java forms Python's engines read otherwise are rewritten: a
surrogate-pair range (\\uD800\\uDC00-\\uDBFF\\uDFFF, every character past U+FFFF) and a hyphen right
after a class escape ([\\w-_]). With the `regex` module installed, \\p{L} and the other Unicode
classes are read as Java reads them; without it, a pattern Python's `re` cannot compile is counted
as unchecked and listed in the report (never refused).

What it does not check (and AWS may): types (a query string's "12" is a number to the model
only after parsing), unknown members (JSON services ignore them), blobs and documents, timestamps,
cross-member rules written in the docs alone, and anything a service checks against its state.

Protocols read: json (X-Amz-Target), rest-json and rest-xml (the method and URI template of each
operation, labels, query string, headers, and the body or payload), query and ec2 (the form body,
with the serializers' list, map and structure naming). A request is matched to its service by the
signing name in its SigV4 Authorization header (the services that share one, s3 and s3control,
are told apart by their operations), so unsigned requests (moto's own /moto-api/, curl) pass
unchecked and uncounted. A signed request whose operation cannot be found is passed on to moto
and listed as unresolved in the report.

The calls. Each checked request is also noted in moto_call_record.py's record (who signed it, the
Region, the operation and the input's resource names): GET /_harness/calls, which the deploy-role
proof reads.

The report. GET /_harness/model-check answers the counts so far as JSON: requests checked, by
service and operation, refused with their violations, unresolved, and unchecked patterns. The e2e
harness (e2e/harness/moto.ts) reads it before it stops moto, prints it, and fails the run on any
refusal.
"""

import collections
import io
import json
import re
import sys
import threading
import urllib.parse
import uuid
import xml.etree.ElementTree as ElementTree
from xml.sax.saxutils import escape as xml_text

import botocore
import botocore.session

from moto_call_record import REPORT_PATH as CALLS_PATH
from moto_call_record import CallRecord
from moto_retry_replay import request_body

try:
    import regex as pattern_engine

    PATTERN_ENGINE = "regex"
except ImportError:  # pragma: no cover - the machine has it; the fallback only loses \p{..} patterns
    pattern_engine = re
    PATTERN_ENGINE = "re"

REPORT_PATH = "/_harness/model-check"
MAX_LISTED = 200

SIGV4_SCOPE = re.compile(r"Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/aws4_request")
SURROGATE_PAIR_RANGE = re.compile(r"\\uD800\\uDC00-\\uDBFF\\uDFFF", re.IGNORECASE)
HYPHEN_AFTER_CLASS_ESCAPE = re.compile(r"(\\[wdsWDS])-(?=[^\]])")


# How each XML protocol answers a validation error: its error document and content type.
XML_ERRORS = {
    "ec2": (
        "<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>{message}</Message></Error></Errors>"
        "<RequestID>{request_id}</RequestID></Response>",
        "text/xml",
    ),
    "query": (
        "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>{message}</Message></Error>"
        "<RequestId>{request_id}</RequestId></ErrorResponse>",
        "text/xml",
    ),
    "rest-xml": (
        "<Error><Code>InvalidArgument</Code><Message>{message}</Message><RequestId>{request_id}</RequestId></Error>",
        "application/xml",
    ),
}


def log(message):
    sys.stderr.write(f"moto: {message}\n")
    sys.stderr.flush()


def python_pattern(java_pattern):
    """The model's (Java) pattern in the syntax of Python's pattern engine."""
    rewritten = SURROGATE_PAIR_RANGE.sub(r"\\U00010000-\\U0010FFFF", java_pattern)
    return HYPHEN_AFTER_CLASS_ESCAPE.sub(r"\1\\-", rewritten)


class Violation(Exception):
    pass


def botocore_session():
    """The installed botocore's session: its data loader finds the service models the SDKs are generated from."""
    return botocore.session.get_session()


def service_operations(names):
    """The operation names of each named service in the installed botocore's models; a service it lacks is left out."""
    session = botocore_session()
    available = set(session.get_available_services())
    return {name: sorted(session.get_service_model(name).operation_names) for name in names if name in available}


class Models:
    """botocore's service models, by SigV4 signing name; the index is built once, in the background."""

    def __init__(self):
        self.session = botocore_session()
        self.loader = self.session.get_component("data_loader")
        self.by_signing_name = {}
        self.ready = threading.Event()
        self.services = {}
        self.lock = threading.Lock()
        self.patterns = {}
        threading.Thread(target=self.build_index, name="model-index", daemon=True).start()

    def build_index(self):
        try:
            for name in self.session.get_available_services():
                metadata = self.loader.load_service_model(name, "service-2")["metadata"]
                signing = metadata.get("signingName") or metadata.get("endpointPrefix") or name
                self.by_signing_name.setdefault(signing, []).append(name)
        finally:
            self.ready.set()

    def candidates(self, signing_name):
        self.ready.wait(60)
        return [self.service(name) for name in self.by_signing_name.get(signing_name, [])]

    def service(self, name):
        with self.lock:
            found = self.services.get(name)
            if found is None:
                found = self.services[name] = Service(self.session.get_service_model(name))
            return found

    def pattern(self, java_pattern):
        """The compiled pattern, or None when this machine's engine cannot read it."""
        with self.lock:
            if java_pattern not in self.patterns:
                try:
                    self.patterns[java_pattern] = pattern_engine.compile(python_pattern(java_pattern))
                except Exception:
                    self.patterns[java_pattern] = None
            return self.patterns[java_pattern]


class UriTemplate:
    """An operation's requestUri (`/{Bucket}/{Key+}?tagging`) as a matcher of a request's path and query."""

    def __init__(self, method, request_uri, operation=None):
        self.method = method
        # Operations that share a method and URI (S3's PutObject and CopyObject) differ in the
        # headers and query members they require; a deprecated one (PutBucketLifecycle) loses a tie.
        shape = operation.input_shape if operation is not None else None
        required = set(shape.metadata.get("required", [])) if shape is not None else set()
        members = shape.members if shape is not None else {}
        self.required_headers = [
            members[m].serialization.get("name", m).lower()
            for m in required
            if members[m].serialization.get("location") == "header"
        ]
        self.required_query = [
            members[m].serialization.get("name", m)
            for m in required
            if members[m].serialization.get("location") == "querystring"
        ]
        self.deprecated = bool(operation is not None and operation.deprecated)
        path, _, query = request_uri.partition("?")
        self.labels = []
        expression = ""
        for part in re.split(r"(\{[^}]+\})", path):
            if part.startswith("{") and part.endswith("}"):
                name = part[1:-1]
                greedy = name.endswith("+")
                self.labels.append(name.rstrip("+"))
                expression += "(.+)" if greedy else "([^/]+)"
            else:
                expression += re.escape(part)
        self.greedy = path.count("+}")
        # A trailing "/" is optional either way: botocore ends some URIs with one (OpenSearch Ingestion's
        # /2022-01-01/osis/listTagsForResource/) that the SDKs' Smithy models, and so the AWS provider, leave out.
        self.path = re.compile(f"^{expression.rstrip('/') if path != '/' else ''}/?$")
        self.query = urllib.parse.parse_qs(query, keep_blank_values=True)
        self.literal_length = len(re.sub(r"\{[^}]+\}", "", path))

    def match(self, method, raw_path, query, headers):
        if method != self.method:
            return None
        if any(name not in headers for name in self.required_headers):
            return None
        if any(name not in query for name in self.required_query):
            return None
        found = self.path.match(raw_path)
        if found is None:
            return None
        for key, values in self.query.items():
            if key not in query:
                return None
            if values != [""] and query[key] != values:
                return None
        labels = {name: urllib.parse.unquote(value) for name, value in zip(self.labels, found.groups())}
        return labels

    def rank(self):
        specific = len(self.query) + len(self.required_query) + len(self.required_headers)
        return (specific, not self.deprecated, -self.greedy, self.literal_length)


class Service:
    def __init__(self, model):
        self.model = model
        self.name = model.service_name
        metadata = model.metadata
        # A service may speak several protocols (CloudWatch: rpc-v2-cbor, json, query); the request
        # says which one it uses (X-Amz-Target for json, a form for query).
        self.protocols = set(metadata.get("protocols") or [metadata.get("protocol")])
        self.protocol = metadata.get("protocol")
        self.target_prefix = metadata.get("targetPrefix")
        self.templates = []
        if self.protocols & {"rest-json", "rest-xml"}:
            for name in model.operation_names:
                operation = model.operation_model(name)
                http = operation.http
                template = UriTemplate(http.get("method", "POST"), http.get("requestUri", "/"), operation)
                self.templates.append((template, name))

    def operation_for_rest(self, method, raw_path, query, headers):
        best = None
        for template, name in self.templates:
            labels = template.match(method, raw_path, query, headers)
            if labels is not None and (best is None or template.rank() > best[0].rank()):
                best = (template, name, labels)
        return None if best is None else (best[1], best[2])


# Parsing a request into the operation's input, by protocol.


def serialized_name(shape, default):
    return shape.serialization.get("name", default)


def ec2_name(shape, default):
    if "queryName" in shape.serialization:
        return shape.serialization["queryName"]
    name = shape.serialization.get("name")
    if name:
        return name[0].upper() + name[1:]
    return default


def from_form(shape, params, prefix, ec2):
    """The value at `prefix` of a query (or ec2) protocol form, shaped as `shape`; None when absent."""
    kind = shape.type_name
    if kind == "structure":
        if prefix and not any(key == prefix or key.startswith(prefix + ".") for key in params):
            return None
        value = {}
        for member_name, member in shape.members.items():
            name = ec2_name(member, member_name) if ec2 else serialized_name(member, member_name)
            member_value = from_form(member, params, f"{prefix}.{name}" if prefix else name, ec2)
            if member_value is not None:
                value[member_name] = member_value
        return value
    if kind == "list":
        if prefix in params and params[prefix] == "":
            return []
        if ec2:
            item_prefix = prefix
        elif shape.serialization.get("flattened"):
            item_prefix = prefix
            if shape.member.serialization.get("name"):
                item_prefix = ".".join(prefix.split(".")[:-1] + [shape.member.serialization["name"]])
        else:
            item_prefix = f"{prefix}.{shape.member.serialization.get('name', 'member')}"
        items = []
        index = 1
        while any(key == f"{item_prefix}.{index}" or key.startswith(f"{item_prefix}.{index}.") for key in params):
            items.append(from_form(shape.member, params, f"{item_prefix}.{index}", ec2))
            index += 1
        return items if items else None
    if kind == "map":
        entry_prefix = prefix if shape.serialization.get("flattened") else f"{prefix}.entry"
        key_name = serialized_name(shape.key, "key")
        value_name = serialized_name(shape.value, "value")
        entries = {}
        index = 1
        while f"{entry_prefix}.{index}.{key_name}" in params:
            key = params[f"{entry_prefix}.{index}.{key_name}"]
            entries[key] = from_form(shape.value, params, f"{entry_prefix}.{index}.{value_name}", ec2)
            index += 1
        return entries if entries else None
    return params.get(prefix)


def local_name(element):
    return element.tag.rsplit("}", 1)[-1]


def from_xml(shape, element):
    kind = shape.type_name
    if kind == "structure":
        value = {}
        children = list(element)
        for member_name, member in shape.members.items():
            name = serialized_name(member, member_name)
            if member.serialization.get("xmlAttribute"):
                attribute = next((v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] == name.split(":")[-1]), None)
                if attribute is not None:
                    value[member_name] = attribute
                continue
            if member.type_name == "list" and member.serialization.get("flattened"):
                items = [from_xml(member.member, child) for child in children if local_name(child) == name]
                if items:
                    value[member_name] = items
                continue
            child = next((c for c in children if local_name(c) == name), None)
            if child is not None:
                value[member_name] = from_xml(member, child)
        return value
    if kind == "list":
        item_name = serialized_name(shape.member, "member")
        return [from_xml(shape.member, child) for child in element if local_name(child) == item_name]
    if kind == "map":
        key_name = serialized_name(shape.key, "key")
        value_name = serialized_name(shape.value, "value")
        entries = {}
        for entry in element:
            key = next((c for c in entry if local_name(c) == key_name), None)
            val = next((c for c in entry if local_name(c) == value_name), None)
            if key is not None:
                entries[key.text or ""] = None if val is None else from_xml(shape.value, val)
        return entries
    return element.text or ""


def from_json(shape, value):
    """The JSON body's members by their model names (a member's locationName is its key on the wire)."""
    if value is None:
        return None
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        parsed = {}
        for member_name, member in shape.members.items():
            key = serialized_name(member, member_name)
            if key in value:
                parsed[member_name] = from_json(member, value[key])
        return parsed
    if kind == "list" and isinstance(value, list):
        return [from_json(shape.member, item) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: from_json(shape.value, item) for key, item in value.items()}
    return value


def rest_input(service, operation, labels, query, headers, body):
    shape = operation.input_shape
    if shape is None:
        return {}
    value = {}
    body_members = {}
    payload = shape.serialization.get("payload")
    for member_name, member in shape.members.items():
        location = member.serialization.get("location")
        name = serialized_name(member, member_name)
        if location == "uri":
            if name in labels:
                value[member_name] = labels[name]
        elif location == "querystring":
            if member.type_name == "map":
                value[member_name] = {k: v[0] for k, v in query.items()} or None
            elif name in query:
                value[member_name] = query[name] if member.type_name == "list" else query[name][0]
        elif location == "header":
            found = headers.get(name.lower())
            if found is not None:
                value[member_name] = [v.strip() for v in found.split(",")] if member.type_name == "list" else found
        elif location == "headers":
            prefix = name.lower()
            found = {k[len(prefix) :]: v for k, v in headers.items() if k.startswith(prefix)}
            if found:
                value[member_name] = found
        elif member_name != payload:
            body_members[member_name] = member
    if payload is not None:
        member = shape.members[payload]
        if member.type_name in ("blob", "string"):
            if body:
                value[payload] = body if member.type_name == "blob" else body.decode("utf-8", "replace")
        elif body.strip():
            if service.protocol == "rest-xml":
                value[payload] = from_xml(member, ElementTree.fromstring(body))
            else:
                value[payload] = from_json(member, json.loads(body))
    elif body_members and body.strip():
        if service.protocol == "rest-xml":
            parsed = from_xml(shape, ElementTree.fromstring(body))
        else:
            parsed = from_json(shape, json.loads(body))
        value.update({k: v for k, v in parsed.items() if k in body_members})
    return value


# Checking an input against its shape.


def shown(value):
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= 200 else text[:200] + "..."


def check(models, shape, value, path, violations, unchecked):
    if value is None:
        return
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        if not isinstance(value, dict):
            return
        for required in meta.get("required", []):
            if value.get(required) is None:
                violations.append((f"{path}.{required}" if path else required, None, "Member must not be null"))
        for member_name, member_value in value.items():
            member = shape.members.get(member_name)
            if member is not None:
                check(models, member, member_value, f"{path}.{member_name}" if path else member_name, violations, unchecked)
    elif kind == "list":
        if not isinstance(value, list):
            return
        size_check(meta, len(value), value, path, violations, "have length")
        for i, item in enumerate(value):
            check(models, shape.member, item, f"{path}.{i + 1}", violations, unchecked)
    elif kind == "map":
        if not isinstance(value, dict):
            return
        size_check(meta, len(value), value, path, violations, "have length")
        for key, item in value.items():
            key_violations = []
            check(models, shape.key, key, f"{path}.key", key_violations, unchecked)
            violations.extend((p, v, f"Map keys must satisfy constraint: [{c}]") for p, v, c in key_violations)
            check(models, shape.value, item, f"{path}.{key}", violations, unchecked)
    elif kind == "string":
        text = value if isinstance(value, str) else str(value)
        if "enum" in meta and text not in meta["enum"]:
            violations.append((path, text, f"Member must satisfy enum value set: [{', '.join(meta['enum'])}]"))
        size_check(meta, len(text), text, path, violations, "have length")
        if "pattern" in meta:
            compiled = models.pattern(meta["pattern"])
            if compiled is None:
                unchecked[meta["pattern"]] += 1
            elif compiled.fullmatch(text) is None:
                violations.append((path, text, f"Member must satisfy regular expression pattern: {meta['pattern']}"))
    elif kind in ("integer", "long", "float", "double"):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return
        if "min" in meta and number < meta["min"]:
            violations.append((path, value, f"Member must have value greater than or equal to {meta['min']}"))
        if "max" in meta and number > meta["max"]:
            violations.append((path, value, f"Member must have value less than or equal to {meta['max']}"))


def size_check(meta, size, value, path, violations, noun):
    if "min" in meta and size < meta["min"]:
        violations.append((path, value, f"Member must {noun} greater than or equal to {meta['min']}"))
    if "max" in meta and size > meta["max"]:
        violations.append((path, value, f"Member must {noun} less than or equal to {meta['max']}"))


def lower_camel(path):
    """`PhysicalTableMap.key` as AWS names members in its messages (`physicalTableMap.key`)."""
    return ".".join(part[:1].lower() + part[1:] for part in path.split("."))


def validation_message(violations):
    parts = []
    for path, value, constraint in violations:
        shown_value = "null" if value is None else shown(value)
        parts.append(f"Value '{shown_value}' at '{lower_camel(path)}' failed to satisfy constraint: {constraint}")
    count = len(violations)
    return f"{count} validation error{'s' if count != 1 else ''} detected: {'; '.join(parts)}"


class ModelCheck:
    """WSGI middleware: every signed request checked against botocore's model of its operation."""

    def __init__(self, app, models=None):
        self.app = app
        self.models = models or Models()
        self.lock = threading.Lock()
        self.checked = collections.Counter()
        self.refused = []
        self.unresolved = collections.Counter()
        self.unchecked = collections.Counter()
        self.refused_count = 0
        self.calls = CallRecord()

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == REPORT_PATH:
            body = json.dumps(self.report()).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        if environ.get("PATH_INFO") == CALLS_PATH:
            body = json.dumps(self.calls.report()).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        scope = SIGV4_SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
        if scope is None:
            return self.app(environ, start_response)
        try:
            outcome = self.check_request(environ, scope.group(3))
        except Exception as error:  # a request we cannot read is unresolved, never a 500 of ours
            outcome = ("unresolved", f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}: {error!r}")
        if outcome[0] == "unresolved":
            with self.lock:
                self.unresolved[f"{scope.group(3)} {outcome[1]}"] += 1
            return self.app(environ, start_response)
        _, service, protocol, operation, violations, value = outcome
        with self.lock:
            self.checked[f"{service.name} {operation}"] += 1
        self.calls.note(scope.group(1), scope.group(2), scope.group(3), service.name, operation, value)
        if not violations:
            return self.app(environ, start_response)
        message = validation_message(violations)
        with self.lock:
            self.refused_count += 1
            if len(self.refused) < MAX_LISTED:
                self.refused.append(
                    {
                        "service": service.name,
                        "operation": operation,
                        "violations": [
                            {"member": path, "value": None if value is None else shown(value), "constraint": constraint}
                            for path, value, constraint in violations
                        ],
                    }
                )
        log(f"model check refused {service.name} {operation} as AWS's model does: {message}")
        return self.refuse(protocol, message, start_response)

    def body(self, environ):
        """The request body, read once and put back for moto."""
        if "harness.body" not in environ:
            data = request_body(environ)
            environ["wsgi.input"] = io.BytesIO(data)
            environ["CONTENT_LENGTH"] = str(len(data))
            environ["harness.body"] = data
        return environ["harness.body"]

    def check_request(self, environ, signing_name):
        services = self.models.candidates(signing_name)
        method = environ.get("REQUEST_METHOD", "GET")
        raw_uri = environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ.get("PATH_INFO", "")
        raw_path, _, raw_query = raw_uri.partition("?")
        raw_query = raw_query or environ.get("QUERY_STRING", "")
        query = urllib.parse.parse_qs(raw_query, keep_blank_values=True)
        headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items() if key.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        target = environ.get("HTTP_X_AMZ_TARGET")
        content_type = environ.get("CONTENT_TYPE", "")
        if target:
            prefix, _, operation = target.rpartition(".")
            for service in services:
                # CloudTrail's model names its target com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101;
                # the SDKs send its last part (CloudTrail_20131101.DescribeTrails), which AWS accepts too.
                known = service.target_prefix
                if known is not None and (prefix == known or known.endswith(f".{prefix}")):
                    if operation not in service.model.operation_names:
                        return ("unresolved", f"X-Amz-Target {target}")
                    operation_model = service.model.operation_model(operation)
                    body = self.body(environ)
                    shape = operation_model.input_shape
                    value = from_json(shape, json.loads(body or b"{}")) if shape is not None else {}
                    return self.verdict(service, "json", operation_model, value)
        form_services = [s for s in services if s.protocols & {"query", "ec2"}]
        if form_services and (content_type.startswith("application/x-www-form-urlencoded") or "Action" in query):
            form = dict(query)
            if content_type.startswith("application/x-www-form-urlencoded"):
                form.update(urllib.parse.parse_qs(self.body(environ).decode("utf-8"), keep_blank_values=True))
            params = {key: values[0] for key, values in form.items()}
            action = params.get("Action")
            for service in form_services:
                if action in service.model.operation_names:
                    operation_model = service.model.operation_model(action)
                    shape = operation_model.input_shape
                    ec2 = "ec2" in service.protocols
                    value = from_form(shape, params, "", ec2) if shape is not None else {}
                    return self.verdict(service, "ec2" if ec2 else "query", operation_model, value)
            return ("unresolved", f"Action={action}")
        for service in services:
            found = service.operation_for_rest(method, raw_path, query, headers) if service.templates else None
            if found is None:
                continue
            operation, labels = found
            operation_model = service.model.operation_model(operation)
            shape = operation_model.input_shape
            payload = shape.serialization.get("payload") if shape is not None else None
            streaming = payload is not None and shape.members[payload].type_name == "blob"
            body = b"" if streaming else self.body(environ)
            value = rest_input(service, operation_model, labels, query, headers, body)
            return self.verdict(service, service.protocol, operation_model, value)
        return ("unresolved", f"{method} {raw_path}{'?' + raw_query if raw_query else ''}"[:300])

    def verdict(self, service, protocol, operation_model, value):
        violations = []
        unchecked = collections.Counter()
        if operation_model.input_shape is not None:
            check(self.models, operation_model.input_shape, value, "", violations, unchecked)
        if unchecked:
            with self.lock:
                for key, count in unchecked.items():
                    self.unchecked[f"{service.name} {operation_model.name}: {key}"] += count
        return ("checked", service, protocol, operation_model.name, violations, value)

    def refuse(self, protocol, message, start_response):
        request_id = str(uuid.uuid4())
        if protocol in ("json", "rest-json"):
            body = json.dumps({"__type": "ValidationException", "message": message, "Message": message}).encode()
            headers = [
                ("Content-Type", "application/x-amz-json-1.1" if protocol == "json" else "application/json"),
                ("x-amzn-ErrorType", "ValidationException"),
                ("x-amzn-RequestId", request_id),
            ]
        else:
            template, content_type = XML_ERRORS[protocol if protocol in XML_ERRORS else "rest-xml"]
            body = template.format(message=xml_text(message), request_id=request_id).encode()
            headers = [("Content-Type", content_type)]
        start_response("400 Bad Request", headers + [("Content-Length", str(len(body)))])
        return [body]

    def report(self):
        with self.lock:
            operations = sorted(self.checked.items())
            return {
                "botocore": botocore.__version__,
                "patternEngine": PATTERN_ENGINE,
                "requests": sum(self.checked.values()),
                "operations": len(self.checked),
                "byOperation": dict(operations),
                "refusedRequests": self.refused_count,
                "refused": list(self.refused),
                "unresolved": dict(self.unresolved),
                "uncheckedPatterns": dict(self.unchecked),
            }


def install(server_module):
    """Puts the model check in front of the app moto_server's main() runs (`server_module` is moto.server),
    inside whatever wrappers were installed before it."""
    run_simple = server_module.run_simple

    def run_simple_with_check(hostname, port, application, *args, **kwargs):
        return run_simple(hostname, port, ModelCheck(application), *args, **kwargs)

    server_module.run_simple = run_simple_with_check


if __name__ == "__main__":
    # `aws_model_check.py operations <service>...`: the services' operations as JSON, for the tests
    # that hold committed lists (the evasion pack's API coverage) against the installed models.
    if len(sys.argv) < 2 or sys.argv[1] != "operations":
        sys.exit("usage: aws_model_check.py operations <botocore service>...")
    json.dump({"botocore": botocore.__version__, "operations": service_operations(sys.argv[2:])}, sys.stdout)
