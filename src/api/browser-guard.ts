import type { FastifyRequest } from 'fastify';
import { isIP } from 'node:net';
import { ForbiddenError, MisdirectedRequestError } from '../errors.js';

/**
 * What a browser on the user's machine, running pages of any site, must not be able to do with lfp:
 *
 * - DNS rebinding: a page of evil.example whose name is made to resolve to 127.0.0.1 could read the API as its
 *   own origin. Its requests still say `Host: evil.example`, so every request must name a host this server
 *   serves, or is answered 421 Misdirected Request (RFC 9110: the server is not authoritative for that host;
 *   403 would say the client may not have what it asked of the right server) before anything is read.
 * - Cross-site request forgery: a page can send a form or a "simple" fetch (text/plain, multipart) to the API
 *   without a preflight. A write is refused (403) when its `Origin` is not the server's own origin (the host
 *   and port it was sent to), or when the browser says it comes from another origin (`Sec-Fetch-Site`); a
 *   same-site page of another port (localhost:8080) is another origin too. Clients other than browsers send
 *   neither header, and keep working.
 */

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Loopback names: a page cannot make a browser resolve them elsewhere (*.localhost: RFC 6761). */
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
/** Host header syntax: a name, an IPv4 address or a bracketed IPv6 address, then an optional port. */
const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::\d{1,5})?$/i;

/**
 * The onRequest hook. `allowedHosts` (LFP_ALLOWED_HOSTS) are the names the server is reached by besides the
 * loopback names and the address a request came in on (which covers the address it listens on, and any address
 * of the machine when it listens on 0.0.0.0 or ::).
 */
export function browserGuard(allowedHosts: readonly string[]) {
  const allowed = new Set([...LOOPBACK, ...allowedHosts.map(hostName)]);
  return async (request: FastifyRequest) => {
    const host = request.headers.host;
    // A request without Host (HTTP/1.0) is not from a browser: there is nothing to rebind.
    if (host !== undefined && !serves(allowed, host, request.socket.localAddress)) {
      throw new MisdirectedRequestError(`this server does not serve the host ${JSON.stringify(host.slice(0, 100))}: set LFP_ALLOWED_HOSTS to serve it`);
    }
    if (!WRITES.has(request.method)) return;
    const origin = request.headers.origin;
    if (origin !== undefined && (host === undefined || !isOwnOrigin(origin, host))) {
      throw new ForbiddenError(`a write from a page of another origin (${JSON.stringify(origin.slice(0, 100))}) is refused`);
    }
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      throw new ForbiddenError(`a write from a page of another origin (Sec-Fetch-Site: ${site.slice(0, 20)}) is refused`);
    }
  };
}

/** A host as the allowed set holds it: lower case, IPv6 in brackets, without the trailing dot of a full name. */
function hostName(name: string): string {
  const lower = name.toLowerCase().replace(/\.$/, '');
  return isIP(lower) === 6 ? `[${lower}]` : lower;
}

function serves(allowed: Set<string>, host: string, localAddress: string | undefined): boolean {
  const match = HOST.exec(host);
  if (!match) return false;
  const name = hostName(match[1]!);
  if (allowed.has(name) || name.endsWith('.localhost')) return true;
  // The address the connection came in on: the one the server listens on, or one of the machine's on 0.0.0.0.
  const address = name.startsWith('[') ? name.slice(1, -1) : name;
  return isIP(address) !== 0 && localAddress !== undefined && address === localAddress.replace(/^::ffff:(?=\d+\.)/, '');
}

/**
 * Whether `origin` (scheme://host[:port]) is the origin the request was sent to, by the Host it names. The scheme is
 * not compared: behind a TLS proxy the server does not know it, and no other server can serve the same host and port.
 */
function isOwnOrigin(origin: string, host: string): boolean {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    // Parsed with the origin's scheme, so that a default port (80, 443) compares equal whether written or not.
    return url.host === new URL(`${url.protocol}//${host}`).host;
  } catch {
    return false; // "null" (a sandboxed frame, a file), or not an origin at all
  }
}
