import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkOutboundUrl, OutboundPolicy, OutboundUrlRefused, refusedAddressReason } from '../../common/outbound-address';

/** What an outbound POST answered; a non-2xx answer or a network error is thrown as `DeliveryFailed`. */
export interface DeliveryResult {
  status: number;
}

export class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    /** The URL or its address is refused: sending again cannot succeed until it changes. */
    readonly refused = false,
  ) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}

/**
 * The URL or its address was refused: sending again cannot succeed until it changes, so a delivery
 * is given up at once rather than retried for hours.
 */
export const addressRefused = (error: unknown): boolean => error instanceof DeliveryFailed && error.refused;

/** A receiver gets this long to answer; a slow one must not hold a worker. */
export const OUTBOUND_TIMEOUT_MS = 5_000;

interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves the host now, refusing it when any of its addresses is not public (a name that also
 * resolves to 127.0.0.1 would be a way in), and answers the one address the request will use.
 */
export async function resolveOutbound(rawUrl: string, policy: OutboundPolicy): Promise<{ url: URL; address: ResolvedAddress | null }> {
  const target = checkOutboundUrl(rawUrl, policy);
  // An IP literal is connected to as written (already checked); no lookup happens for it.
  if (target.literal) return { url: target.url, address: null };
  const addresses = await (policy.resolve ?? systemResolve)(target.host);
  if (!addresses.length) throw new OutboundUrlRefused('unresolved', `Nama ${target.host} tidak ditemukan`);
  if (!target.allowed) {
    for (const { address } of addresses) {
      const reason = refusedAddressReason(address);
      if (reason) throw new OutboundUrlRefused(reason, `${target.host} menunjuk ke alamat ${reason} (${address}); hanya alamat internet publik yang diizinkan`);
    }
  }
  const first = addresses[0];
  return { url: target.url, address: { address: first.address, family: first.family === 6 ? 6 : 4 } };
}

function systemResolve(host: string): Promise<{ address: string; family: number }[]> {
  return dnsLookup(host, { all: true, verbatim: true });
}

/** A `lookup` that answers the checked address only, so the connection cannot go anywhere else (DNS rebinding). */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

/**
 * POSTs JSON to a checked, resolved and pinned address: https only (http for OUTBOUND_ALLOW_HOSTS),
 * no redirects (a 3xx is a failure), a short timeout, and the answer's body read and thrown away,
 * never kept or logged. Anything but 2xx fails, so the caller's retry logic takes over.
 */
export async function postJson(rawUrl: string, body: string, headers: Record<string, string>, policy: OutboundPolicy): Promise<DeliveryResult> {
  let url: URL;
  let address: ResolvedAddress | null;
  try {
    ({ url, address } = await resolveOutbound(rawUrl, policy));
  } catch (error) {
    const host = safeHost(rawUrl);
    if (error instanceof OutboundUrlRefused) throw new DeliveryFailed(`POST ${host} refused: ${error.message}`, null, true);
    throw new DeliveryFailed(`POST ${host}: ${error instanceof Error ? error.message : String(error)}`, null);
  }
  const status = await new Promise<number>((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      url,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'Wakuncar', 'Content-Length': String(Buffer.byteLength(body)), ...headers },
        agent: false,
        ...(address && { lookup: pinnedLookup(address) }),
        timeout: OUTBOUND_TIMEOUT_MS,
      },
      (response: IncomingMessage) => {
        // Drained so the socket closes; its content is never looked at.
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${OUTBOUND_TIMEOUT_MS} ms`)), OUTBOUND_TIMEOUT_MS);
    request.on('timeout', () => request.destroy(new Error(`no answer within ${OUTBOUND_TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.on('close', () => clearTimeout(deadline));
    request.end(body);
  }).catch((error: unknown) => {
    throw new DeliveryFailed(`POST ${url.host}: ${error instanceof Error ? error.message : String(error)}`, null);
  });
  if (status < 200 || status >= 300) throw new DeliveryFailed(`POST ${url.host} answered ${status}`, status);
  return { status };
}

function safeHost(rawUrl: string): string {
  try {
    return new URL(rawUrl).host;
  } catch {
    return '(invalid URL)';
  }
}
