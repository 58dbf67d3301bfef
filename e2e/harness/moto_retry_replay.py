"""A lost answer on loopback, answered again: moto_server's WSGI app wrapped for the e2e runs.

What it fixes. Twice in about ten deploys of the log archive (CI, 2026-11), a create moto had
carried out never reached the AWS provider: Glue CreateDatabase once, CreateCrawler once. The
provider's AWS SDK retried the call, moto answered AlreadyExistsException, and deploy stopped with
a resource that exists but is not in the state (it named the cause correctly: "This apply most
likely made them itself"). moto.log had the first answer logged as sent, no 5xx and no traceback.
werkzeug's development server (moto_server runs on it) closes every connection after its answer
and swallows a connection the client dropped while it wrote (connection_dropped), so the loss
left no trace. On AWS a lost answer is rare, and deploy's repair covers it (docs/failures.md); on
a loopback test server it is the harness's fault, not the stacks', and it stopped whole CI runs.

What this does. The AWS SDKs send the same `amz-sdk-invocation-id` header with every attempt of
one call, and `amz-sdk-request: attempt=N` (the SDKs' invocation id: one per operation, "a
consistent ID across retries", as the AWS SDK for Rust's aws_runtime::invocation_id puts it; the
AWS provider's debug log shows both headers on its Go SDK's requests).
For a call that changes something (any method but GET and HEAD), the wrapper keeps moto's 2xx
answer by invocation id, method, path and query; when a later attempt of the same call arrives,
it answers with the kept answer instead of running the call again. A client that got a 2xx never
retries it, so a retry after one means that answer was lost. A retry that arrives while the first
attempt is still running waits for it (a minute at most). Only 2xx answers are kept: a call moto
refused or failed runs again, as on AWS, so nothing moto or the harness refuses is accepted here;
a request without the header (curl, moto's own API) is passed on untouched. The e2e fault proxy
injects its faults before a request reaches moto, so its retries are first attempts here and run.

Each answer given again, and each connection the client dropped while werkzeug wrote an answer,
is written to moto's log with the request line ("moto: answered again ..."; "moto: the client
dropped ..."), so a run shows how often it happened. It is not rare: the first run of
`npm run e2e:onboarding` with this wrapper gave one answer again (a read during its plans), and
nothing else in moto's log showed the loss.
"""

import collections
import re
import sys
import threading
import urllib.parse

import werkzeug.serving

# Kept answers of recent calls: a retry follows its first attempt within seconds (the SDK's backoff
# is at most 20 s), so a few thousand calls of history is ample, at a few hundred bytes each.
KEPT_ANSWERS = 5000
# Answers larger than this are not kept (none of a create's is): the retry runs again.
MAX_KEPT_BODY = 1_000_000
# How long a retry waits for its first attempt, still running, to finish.
FIRST_ATTEMPT_WAIT_SECONDS = 60
SAFE_METHODS = ("GET", "HEAD")


def log(message):
    sys.stderr.write(f"moto: {message}\n")
    sys.stderr.flush()


def operation_of(environ):
    """`iam GetRole`, `glue AWSGlue.CreateCrawler`: the signing service and the operation, as far as
    the request says (X-Amz-Target, or the query protocol's Action; reads the body, so only for a
    request that is not passed on)."""
    scope = re.search(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/", environ.get("HTTP_AUTHORIZATION", ""))
    operation = environ.get("HTTP_X_AMZ_TARGET", "")
    if not operation and environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        form = urllib.parse.parse_qs(environ["wsgi.input"].read(length).decode("utf-8", "replace"))
        operation = form.get("Action", [""])[0]
    return f"{scope.group(1) if scope else 'unknown service'} {operation}".strip()


class RetryReplay:
    """WSGI middleware: a retried call (same amz-sdk-invocation-id) gets the 2xx answer its lost first attempt got."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.answers = collections.OrderedDict()
        self.running = {}
        self.replayed = 0

    def __call__(self, environ, start_response):
        invocation = environ.get("HTTP_AMZ_SDK_INVOCATION_ID")
        method = environ.get("REQUEST_METHOD", "GET")
        if not invocation or method in SAFE_METHODS:
            return self.app(environ, start_response)
        call = (invocation, method, environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
        with self.lock:
            kept = self.answers.get(call)
            running = self.running.get(call) if kept is None else None
        if running is not None:
            running.wait(FIRST_ATTEMPT_WAIT_SECONDS)
            with self.lock:
                kept = self.answers.get(call)
        if kept is not None:
            return self.answer_again(environ, call, kept, start_response)
        return self.run_and_keep(environ, call, start_response)

    def answer_again(self, environ, call, kept, start_response):
        status, headers, body = kept
        with self.lock:
            self.replayed += 1
        target = call[2] + (f"?{call[3]}" if call[3] else "")
        log(
            f"answered again {call[1]} {target} {operation_of(environ)} "
            f"({environ.get('HTTP_AMZ_SDK_REQUEST', 'attempt unknown')}, invocation {call[0]}): "
            f"{status}, as its first attempt was answered; that answer was lost on the way"
        )
        start_response(status, list(headers))
        return [body]

    def run_and_keep(self, environ, call, start_response):
        finished = threading.Event()
        with self.lock:
            self.running[call] = finished
        try:
            answer = {}

            def keep_start(status, headers, exc_info=None):
                answer["status"] = status
                answer["headers"] = list(headers)
                return start_response(status, headers, exc_info)

            result = self.app(environ, keep_start)
            try:
                body = b"".join(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
            status = answer.get("status", "")
            if status.startswith("2") and len(body) <= MAX_KEPT_BODY:
                with self.lock:
                    self.answers[call] = (status, answer["headers"], body)
                    while len(self.answers) > KEPT_ANSWERS:
                        self.answers.popitem(last=False)
            return [body]
        finally:
            with self.lock:
                self.running.pop(call, None)
            finished.set()


original_connection_dropped = werkzeug.serving.WSGIRequestHandler.connection_dropped


def connection_dropped(self, error, environ=None):
    log(f"the client dropped the connection while {self.requestline!r} was answered: {error!r}")
    original_connection_dropped(self, error, environ)


def install(server_module):
    """Wraps the app moto_server's main() runs (`server_module` is moto.server) and logs dropped connections."""
    run_simple = server_module.run_simple

    def run_simple_with_replay(hostname, port, application, *args, **kwargs):
        return run_simple(hostname, port, RetryReplay(application), *args, **kwargs)

    server_module.run_simple = run_simple_with_replay
    werkzeug.serving.WSGIRequestHandler.connection_dropped = connection_dropped
