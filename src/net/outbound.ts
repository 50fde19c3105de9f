import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Transform, type Readable } from 'node:stream';
import {
  AddressRefusedError, HostNotAllowedError, OutboundFailedError, OutboundStatusError, OutboundTimeoutError, UnsupportedUrlError,
} from '../errors.js';

/**
 * The outbound URL guard: what lfp uses to reach a URL someone else gave it (a webhook's receiver, a file to import),
 * so that such a URL cannot make lfp reach what only lfp's own machine or network can (server-side request forgery).
 *
 * Stable API:
 * - `checkUrl(url, policy)`: the scheme is http or https, the host is one the policy allows, and every address its
 *   name resolves to is public (not loopback, private, link-local, unspecified, multicast, shared/CGNAT, reserved,
 *   nor an IPv4-mapped IPv6 form of those), unless the policy allows private addresses or names the host exactly.
 *   Returns the URL with the addresses it checked; throws UnsupportedUrlError, HostNotAllowedError or
 *   AddressRefusedError (errors.ts).
 * - `guardedFetch(url, request)`: checks the URL, then connects to the address it checked (no second DNS lookup that
 *   could answer otherwise), follows redirects itself (each one checked again, at most `maxRedirects`), and bounds
 *   the wait for the answer (`timeoutMs`, also each pause of the body) and the size of the body (`maxBytes`). Any
 *   status is returned; `expectOk` turns a non-2xx into OutboundStatusError (clear messages for 401/403, 404/410).
 *   Failures: OutboundTimeoutError, OutboundFailedError (unreachable, too many redirects, body too large).
 * - `refusedRange(address)`: the name of the range an address is refused as ("loopback", "private"...), or undefined.
 * - `describeUrl(url)`: the URL for a message or a log: no credentials, no query (which may hold a token).
 */

export interface OutboundPolicy {
  /**
   * Hosts that may be reached: exact names or addresses ("feeds.example.com", "10.0.0.7", "[fd00::1]"), "*.example.com"
   * for the subdomains of a domain, "*" for any host. Empty: none. A host named exactly may be at a private address.
   */
  allowedHosts: string[];
  /** Addresses that are not public (loopback, private, link-local...) may be reached, whatever the host. */
  allowPrivate: boolean;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** How a host name is resolved (dns.lookup by default; tests pass their own). */
export type Resolve = (host: string) => Promise<ResolvedAddress[]>;

export interface CheckedUrl {
  url: URL;
  /** The host name, lower-case, without brackets or a trailing dot. */
  host: string;
  /** What the host resolved to, every one checked; a request connects to the first. */
  addresses: ResolvedAddress[];
}

/** The ranges refused by default, by name; an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is checked as its IPv4 address. */
const RANGES: [name: string, subnets: [address: string, prefix: number, type: 'ipv4' | 'ipv6'][]][] = [
  ['unspecified', [['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']]],
  ['loopback', [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']]],
  ['private', [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['fc00::', 7, 'ipv6'], ['fec0::', 10, 'ipv6']]],
  ['shared (carrier-grade NAT)', [['100.64.0.0', 10, 'ipv4']]],
  ['link-local', [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']]],
  ['multicast', [['224.0.0.0', 4, 'ipv4'], ['ff00::', 8, 'ipv6']]],
  ['reserved', [['240.0.0.0', 4, 'ipv4'], ['192.0.0.0', 24, 'ipv4'], ['198.18.0.0', 15, 'ipv4'], ['::', 96, 'ipv6']]],
];
const BLOCKS = RANGES.map(([name, subnets]) => {
  const list = new BlockList();
  for (const [address, prefix, type] of subnets) list.addSubnet(address, prefix, type);
  return { name, list };
});

/** The name of the range `address` is refused as, or undefined for a public address. */
export function refusedRange(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not an address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return BLOCKS.find((block) => block.list.check(address, type))?.name;
}

/** The URL for messages and logs: scheme, host, port and path; no credentials and no query. */
export function describeUrl(url: string | URL): string {
  try {
    const u = typeof url === 'string' ? new URL(url) : url;
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}

const systemResolve: Resolve = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

function normalHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/** Whether the policy allows the host, and whether by its exact name (which lets it be at a private address). */
function hostMatch(host: string, allowed: string[]): 'exact' | 'pattern' | undefined {
  let match: 'pattern' | undefined;
  for (const entry of allowed.map(normalHost)) {
    if (entry === host) return 'exact';
    if (entry === '*' || (entry.startsWith('*.') && host.endsWith(entry.slice(1)))) match = 'pattern';
  }
  return match;
}

/** Checks a URL against the policy and resolves its host; see the module's comment. */
export async function checkUrl(url: string | URL, policy: OutboundPolicy, resolve: Resolve = systemResolve): Promise<CheckedUrl> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UnsupportedUrlError('not a valid URL: give an absolute http:// or https:// URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UnsupportedUrlError(`only http and https URLs can be reached, not ${parsed.protocol.replace(/:$/, '')}:`);
  }
  const host = normalHost(parsed.hostname);
  const match = hostMatch(host, policy.allowedHosts);
  if (!match) throw new HostNotAllowedError(`the host ${host} is not one lfp may reach (not in the allowed hosts)`, host);
  let addresses: ResolvedAddress[];
  const family = isIP(host);
  if (family !== 0) addresses = [{ address: host, family: family as 4 | 6 }];
  else {
    addresses = await resolve(host).catch((error: NodeJS.ErrnoException) => {
      throw new OutboundFailedError(`the host ${host} cannot be resolved (${error.code ?? error.message})`);
    });
    if (addresses.length === 0) throw new OutboundFailedError(`the host ${host} resolves to no address`);
  }
  if (!policy.allowPrivate && match !== 'exact') {
    for (const { address } of addresses) {
      const range = refusedRange(address);
      if (range !== undefined) {
        const at = address === host ? `${host} is` : `${host} resolves to ${address},`;
        throw new AddressRefusedError(`refused: ${at} a ${range} address, which lfp does not reach for a URL it was given`, host, address, range);
      }
    }
  }
  return { url: parsed, host, addresses };
}

export interface OutboundRequest {
  policy: OutboundPolicy;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** For the answer's headers (DNS, connection and redirects included), and for each pause while its body arrives. */
  timeoutMs: number;
  /** Largest body accepted; a larger one fails with OutboundFailedError while it is read. */
  maxBytes: number;
  /** Redirects followed (default 5); 0 returns a redirect as the answer. */
  maxRedirects?: number;
  resolve?: Resolve;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The URL that answered, after redirects. */
  url: URL;
  /** The address connected to. */
  address: string;
  /** The body, bounded by maxBytes and the timeout: errors with OutboundFailedError or OutboundTimeoutError. */
  body: Readable;
  /** The whole body as text (bounded as above). */
  text(): Promise<string>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CROSS_ORIGIN_DROPPED = ['authorization', 'cookie', 'proxy-authorization'];

/** Sends a request to a URL someone gave lfp; see the module's comment. */
export async function guardedFetch(url: string | URL, request: OutboundRequest): Promise<OutboundResponse> {
  const deadline = Date.now() + request.timeoutMs;
  let method = (request.method ?? 'GET').toUpperCase();
  let body = request.body;
  let headers = { ...request.headers };
  let current: string | URL = url;
  const maxRedirects = request.maxRedirects ?? 5;
  for (let redirects = 0; ; redirects++) {
    const target = await withDeadline(checkUrl(current, request.policy, request.resolve), deadline, current, request.timeoutMs);
    const response = await send(target, { method, headers, body }, deadline, request.timeoutMs);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode!) || location === undefined || maxRedirects === 0) {
      return bounded(response, target, request);
    }
    response.resume();
    if (redirects >= maxRedirects) throw new OutboundFailedError(`${describeUrl(url)} redirected more than ${maxRedirects} times`);
    const next = new URL(location, target.url);
    if (next.origin !== target.url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !CROSS_ORIGIN_DROPPED.includes(k.toLowerCase())));
    if (response.statusCode === 303 || ((response.statusCode === 301 || response.statusCode === 302) && method === 'POST')) {
      method = method === 'HEAD' ? 'HEAD' : 'GET';
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-/i.test(k)));
    }
    current = next;
  }
}

/** Turns a non-2xx answer into OutboundStatusError, its body discarded. */
export function expectOk(response: OutboundResponse): OutboundResponse {
  const { status } = response;
  if (status >= 200 && status < 300) return response;
  response.body.resume();
  const at = describeUrl(response.url);
  const message = status === 401 || status === 403 ? `${at} refused access (HTTP ${status}): check the URL's credentials or signature`
    : status === 404 || status === 410 ? `${at} was not found (HTTP ${status})`
    : `${at} answered HTTP ${status}`;
  throw new OutboundStatusError(message, status);
}

function timeoutError(url: string | URL, ms: number): OutboundTimeoutError {
  return new OutboundTimeoutError(`${describeUrl(url)} did not answer within ${ms / 1000} s`);
}

async function withDeadline<T>(work: Promise<T>, deadline: number, url: string | URL, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(url, timeoutMs)), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** One request, connected to the first checked address (the lookup answers with it; an IP host needs none). */
function send(
  target: CheckedUrl,
  init: { method: string; headers: Record<string, string>; body: string | Buffer | undefined },
  deadline: number,
  timeoutMs: number,
): Promise<IncomingMessage> {
  const pinned = target.addresses[0]!;
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const requestOf = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = requestOf(target.url, { method: init.method, headers: init.headers, lookup, agent: false }, (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    const timer = setTimeout(() => req.destroy(timeoutError(target.url, timeoutMs)), Math.max(0, deadline - Date.now()));
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof OutboundTimeoutError ? error
        : new OutboundFailedError(`${describeUrl(target.url)} cannot be reached: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
    });
    req.end(init.body);
  });
}

function bounded(response: IncomingMessage, target: CheckedUrl, request: OutboundRequest): OutboundResponse {
  const tooLarge = () => new OutboundFailedError(`${describeUrl(target.url)} sent more than ${request.maxBytes} bytes`);
  let seen = 0;
  const body = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > request.maxBytes ? tooLarge() : null, chunk);
    },
  });
  const declared = Number(response.headers['content-length']);
  response.setTimeout(request.timeoutMs, () => response.destroy(timeoutError(target.url, request.timeoutMs)));
  response.on('error', (error) => body.destroy(error instanceof OutboundTimeoutError ? error : new OutboundFailedError(
    `${describeUrl(target.url)} broke off its answer: ${(error as NodeJS.ErrnoException).code ?? error.message}`,
  )));
  if (Number.isFinite(declared) && declared > request.maxBytes) {
    response.destroy();
    process.nextTick(() => body.destroy(tooLarge()));
  } else response.pipe(body);
  return {
    status: response.statusCode!,
    headers: response.headers,
    url: target.url,
    address: target.addresses[0]!.address,
    body,
    async text() {
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
