import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * Which outbound URLs and addresses the server may send to (webhooks, the reminder webhook). A URL
 * an admin types could otherwise make the server reach what only it can reach: its own ports, the
 * city's intranet, a cloud metadata service. Pure functions, shared by the configuration check, the
 * registration check and the sender.
 */

/** Hosts (names or addresses) that may be reached over http and at local addresses: OUTBOUND_ALLOW_HOSTS. */
export interface OutboundPolicy {
  allowHosts: readonly string[];
  /** How a name is resolved: the system's resolver unless given (tests answer without DNS). */
  resolve?: (host: string) => Promise<{ address: string; family: number }[]>;
}

export const NO_EXCEPTIONS: OutboundPolicy = { allowHosts: [] };

/**
 * A host as the URL parser writes it: `127.1`, `2130706433` and `0x7f.1` all become `127.0.0.1`, an
 * IPv6 literal loses its brackets and is compressed. Null when it is not a host at all.
 */
export function canonicalHost(host: string): string | null {
  try {
    const hostname = new URL(`http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}/`).hostname;
    return unbracket(hostname).replace(/\.$/, '').toLowerCase();
  } catch {
    return null;
  }
}

function unbracket(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** Parses OUTBOUND_ALLOW_HOSTS (comma separated); null for an entry that is not a host. */
export function parseAllowHosts(raw: string | null): { hosts: string[]; invalid: string[] } {
  const hosts: string[] = [];
  const invalid: string[] = [];
  for (const entry of (raw ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const host = canonicalHost(entry);
    if (host === null || /[/?#@]/.test(entry)) invalid.push(entry);
    else hosts.push(host);
  }
  return { hosts, invalid };
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

/** The 16 bytes of an IPv6 address (with `::` and a trailing dotted IPv4 part). */
function ipv6Bytes(address: string): number[] {
  let text = address.split('%')[0];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = ipv4Bytes(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === null ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

function inV4(bytes: number[], prefix: number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit++) {
    const mask = 0x80 >> bit % 8;
    if ((bytes[Math.floor(bit / 8)] & mask) !== (prefix[Math.floor(bit / 8)] & mask)) return false;
  }
  return true;
}

/** IPv4 ranges that are not the public internet (RFC 6890 and friends). */
const IPV4_REFUSED: [number[], number, string][] = [
  [[0, 0, 0, 0], 8, 'unspecified'],
  [[10, 0, 0, 0], 8, 'private'],
  [[100, 64, 0, 0], 10, 'private'],
  [[127, 0, 0, 0], 8, 'loopback'],
  [[169, 254, 0, 0], 16, 'link-local'],
  [[172, 16, 0, 0], 12, 'private'],
  [[192, 0, 0, 0], 24, 'reserved'],
  [[192, 0, 2, 0], 24, 'reserved'],
  [[192, 88, 99, 0], 24, 'reserved'],
  [[192, 168, 0, 0], 16, 'private'],
  [[198, 18, 0, 0], 15, 'reserved'],
  [[198, 51, 100, 0], 24, 'reserved'],
  [[203, 0, 113, 0], 24, 'reserved'],
  [[224, 0, 0, 0], 4, 'multicast'],
  [[240, 0, 0, 0], 4, 'reserved'],
];

/** IPv6 ranges that are not the public internet; those that embed an IPv4 address are checked as it. */
const IPV6_REFUSED: [number[], number, string][] = [
  [[0xfc], 7, 'private'],
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'private'],
  [[0xff], 8, 'multicast'],
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'],
  [[0x20, 0x01, 0x00, 0x00], 32, 'reserved'],
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, 'reserved'],
];

function v4Reason(bytes: number[]): string | null {
  for (const [prefix, bits, reason] of IPV4_REFUSED) if (inV4(bytes, prefix, bits)) return reason;
  return null;
}

function v6Reason(bytes: number[]): string | null {
  const zeroPrefix = (count: number) => bytes.slice(0, count).every((byte) => byte === 0);
  if (bytes.every((byte) => byte === 0)) return 'unspecified';
  if (zeroPrefix(15) && bytes[15] === 1) return 'loopback';
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64): the IPv4 address decides.
  const mapped = zeroPrefix(10) && bytes[10] === 0xff && bytes[11] === 0xff;
  const nat64 = inV4(bytes, [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96);
  if (mapped || nat64) return v4Reason(bytes.slice(12));
  if (zeroPrefix(12)) return v4Reason(bytes.slice(12)) ?? 'reserved';
  // 6to4 (2002::/16) carries an IPv4 address in its next 32 bits.
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4Reason(bytes.slice(2, 6));
  for (const [prefix, bits, reason] of IPV6_REFUSED) if (inV4(bytes, prefix, bits)) return reason;
  return null;
}

/** The addresses of this machine's own interfaces, public ones included. */
function ownAddresses(): Set<string> {
  const own = new Set<string>();
  for (const list of Object.values(networkInterfaces())) for (const entry of list ?? []) own.add(canonicalHost(entry.address) ?? entry.address);
  return own;
}

/**
 * Why `address` (an IP literal) may not be sent to: `loopback`, `private`, `link-local`, `multicast`,
 * `unspecified`, `reserved` or `this machine`; null when it is a public address.
 */
export function refusedAddressReason(address: string): string | null {
  const plain = unbracket(address);
  const family = isIP(plain.split('%')[0]);
  if (family === 0) return 'not an address';
  const reason = family === 4 ? v4Reason(ipv4Bytes(plain)) : v6Reason(ipv6Bytes(plain));
  if (reason) return reason;
  return ownAddresses().has(canonicalHost(plain) ?? plain) ? 'this machine' : null;
}

/** Names that mean a local or internal host whatever DNS says (RFC 6761, mDNS, cloud metadata). */
const LOCAL_NAME = /(^|\.)(localhost|local|internal|localdomain|home\.arpa|intranet|lan)$/;

export interface OutboundTarget {
  url: URL;
  /** The host without brackets, lower case. */
  host: string;
  /** On OUTBOUND_ALLOW_HOSTS: http and local addresses are accepted. */
  allowed: boolean;
  /** The host is an IP literal (nothing to resolve). */
  literal: boolean;
}

export class OutboundUrlRefused extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundUrlRefused';
  }
}

/**
 * Checks what can be checked without the network: scheme (https only), credentials, and a host that
 * is an address or a local name. Throws `OutboundUrlRefused` with an Indonesian message.
 */
export function checkOutboundUrl(raw: string, policy: OutboundPolicy): OutboundTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundUrlRefused('invalid', 'Alamat bukan URL yang sah');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboundUrlRefused('scheme', 'Alamat harus memakai https');
  if (url.username || url.password) throw new OutboundUrlRefused('credentials', 'Alamat tidak boleh memuat nama pengguna atau kata sandi');
  const host = unbracket(url.hostname).replace(/\.$/, '').toLowerCase();
  const allowed = policy.allowHosts.includes(host);
  const literal = isIP(host) !== 0;
  if (allowed) return { url, host, allowed, literal };
  if (url.protocol !== 'https:') throw new OutboundUrlRefused('scheme', 'Alamat harus memakai https');
  if (literal) {
    const reason = refusedAddressReason(host);
    if (reason) throw new OutboundUrlRefused(reason, `Alamat ${host} adalah alamat ${reason}; hanya alamat internet publik yang diizinkan`);
  } else if (!host.includes('.') || LOCAL_NAME.test(host)) {
    throw new OutboundUrlRefused('local name', `Nama ${host} menunjuk ke jaringan lokal; hanya alamat internet publik yang diizinkan`);
  }
  return { url, host, allowed, literal };
}
