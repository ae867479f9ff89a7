import { notifyManager } from '@tanstack/react-query';
import { prefetchOpenedForm } from './prefetch';
import { createQueryClient } from '../../../app/query-client';

// main.tsx imports this module before any other, and it needs neither React's renderer nor a
// screen: a form opened by link puts its reads in the query cache (taking the answers
// early-reads.ts asked for ahead of the app) and opens the device's database before React, the
// router and every screen have been evaluated, which takes a while on a slow phone.

// Query results reach the screen in the same task instead of one timer later each (TanStack's
// documented option): opening a form makes several reads, and on a slow phone every extra task
// between them shows.
notifyManager.setScheduler(queueMicrotask);

export const queryClient = createQueryClient();
/** Settles when a form opened by link can be drawn from what its reads answered; null when the app was not opened on a form. */
export const formReads = prefetchOpenedForm(queryClient, window.location);
