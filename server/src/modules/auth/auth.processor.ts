import { Injectable } from '@nestjs/common';
import { OutboxRelay } from '../jobs/outbox-relay';
import { AuthService } from './auth.service';

/** Login failures are looked for hourly (and at start); retention is counted in days. */
const PRUNE_INTERVAL_MS = 3_600_000;

/** The sweep that prunes old login failures, beside the outbox relay of API processes. */
@Injectable()
export class AuthProcessor {
  constructor(relay: OutboxRelay, auth: AuthService) {
    relay.sweep(
      'Login failure pruning',
      async () => {
        await auth.pruneLoginFailures();
        return false;
      },
      PRUNE_INTERVAL_MS,
    );
  }
}
