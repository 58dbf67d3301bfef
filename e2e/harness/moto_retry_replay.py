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
AWS provider's debug log shows both headers on its Go SDK's requests). For every call but GET and
HEAD (the JSON and query protocols send their reads as POST, so reads are among them), the wrapper
keeps moto's 2xx answer by invocation id, method, path and query; when a later attempt of the same
call arrives, it answers with the kept answer instead of running the call again. A client that got
a 2xx does not retry, so a retry after one means that answer did not reach it. A retry that
arrives while an attempt of the same call is still running waits for it (a minute at most).

What it accepts that AWS would refuse, on purpose: the retry of a create whose first answer was
lost (AWS: AlreadyExists), or of a conditional write (an S3 PutObject with If-None-Match, such as
Terraform's lock file: AWS answers 412). That is the lost answer given again, the one thing this
wrapper is for. Everything else runs as moto runs it: only 2xx answers are kept, so a call moto
refused or failed runs again on its retry; a second call of a create (a new invocation id) is
refused as before; a request without the header (curl, moto's own API) is passed on untouched.
The e2e fault proxy injects its faults before a request reaches moto, so its retries are first
attempts here and run. The product's own repair of a lost create (deploy's "This apply most likely
made them itself") is tested against a stub endpoint that loses an answer on purpose
(__tests__/toolkit/terraform/lost-answer.test.ts), not against this moto.

Each answer given again, and each connection the client dropped while werkzeug wrote an answer,
is written to moto's log ("moto: answered again ..."; "moto: the client dropped ..."), so a run
shows how often it happened. It is not rare: the first run of `npm run e2e:onboarding` with this
wrapper gave one answer again (a read during its plans), and nothing else in moto's log showed the
loss.
"""

import collections
import re
import sys
import threading
import urllib.parse

import werkzeug.serving

# Kept answers of recent calls, the oldest dropped first past this many bytes of bodies: a retry
# follows its first attempt within seconds (the SDK's backoff is at most 20 s), and the e2e runs make
# a few thousand calls a minute at most, most of them answered in a few hundred bytes.
KEPT_BYTES = 64 * 1024 * 1024
# An answer larger than this is not kept: its retry runs again.
MAX_KEPT_BODY = 1024 * 1024
# How long a retry waits for an attempt of the same call, still running, to finish.
RUNNING_ATTEMPT_WAIT_SECONDS = 60
SAFE_METHODS = ("GET", "HEAD")


def log(message):
    sys.stderr.write(f"moto: {message}\n")
    sys.stderr.flush()


def request_body(environ):
    """The request's body, read to its end (a replayed answer does not run the call, and werkzeug
    closes the connection after the answer: unread bytes would make it a reset)."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    stream = environ["wsgi.input"]
    return stream.read(length) if length > 0 else stream.read() if environ.get("wsgi.input_terminated") else b""


def operation_of(environ, body):
    """`iam CreateRole`, `glue AWSGlue.CreateCrawler`: the signing service and the operation, as far
    as the request says (X-Amz-Target, or the query protocol's Action)."""
    scope = re.search(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/", environ.get("HTTP_AUTHORIZATION", ""))
    operation = environ.get("HTTP_X_AMZ_TARGET", "")
    if not operation and environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        operation = urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("Action", [""])[0]
    return f"{scope.group(1) if scope else 'unknown service'} {operation}".strip()


class RetryReplay:
    """WSGI middleware: a retried call (same amz-sdk-invocation-id) gets the 2xx answer an earlier attempt got."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.answers = collections.OrderedDict()
        self.kept_bytes = 0
        self.running = {}

    def __call__(self, environ, start_response):
        invocation = environ.get("HTTP_AMZ_SDK_INVOCATION_ID")
        method = environ.get("REQUEST_METHOD", "GET")
        if not invocation or method in SAFE_METHODS:
            return self.app(environ, start_response)
        call = (invocation, method, environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
        with self.lock:
            kept = self.answers.get(call)
            running = self.running.get(call) if kept is None else None
            mine = None
            if kept is None and running is None:
                mine = self.running[call] = threading.Event()
        if running is not None:
            running.wait(RUNNING_ATTEMPT_WAIT_SECONDS)
            with self.lock:
                kept = self.answers.get(call)
        if kept is not None:
            return self.answer_again(environ, call, kept, start_response)
        return self.run_and_keep(environ, call, start_response, mine)

    def answer_again(self, environ, call, kept, start_response):
        status, headers, body = kept
        try:
            target = call[2] + (f"?{call[3]}" if call[3] else "")
            log(
                f"answered again {call[1]} {target} {operation_of(environ, request_body(environ))} "
                f"({environ.get('HTTP_AMZ_SDK_REQUEST', 'attempt unknown')}, invocation {call[0]}): "
                f"{status}, the answer moto gave an earlier attempt of this call, which did not reach the client"
            )
        except Exception as error:  # the log line must never turn a replay into a 500
            log(f"answered again {call[1]} {call[2]} (invocation {call[0]}): {status} (not described: {error!r})")
        start_response(status, list(headers))
        return [body]

    def run_and_keep(self, environ, call, start_response, mine):
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
                self.keep(call, (status, answer["headers"], body))
            return [body]
        finally:
            if mine is not None:
                with self.lock:
                    if self.running.get(call) is mine:
                        del self.running[call]
                mine.set()

    def keep(self, call, answer):
        with self.lock:
            previous = self.answers.pop(call, None)
            if previous is not None:
                self.kept_bytes -= len(previous[2])
            self.answers[call] = answer
            self.kept_bytes += len(answer[2])
            while self.kept_bytes > KEPT_BYTES and self.answers:
                _, dropped = self.answers.popitem(last=False)
                self.kept_bytes -= len(dropped[2])


original_connection_dropped = werkzeug.serving.WSGIRequestHandler.connection_dropped


def connection_dropped(self, error, environ=None):
    try:
        log(
            f"the client dropped the connection while "
            f"{getattr(self, 'requestline', '(no request read yet)')!r} was answered: {error!r}"
        )
    except Exception:
        pass
    original_connection_dropped(self, error, environ)


def install(server_module):
    """Wraps the app moto_server's main() runs (`server_module` is moto.server) and logs dropped connections."""
    run_simple = server_module.run_simple

    def run_simple_with_replay(hostname, port, application, *args, **kwargs):
        return run_simple(hostname, port, RetryReplay(application), *args, **kwargs)

    server_module.run_simple = run_simple_with_replay
    werkzeug.serving.WSGIRequestHandler.connection_dropped = connection_dropped
