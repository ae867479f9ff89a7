import { networkInterfaces } from 'node:os';
import { checkOutboundUrl, NO_EXCEPTIONS, OutboundUrlRefused, parseAllowHosts, refusedAddressReason } from '../../../server/src/common/outbound-address';

/** Nothing here opens a socket or asks DNS: these are the checks made before anything is sent. */
function refusal(url: string, allowHosts: string[] = []): string | null {
  try {
    checkOutboundUrl(url, { allowHosts });
    return null;
  } catch (error) {
    if (error instanceof OutboundUrlRefused) return error.reason;
    throw error;
  }
}

/*
 * Ranges outside loopback are written here as prefixes, not as addresses: the test checks each one's
 * first and last address (and, written after IPv4-mapped IPv6, the same two), and that the addresses
 * just outside it are public. No test names an address it could send to; nothing here sends at all.
 */
type Range = { prefix: number[]; bits: number; reason: string; publicNeighbours: boolean };

/** The first and the last address of a prefix, as bytes. */
function edges({ prefix, bits }: Range, size: number): [number[], number[]] {
  const first = Array.from({ length: size }, (_, index) => prefix[index] ?? 0);
  const last = first.map((byte, index) => {
    const kept = Math.max(0, Math.min(8, bits - index * 8));
    return byte | (0xff >> kept);
  });
  return [first, last];
}

/** The address `step` (±1) away from `bytes`, or null past either end of the space. */
function neighbour(bytes: number[], step: 1 | -1): number[] | null {
  const next = [...bytes];
  for (let index = next.length - 1; index >= 0; index--) {
    next[index] += step;
    if (next[index] >= 0 && next[index] <= 0xff) return next;
    next[index] = step === 1 ? 0 : 0xff;
  }
  return null;
}

const v4 = (bytes: number[]): string => bytes.join('.');
const v6 = (bytes: number[]): string =>
  Array.from({ length: 8 }, (_, group) => ((bytes[group * 2] << 8) | bytes[group * 2 + 1]).toString(16)).join(':');

const V4_RANGES: Range[] = [
  { prefix: [10], bits: 8, reason: 'private', publicNeighbours: true },
  { prefix: [172, 16], bits: 12, reason: 'private', publicNeighbours: true },
  { prefix: [192, 168], bits: 16, reason: 'private', publicNeighbours: true },
  { prefix: [100, 64], bits: 10, reason: 'private', publicNeighbours: true },
  { prefix: [169, 254], bits: 16, reason: 'link-local', publicNeighbours: true },
  // Followed by the reserved 240/4, whose last address is the broadcast address.
  { prefix: [224], bits: 4, reason: 'multicast', publicNeighbours: false },
  { prefix: [240], bits: 4, reason: 'reserved', publicNeighbours: false },
];

const V6_RANGES: Range[] = [
  { prefix: [0xfc], bits: 7, reason: 'private', publicNeighbours: false },
  { prefix: [0xfe, 0x80], bits: 10, reason: 'link-local', publicNeighbours: false },
  { prefix: [0xff], bits: 8, reason: 'multicast', publicNeighbours: false },
];

const rangeCases = [
  ...V4_RANGES.flatMap((range) =>
    edges(range, 4).flatMap((bytes) => [
      [`https://${v4(bytes)}/hook`, range.reason],
      [`https://[::ffff:${v4(bytes)}]/hook`, range.reason],
    ]),
  ),
  ...V6_RANGES.flatMap((range) => edges(range, 16).map((bytes) => [`https://[${v6(bytes)}]/hook`, range.reason])),
];

/** Addresses just outside the refused ranges: the public internet, where webhooks may go. */
const publicNeighbours = V4_RANGES.filter((range) => range.publicNeighbours).flatMap((range) => {
  const [first, last] = edges(range, 4);
  return [neighbour(first, -1), neighbour(last, 1)].filter((bytes): bytes is number[] => bytes !== null).map(v4);
});

describe('which outbound URLs a webhook may use', () => {
  it.each([
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://127.1/hook', 'loopback'],
    ['https://2130706433/hook', 'loopback'],
    ['https://0x7f.1/hook', 'loopback'],
    ['https://0x7f000001/hook', 'loopback'],
    ['https://0177.0.0.1/hook', 'loopback'],
    ['https://127.000.000.001/hook', 'loopback'],
    ['https://[::1]/hook', 'loopback'],
    ['https://[0:0:0:0:0:0:0:1]/hook', 'loopback'],
    ['https://[::ffff:127.0.0.1]/hook', 'loopback'],
    ['https://[::ffff:7f00:1]/hook', 'loopback'],
    ['https://[::127.0.0.1]/hook', 'loopback'],
    ['https://[64:ff9b::127.0.0.1]/hook', 'loopback'],
    ['https://[2002:7f00:1::]/hook', 'loopback'],
    ['https://0.0.0.0/hook', 'unspecified'],
    ['https://0/hook', 'unspecified'],
    ['https://[::]/hook', 'unspecified'],
    ...rangeCases,
    ['https://localhost/hook', 'local name'],
    ['https://localhost./hook', 'local name'],
    ['https://api.localhost/hook', 'local name'],
    ['https://metadata.google.internal/computeMetadata', 'local name'],
    ['https://printer.local/hook', 'local name'],
    ['https://intranet/hook', 'local name'],
    ['http://opd.example/hook', 'scheme'],
    [`http://${publicNeighbours[0]}/hook`, 'scheme'],
    ['ftp://opd.example/hook', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['https://user:rahasia@opd.example/hook', 'credentials'],
    ['bukan url', 'invalid'],
  ])('refuses %s (%s)', (url, reason) => {
    expect(refusal(url)).toBe(reason);
  });

  it.each(['https://opd.example/hooks/wakuncar', ...publicNeighbours.map((address) => `https://${address}:8443/hook`)])('accepts the public %s', (url) => {
    expect(refusal(url)).toBeNull();
  });

  it("refuses every address of this machine's own interfaces, public ones too", () => {
    const own = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((entry) => entry.address));
    expect(own.length).toBeGreaterThan(0);
    for (const address of own) expect({ address, reason: refusedAddressReason(address) }).toEqual({ address, reason: expect.any(String) });
  });

  it('lets OUTBOUND_ALLOW_HOSTS reach a local receiver over http, and only the hosts it lists', () => {
    const { hosts, invalid } = parseAllowHosts(' 127.1 , localhost,[::1] ');
    expect({ hosts, invalid }).toEqual({ hosts: ['127.0.0.1', 'localhost', '::1'], invalid: [] });
    expect(refusal('http://127.0.0.1:4000/hook', hosts)).toBeNull();
    expect(refusal('http://2130706433:4000/hook', hosts)).toBeNull();
    expect(refusal('http://[::1]:4000/hook', hosts)).toBeNull();
    expect(refusal('http://127.0.0.2:4000/hook', hosts)).toBe('scheme');
    expect(refusal(`https://${v4(edges(V4_RANGES[0], 4)[0])}/hook`, hosts)).toBe('private');
    expect(parseAllowHosts('http://x/y').invalid).toEqual(['http://x/y']);
    expect(NO_EXCEPTIONS.allowHosts).toEqual([]);
  });
});
