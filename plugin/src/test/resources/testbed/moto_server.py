"""moto's server, with two fixes where moto 5.2.1 answers what AWS never would (DEVIATIONS.md).

1. S3 bucket policies judge principals as AWS does.

moto 5.2.1 applies a bucket-policy statement whose Principal is a map (such as
{"Service": "cloudfront.amazonaws.com"}) to every caller, and answers Deny when such a statement's
Condition does not hold, even for an Allow. AWS applies the statement only to that principal. The
plugin's bucket policy lets only its CloudFront distribution read, so without this fix moto refuses
the deployer's own reads once provision has set the policy. The fix: a statement naming any
principal other than "*" (or {"AWS": "*"}) does not concern the test's callers, which is what moto
already does for principals written as a plain string.

2. CloudFront's ListDistributions summaries carry the distribution's Comment, as AWS's do (moto
leaves it out), so the plugin can find its distribution by comment.

And one addition for the tests, not a fix: the server keeps a log of the S3 requests it received
(operation, bucket, key, headers) and can be told to fail some of them, before or after it carried
them out, as a dropped connection or an S3 hiccup would, or to answer a listing whose entries for some keys
lack elements (a fault with "drop": element names and "entries": keys), as a server killed in the middle
of an upload lists the object it never finished (s3proxy's filesystem store lists it without an ETag). The plugin talks to S3 over its own HTTP
client, not only the SDK's, so the tests watch S3 calls where they arrive. Both are reached under
/_edgesite/ on the server's own port: GET or DELETE /_edgesite/s3/requests, POST or DELETE
/_edgesite/s3/faults.
"""
import json
import re
import sys
import threading
from urllib.parse import parse_qs, unquote

from moto.iam import access_control

_plain = access_control.IAMPolicyStatement.is_unknown_principal


def _is_unknown_principal(self, principal):
    if isinstance(principal, dict):
        return principal.get("AWS") != "*"
    return _plain(self, principal)


access_control.IAMPolicyStatement.is_unknown_principal = _is_unknown_principal

from moto.cloudfront import models as cloudfront  # noqa: E402

cloudfront.Distribution.Comment = property(lambda self: getattr(self.distribution_config, "Comment", ""))

from moto.moto_server import werkzeug_app  # noqa: E402

_lock = threading.Lock()
_requests = []
_faults = []
_dispatch = werkzeug_app.DomainDispatcherApplication.__call__


def _s3_operation(method, path, query, headers):
    bucket, _, key = path.lstrip("/").partition("/")
    q = parse_qs(query, keep_blank_values=True)
    sub = "".join(word[:1].upper() + word[1:] for word in sorted(q)) if q else ""
    if method == "PUT":
        if not key:
            return "PutBucket" + sub if sub else "CreateBucket"
        if "uploadId" in q:
            return "UploadPart"
        return "CopyObject" if "x-amz-copy-source" in headers else "PutObject"
    if method == "GET":
        if key:
            return "GetObject"
        return "ListObjectsV2" if q.get("list-type") == ["2"] else ("GetBucket" + sub if sub else "ListObjects")
    if method == "HEAD":
        return "HeadObject" if key else "HeadBucket"
    if method == "POST":
        if "delete" in q:
            return "DeleteObjects"
        if "uploads" in q:
            return "CreateMultipartUpload"
        return "CompleteMultipartUpload" if "uploadId" in q else "Post"
    if method == "DELETE":
        if "uploadId" in q:
            return "AbortMultipartUpload"
        if key:
            return "DeleteObject"
        return "DeleteBucket" + sub
    return method


def _s3_request(environ):
    authorization = environ.get("HTTP_AUTHORIZATION", "")
    if "/s3/aws4_request" not in authorization:
        return None
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ.get("PATH_INFO", "")
    path, _, query = raw.partition("?")
    headers = {name[5:].replace("_", "-").lower(): value for name, value in environ.items() if name.startswith("HTTP_")}
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    if environ.get("CONTENT_LENGTH"):
        headers["content-length"] = environ["CONTENT_LENGTH"]
    path = unquote(path)
    bucket, _, key = path.lstrip("/").partition("/")
    return {"operation": _s3_operation(environ["REQUEST_METHOD"], path, query, headers),
            "bucket": bucket, "key": key or None, "query": query, "headers": headers}


def _fault_for(request):
    for fault in _faults:
        if fault["operation"] != request["operation"]:
            continue
        if fault.get("key") is not None and fault["key"] != request["key"]:
            continue
        fault["seen"] += 1
        if fault["seen"] > fault.get("skip", 0) and (fault.get("times", 1) < 0 or fault["failed"] < fault.get("times", 1)):
            fault["failed"] += 1
            return fault
    return None


def _answer(start_response, status, body, content_type="application/json"):
    data = body.encode("utf-8")
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data)))])
    return [data]


def _fail(start_response, fault):
    status = fault.get("status", 500)
    code = fault.get("code", "InternalError")
    body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>%s</Code><Message>failed by the test bed</Message>"
            "<RequestId>edgesite-fault</RequestId></Error>" % code)
    reason = {200: "OK", 403: "Forbidden", 500: "Internal Server Error", 503: "Service Unavailable"}.get(status, "Error")
    return _answer(start_response, "%d %s" % (status, reason), body, "application/xml")


def _control(environ, start_response):
    path, method = environ.get("PATH_INFO", ""), environ["REQUEST_METHOD"]
    with _lock:
        if path == "/_edgesite/s3/requests" and method == "GET":
            return _answer(start_response, "200 OK", json.dumps(_requests))
        if path == "/_edgesite/s3/requests" and method == "DELETE":
            _requests.clear()
            return _answer(start_response, "200 OK", "{}")
        if path == "/_edgesite/s3/faults" and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            fault = json.loads(environ["wsgi.input"].read(length))
            fault.update(seen=0, failed=0)
            _faults.append(fault)
            return _answer(start_response, "200 OK", "{}")
        if path == "/_edgesite/s3/faults" and method == "DELETE":
            _faults.clear()
            return _answer(start_response, "200 OK", "{}")
    return _answer(start_response, "404 Not Found", "{}")


def _dispatch_watched(self, environ, start_response):
    if environ.get("PATH_INFO", "").startswith("/_edgesite/"):
        return _control(environ, start_response)
    request = _s3_request(environ)
    if request is None:
        return _dispatch(self, environ, start_response)
    with _lock:
        _requests.append(request)
        fault = _fault_for(request)
    if fault is None:
        return _dispatch(self, environ, start_response)
    if fault.get("drop"):
        return _torn_listing(self, environ, start_response, fault)
    if fault.get("when") != "after":
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length:
            environ["wsgi.input"].read(length)
    else:
        result = _dispatch(self, environ, lambda status, headers, exc_info=None: (lambda data: None))
        try:
            for _ in result:
                pass
        finally:
            if hasattr(result, "close"):
                result.close()
    return _fail(start_response, fault)


def _torn_listing(self, environ, start_response, fault):
    answered = {}

    def keep(status, headers, exc_info=None):
        answered.update(status=status, headers=headers)
        return lambda data: None

    result = _dispatch(self, environ, keep)
    try:
        body = b"".join(result).decode("utf-8")
    finally:
        if hasattr(result, "close"):
            result.close()
    entries = set(fault.get("entries") or [])

    def tear(match):
        entry = match.group(0)
        key = re.search(r"<Key>(.*?)</Key>", entry, re.S)
        if entries and (key is None or unquote(key.group(1)) not in entries):
            return entry
        for name in fault["drop"]:
            entry = re.sub(r"<%s>.*?</%s>" % (name, name), "", entry, flags=re.S)
        return entry

    data = re.sub(r"<Contents>.*?</Contents>", tear, body, flags=re.S).encode("utf-8")
    headers = [(n, v) for n, v in answered["headers"] if n.lower() != "content-length"]
    start_response(answered["status"], headers + [("Content-Length", str(len(data)))])
    return [data]


werkzeug_app.DomainDispatcherApplication.__call__ = _dispatch_watched

import iam_evaluation  # noqa: E402,F401
from moto.server import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
