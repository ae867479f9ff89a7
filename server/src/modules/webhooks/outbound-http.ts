/** What an outbound POST answered; a non-2xx answer or a network error is thrown as `DeliveryFailed`. */
export interface DeliveryResult {
  status: number;
}

export class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}

const TIMEOUT_MS = 10_000;

/** POSTs JSON with a timeout; anything but 2xx fails, so the job is retried with backoff. */
export async function postJson(url: string, body: string, headers: Record<string, string> = {}): Promise<DeliveryResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'Wakuncar', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new DeliveryFailed(`POST ${new URL(url).host}: ${error instanceof Error ? error.message : String(error)}`, null);
  }
  // Drain the body so the connection is released; its content is not kept.
  await response.arrayBuffer().catch(() => undefined);
  if (response.status < 200 || response.status >= 300) throw new DeliveryFailed(`POST ${new URL(url).host} answered ${response.status}`, response.status);
  return { status: response.status };
}
