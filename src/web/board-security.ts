import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * What keeps the board's server to its one user (docs/reference/board.md, "Security"): a local
 * server can be reached by any web page the user visits, so every request needs the token (from
 * the URL once, then an HttpOnly SameSite=Strict cookie), a `Host` that is the bound address (a
 * DNS-rebound name is refused), and for anything that writes an `Origin` of this very server and
 * a JSON body (so no cross-site "simple request" gets through). No CORS header is ever sent.
 */

export const COOKIE = "backlog_board";

export function newToken(): string {
  return randomBytes(24).toString("base64url");
}

/** The response headers every answer carries: nothing inline runs, nothing frames the page, nothing is cached. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

export interface Guard {
  /** The answer to send instead of serving the request (403 and why), or undefined when it may be served. */
  refuse(request: IncomingMessage, url: URL): string | undefined;
  /** The URL load that carries `?token=`: sets the cookie and sends the browser to the clean URL. Returns true when it answered. */
  admit(request: IncomingMessage, url: URL, response: ServerResponse): boolean;
}

/** `hosts`: the `Host` values this server answers to (the bound address with its port, and `localhost` for a loopback one). */
export function createGuard(token: string, hosts: readonly string[]): Guard {
  const expected = Buffer.from(token);
  const matches = (given: string | undefined): boolean => {
    if (given === undefined) return false;
    const bytes = Buffer.from(given);
    return bytes.length === expected.length && timingSafeEqual(bytes, expected);
  };
  return {
    refuse(request, url) {
      const host = request.headers.host;
      if (!host || !hosts.includes(host)) return `Host "${host ?? ""}" is not this board's address`;
      const origin = request.headers.origin;
      const writes = request.method !== "GET" && request.method !== "HEAD";
      if (writes) {
        if (origin !== `http://${host}`) return `a change must come from this board's page (Origin "${origin ?? "none"}")`;
        if (!/^application\/json(;|$)/i.test(request.headers["content-type"] ?? "")) return "a change must be sent as application/json";
      } else if (origin !== undefined && origin !== `http://${host}`) {
        return `Origin "${origin}" is not this board`;
      }
      if (matches(cookieOf(request)) || (url.pathname === "/" && matches(url.searchParams.get("token") ?? undefined))) return undefined;
      return "no valid token: open the URL git-backlog board printed";
    },
    admit(request, url, response) {
      if (!url.searchParams.has("token")) return false;
      response.writeHead(303, {
        ...SECURITY_HEADERS,
        "set-cookie": `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: "/",
      });
      response.end();
      return true;
    },
  };
}

function cookieOf(request: IncomingMessage): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === COOKIE) return value.join("=");
  }
  return undefined;
}
