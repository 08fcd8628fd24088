"""Loopback stand-ins for 2Chat, Z-API and EazyBe that enforce a request rate, for the pacing
measure of scripts/bench (bench/run.py starts one per scenario in a thread).

The endpoints and answer shapes are the documented ones (../shared/providers.md; the same as the
CLI tests' stand-ins in crates/cli/tests/jobs_support). On top of them, every request on the
account goes through a token bucket: `rpm` requests a minute sustained, a burst of `burst`; a
request over the limit is answered 429 with `Retry-After`. 2Chat also tells its limit through
`GET /info` (`limits.requests_per_minute`), as the real one does. With `random_429` a random share
of the calls that are within the limit is answered 429 + `Retry-After` too (a provider under
load). Every request is logged with its arrival time, its answer and when the answer left."""
import json
import random
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TWOCHAT_KEY = "UAK-bench-2chat-key"
TWOCHAT_FROM = "+595981048477"
ZAPI_ID, ZAPI_TOKEN, ZAPI_CLIENT = "3C01BENCHINSTANCE", "F1benchTOKEN", "FzbenchClient"
ZAPI_OWN = "5511977770000"
EAZYBE_TOKEN = "ezb-bench-token"


def env_for(kind, base):
    """The environment groupdrop-cli needs to reach the stand-in with its credentials."""
    if kind == "2chat":
        return {"GROUPDROP_2CHAT_API_KEY": TWOCHAT_KEY, "GROUPDROP_2CHAT_FROM_NUMBER": TWOCHAT_FROM,
                "GROUPDROP_2CHAT_BASE_URL": base}
    if kind == "zapi":
        return {"GROUPDROP_ZAPI_INSTANCE_ID": ZAPI_ID, "GROUPDROP_ZAPI_INSTANCE_TOKEN": ZAPI_TOKEN,
                "GROUPDROP_ZAPI_CLIENT_TOKEN": ZAPI_CLIENT, "GROUPDROP_ZAPI_BASE_URL": base}
    return {"GROUPDROP_EAZYBE_TOKEN": EAZYBE_TOKEN, "GROUPDROP_EAZYBE_BASE_URL": base}


class Standin:
    def __init__(self, kind, rpm, burst=2, random_429=0.0, retry_after=1, seed=14):
        self.kind, self.rpm, self.burst = kind, rpm, burst
        self.random_429, self.retry_after = random_429, retry_after
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.interval = 60.0 / rpm
        self.tat = 0.0  # GCRA theoretical arrival time
        self.log = []  # dicts: at, done, method, path, status, reason
        self.groups = {}  # id -> {"name", "members": set}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def admit(self, now):
        """GCRA: at most `rpm` a minute sustained, bursts of `burst`. Returns None or the 429
        reason ('limit' or 'random')."""
        tolerance = self.interval * (self.burst - 1)
        if now < self.tat - tolerance:
            return "limit"
        if self.random_429 and self.rng.random() < self.random_429:
            return "random"
        self.tat = max(now, self.tat) + self.interval
        return None

    # --- the providers' documented answers -------------------------------------------------
    def twochat(self, method, path, body):
        def outcome(g, phones):
            parts = {}
            for p in phones:
                g["members"].add(p)
                parts[p] = {"statusCode": 200, "message": "The participant was added successfully",
                            "isInviteV4Sent": False}
            return parts
        if method == "GET" and path == "/open/whatsapp/get-numbers":
            return 200, {"success": True, "numbers": [{
                "uuid": "WPN95841312-bench", "friendly_name": "office", "phone_number": TWOCHAT_FROM,
                "iso_country_code": "PY", "connection_status": "C", "enabled": True,
                "channel_type": "WW", "is_business_profile": False}]}
        if method == "GET" and path == "/info":
            return 200, {"success": True, "account": {"on_trial": False, "blocked": False},
                         "limits": {"requests_per_minute": self.rpm},
                         "usage": {"api_request_count": len(self.log), "max_api_request_count": 100000}}
        if method == "POST" and path == "/open/whatsapp/group/create":
            phones = body["group"]["participants"]
            if len(phones) > 10:
                return 400, {"success": False, "message": "at most 10 participants"}
            uuid = f"WAG{len(self.groups) + 1:08d}-d2bd-4946-86c6-30f8a3c849c6"
            g = self.groups[uuid] = {"name": body["group"]["name"], "members": set(), "at": time.time()}
            parts = outcome(g, phones)
            return 200, {"success": True, "group": {
                "name": g["name"], "wa_group_id": f"1203637777{len(self.groups):08d}@g.us", "uuid": uuid,
                "participants": parts, "accepted_numbers": phones, "unaccepted_numbers": []}}
        m = re.fullmatch(r"/open/whatsapp/group/([^/]+)/add-participant", path)
        if method == "POST" and m:
            g = self.groups.get(m.group(1))
            if g is None:
                return 404, {"success": False, "message": "group not found"}
            if len(body["participants"]) > 10:
                return 400, {"success": False, "message": "at most 10 participants"}
            return 200, {"success": True, "participants": outcome(g, body["participants"])}
        m = re.fullmatch(r"/open/whatsapp/group/([^/]+)", path)
        if method == "GET" and m and m.group(1) in self.groups:
            g = self.groups[m.group(1)]
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(g["at"]))
            return 200, {"success": True, "data": {
                "uuid": m.group(1), "wa_group_name": g["name"], "wa_subject": g["name"], "size": len(g["members"]) + 1,
                "wa_created_at": stamp, "created_at": stamp.replace("T", " ")[:19],
                "participants": [{"wa_participant_id": p.lstrip("+") + "@c.us", "wa_is_admin": False}
                                 for p in sorted(g["members"])]}}
        if method == "GET" and path.startswith("/open/whatsapp/groups/"):
            return 200, {"success": True, "data": [
                {"uuid": u, "wa_group_id": "x@g.us", "wa_group_name": g["name"], "profile_pic_url": None}
                for u, g in self.groups.items()]}
        return 404, {"success": False, "message": "no such endpoint"}

    def zapi(self, method, path, body):
        prefix = f"/instances/{ZAPI_ID}/token/{ZAPI_TOKEN}"
        rest = path[len(prefix):] if path.startswith(prefix) else ""
        if method == "GET" and rest == "/status":
            return 200, {"connected": True, "error": "You are already connected.", "smartphoneConnected": True}
        if method == "GET" and rest == "/device":
            return 200, {"phone": ZAPI_OWN, "name": "Office"}
        if method == "POST" and rest == "/create-group":
            gid = f"1203630195026{len(self.groups) + 1:05d}-group"
            self.groups[gid] = {"name": body["groupName"], "members": set(body["phones"])}
            return 200, {"phone": gid, "invitationLink": f"https://chat.whatsapp.com/Zinv{len(self.groups):04d}",
                         "phonesNotAdded": []}
        if method == "POST" and rest == "/add-participant":
            g = self.groups.get(body.get("groupId"))
            if g is None:
                return 200, {"value": False}
            g["members"].update(body["phones"])
            return 200, {"value": True}
        if method == "GET" and rest == "/groups":
            return 200, [{"isGroup": True, "name": g["name"], "phone": i} for i, g in self.groups.items()]
        if method == "GET" and rest.startswith("/light-group-metadata/"):
            gid = rest.rsplit("/", 1)[1]
            g = self.groups.get(gid)
            if g is None:
                return 200, {"error": "group not found"}
            parts = [{"phone": p, "isAdmin": False, "isSuperAdmin": False} for p in sorted(g["members"])]
            parts.append({"phone": ZAPI_OWN, "isAdmin": True, "isSuperAdmin": True})
            return 200, {"phone": gid, "owner": ZAPI_OWN, "subject": g["name"], "participants": parts}
        if method == "POST" and rest.startswith("/group-invitation-link/"):
            gid = rest.rsplit("/", 1)[1]
            return 200, {"phone": gid, "invitationLink": "https://chat.whatsapp.com/Zinv0001"}
        return 405, {"error": "method not allowed"}

    def eazybe(self, method, path, body):
        if method == "GET" and path == "/v2/users/public/last-active":
            return 200, {"statusCode": 200, "status": "success", "message": "Users fetched successfully", "data": []}
        if method == "POST" and path == "/v2/cloud/group":
            name = body["groupName"]
            if name not in self.groups:
                if body.get("create") is not True:
                    return 404, {"status": False, "message": "Group not found"}
                self.groups[name] = {"name": name, "members": set()}
            self.groups[name]["members"].update(body["contacts"])
            return 200, {"status": True, "message": "Group created and chat IDs added successfully."}
        return 404, {"status": False, "message": "Not found"}

    def authorised(self, path, headers):
        if self.kind == "2chat":
            return headers.get("x-user-api-key") == TWOCHAT_KEY
        if self.kind == "zapi":
            return headers.get("client-token") == ZAPI_CLIENT and path.startswith(
                f"/instances/{ZAPI_ID}/token/{ZAPI_TOKEN}/")
        return headers.get("authorization") == f"Bearer {EAZYBE_TOKEN}"

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def handle_one(self, method):
                at = time.monotonic()
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else {}
                except ValueError:
                    body = {}
                path = self.path.split("?", 1)[0]
                entry = {"at": at, "method": method, "path": path}
                extra = {}
                with standin.lock:
                    if not standin.authorised(path, {k.lower(): v for k, v in self.headers.items()}):
                        status, reply = 401, {"success": False, "message": "Invalid API key"}
                    else:
                        reason = standin.admit(at)
                        entry["reason"] = reason
                        if reason:
                            status = 429
                            reply = {"success": False, "message": "Too many requests"}
                            extra["Retry-After"] = str(standin.retry_after)
                        else:
                            status, reply = getattr(standin, {"2chat": "twochat"}.get(standin.kind, standin.kind))(
                                method, path, body)
                    entry["status"] = status
                    standin.log.append(entry)
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in extra.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)
                entry["done"] = time.monotonic()

            def do_GET(self):
                self.handle_one("GET")

            def do_POST(self):
                self.handle_one("POST")

        return Handler


def floor_seconds(log, gap, retry_after):
    """The fastest schedule the pacing rules allow for the requests the server saw, in order:
    each request at least `gap` after the one before (start to start) and, after a 429, not
    before that answer's Retry-After has passed (for a 429 the stand-in chose, not one earned by
    going over the limit). Counted from the first request's start to the
    last one's; the answers' own latency counts only where a Retry-After runs from it."""
    t = 0.0
    for prev, _ in zip(log, log[1:]):
        nxt = t + gap
        # Only a Retry-After the provider chose to send (random_429) is a rule to wait out; a
        # 429 earned by going over the limit is GroupDrop's own lost time.
        if prev["status"] == 429 and prev.get("reason") == "random":
            nxt = max(nxt, t + (prev["done"] - prev["at"]) + retry_after)
        t = nxt
    return t
