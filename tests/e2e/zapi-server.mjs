// @ts-check
// A loopback server speaking the Z-API contract (../shared/providers.md §2, seeds/zapi-create-group):
// `/instances/{id}/token/{token}/...` with a `Client-Token` header, digits-only phones.
// It keeps the groups it created so metadata and invite-link calls answer consistently, and logs
// every request so the test can check what the app sent.

import { createServer } from "node:http";

/**
 * @param {{ instanceId: string, instanceToken: string, clientToken: string, ownPhone: string, link: string, notAdded?: number }} cfg
 */
export async function startZapi(cfg) {
  /** @type {Array<{method: string, path: string, clientToken: string | undefined, body: any}>} */
  const requests = [];
  /** @type {Map<string, {name: string, phones: string[]}>} */
  const groups = new Map();
  const prefix = `/instances/${cfg.instanceId}/token/${cfg.instanceToken}/`;

  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      let body = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = raw;
      }
      const clientToken = /** @type {string | undefined} */ (req.headers["client-token"]);
      requests.push({ method: req.method ?? "", path: url.pathname, clientToken, body });
      /** @param {number} status @param {unknown} value */
      const send = (status, value) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(value));
      };
      if (!url.pathname.startsWith(prefix)) return send(404, { error: "Instance not found" });
      if (clientToken !== cfg.clientToken) return send(400, { error: "null not allowed" });
      const rest = url.pathname.slice(prefix.length);
      if (req.method === "GET" && rest === "status") {
        return send(200, { connected: true, error: "You are already connected.", smartphoneConnected: true });
      }
      if (req.method === "GET" && rest === "device") return send(200, { phone: cfg.ownPhone });
      if (req.method === "POST" && rest === "create-group") {
        const id = `1203630195026509${String(groups.size + 10).padStart(2, "0")}-group`;
        /** @type {string[]} */
        const phones = body.phones;
        const notAdded = phones.slice(0, cfg.notAdded ?? 0);
        groups.set(id, { name: body.groupName, phones: phones.filter((p) => !notAdded.includes(p)) });
        return send(200, { phone: id, invitationLink: cfg.link, phonesNotAdded: notAdded });
      }
      if (req.method === "POST" && rest === "add-participant") {
        const g = groups.get(body.groupId);
        if (!g) return send(200, { value: false });
        g.phones.push(...body.phones);
        return send(200, { value: true });
      }
      if (req.method === "POST" && rest.startsWith("group-invitation-link/")) {
        return send(200, { phone: rest.split("/")[1], invitationLink: cfg.link });
      }
      if (req.method === "GET" && rest.startsWith("light-group-metadata/")) {
        const g = groups.get(rest.split("/")[1]);
        if (!g) return send(200, { error: "group not found" });
        return send(200, { phone: rest.split("/")[1], subject: g.name, participants: g.phones.map((p) => ({ phone: p, isAdmin: false })) });
      }
      if (req.method === "GET" && rest === "groups") {
        return send(200, [...groups].map(([id, g]) => ({ phone: id, name: g.name, isGroup: true })));
      }
      return send(405, { error: "method not allowed" });
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", () => r(null)));
  const a = server.address();
  const port = typeof a === "object" && a ? a.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    groups,
    stop: () => new Promise((r) => server.close(() => r(null))),
  };
}
