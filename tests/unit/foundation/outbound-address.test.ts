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
    ['https://10.1.2.3/hook', 'private'],
    ['https://172.16.0.1/hook', 'private'],
    ['https://172.31.255.255/hook', 'private'],
    ['https://192.168.1.1/hook', 'private'],
    ['https://100.64.0.1/hook', 'private'],
    ['https://[::ffff:10.0.0.1]/hook', 'private'],
    ['https://[::ffff:192.168.0.1]/hook', 'private'],
    ['https://[fc00::1]/hook', 'private'],
    ['https://[fd12:3456::1]/hook', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'link-local'],
    ['https://[fe80::1]/hook', 'link-local'],
    ['https://[::ffff:169.254.169.254]/hook', 'link-local'],
    ['https://224.0.0.1/hook', 'multicast'],
    ['https://239.255.255.250/hook', 'multicast'],
    ['https://[ff02::1]/hook', 'multicast'],
    ['https://255.255.255.255/hook', 'reserved'],
    ['https://localhost/hook', 'local name'],
    ['https://localhost./hook', 'local name'],
    ['https://api.localhost/hook', 'local name'],
    ['https://metadata.google.internal/computeMetadata', 'local name'],
    ['https://printer.local/hook', 'local name'],
    ['https://intranet/hook', 'local name'],
    ['http://opd.example.go.id/hook', 'scheme'],
    ['http://93.184.216.34/hook', 'scheme'],
    ['ftp://opd.example.go.id/hook', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['https://user:rahasia@opd.example.go.id/hook', 'credentials'],
    ['bukan url', 'invalid'],
  ])('refuses %s (%s)', (url, reason) => {
    expect(refusal(url)).toBe(reason);
  });

  it.each(['https://opd.example.go.id/hooks/wakuncar', 'https://93.184.216.34/hook', 'https://[2606:4700:4700::1111]/hook', 'https://8.8.8.8:8443/x'])('accepts the public %s', (url) => {
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
    expect(refusal('https://10.0.0.1/hook', hosts)).toBe('private');
    expect(parseAllowHosts('http://x/y').invalid).toEqual(['http://x/y']);
    expect(NO_EXCEPTIONS.allowHosts).toEqual([]);
  });
});
