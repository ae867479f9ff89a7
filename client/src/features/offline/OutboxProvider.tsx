import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { createSubmission, uploadFile } from '../../api/endpoints';
import { queryKeys } from '../../api/queries';
import { useAuth } from '../auth/AuthProvider';
import { whenIdle } from '../../lib/idle';
import { database, type OutboxItem } from './database';
import { Outbox, type FlushReport, type NewOutboxItem, type OutboxTransport } from './outbox';

/** The real way out: the submission as the API expects it, and photos to /api/files. */
const apiTransport: OutboxTransport = {
  send: (item) =>
    // filledAt: when the cadre pressed Kirim on the phone, the same on every retry, so a report filled
    // offline on time counts as on time.
    createSubmission(item.theme, { id: item.id, regionCode: item.regionCode, period: item.period, version: item.version, data: item.data, filledAt: item.createdAt }),
  upload: (file) => uploadFile(file.blob, file.name),
};

let sharedOutbox: Outbox | null = null;
/** One outbox per page, so every component sees (and locks) the same queue. */
export function appOutbox(): Outbox {
  sharedOutbox ??= new Outbox(database, apiTransport);
  return sharedOutbox;
}

export interface OutboxValue {
  items: OutboxItem[];
  waiting: number;
  rejected: number;
  sending: boolean;
  /** The server answered 401 while sending: items wait until the cadre logs in again. */
  authRequired: boolean;
  lastReport: FlushReport | null;
  enqueue: (item: NewOutboxItem) => Promise<OutboxItem>;
  /** Sends now, whatever the retry timer says. */
  sendNow: () => Promise<FlushReport | null>;
  remove: (id: string) => Promise<void>;
  resendAsNew: (id: string) => Promise<OutboxItem | undefined>;
}

const OutboxContext = createContext<OutboxValue | null>(null);

export function useOutbox(): OutboxValue {
  const value = useContext(OutboxContext);
  if (!value) throw new Error('useOutbox needs an <OutboxProvider>');
  return value;
}

interface OutboxProviderProps {
  children: ReactNode;
  /** Tests pass their own outbox; the app uses the shared one. */
  outbox?: Outbox;
  /** Called with the ids the server just stored. */
  onSent?: (ids: string[]) => void;
}

/**
 * Keeps the queue moving: sends when the page opens, when the connection comes back (`online`), when
 * the app comes to the foreground (`focus`, `visibilitychange`) and on a retry timer with backoff.
 */
export function OutboxProvider({ children, outbox: given, onSent }: OutboxProviderProps): ReactElement {
  const outbox = given ?? appOutbox();
  const { user } = useAuth();
  const userId = user?.id ?? null;
  const queryClient = useQueryClient();
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [sending, setSending] = useState(false);
  const [lastReport, setLastReport] = useState<FlushReport | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onSentRef = useRef(onSent);
  onSentRef.current = onSent;

  const refresh = useCallback(async () => {
    setItems(userId ? await outbox.list(userId) : []);
  }, [outbox, userId]);

  const flush = useCallback(
    async (force: boolean): Promise<FlushReport | null> => {
      if (!userId) return null;
      // With no network at all there is nothing to try; the `online` event starts the next run.
      if (typeof navigator !== 'undefined' && navigator.onLine === false) {
        const waiting = (await outbox.counts(userId)).waiting;
        return { sent: [], rejected: [], waiting, authRequired: false, offline: true };
      }
      setSending(true);
      try {
        const report = await outbox.flush(userId, { force });
        setLastReport(report);
        if (report.sent.length > 0) {
          await queryClient.invalidateQueries({ queryKey: queryKeys.submissionsRoot });
          onSentRef.current?.(report.sent);
        }
        return report;
      } finally {
        setSending(false);
      }
    },
    [outbox, userId, queryClient],
  );

  const schedule = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!userId) return;
    const delay = await outbox.nextAttemptIn(userId);
    if (delay === null) return;
    timer.current = setTimeout(() => {
      void flush(false).then(schedule);
    }, Math.max(delay, 1000));
  }, [outbox, userId, flush]);

  useEffect(() => {
    void refresh();
    return outbox.subscribe(() => void refresh());
  }, [outbox, refresh]);

  useEffect(() => {
    if (!userId) return undefined;
    const sendAll = (): void => {
      if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
      void flush(true).then(schedule);
    };
    const onVisible = (): void => {
      if (document.visibilityState === 'visible') sendAll();
    };
    // On opening, once the first screen is drawn: the queue waited this long, a moment more costs
    // nothing, and on a slow phone the cadre sees the form sooner.
    const cancelFirstRun = whenIdle(sendAll, 2000);
    window.addEventListener('online', sendAll);
    window.addEventListener('focus', sendAll);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      cancelFirstRun();
      window.removeEventListener('online', sendAll);
      window.removeEventListener('focus', sendAll);
      document.removeEventListener('visibilitychange', onVisible);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [userId, flush, schedule]);

  const value = useMemo<OutboxValue>(
    () => ({
      items,
      waiting: items.filter((item) => item.state === 'waiting').length,
      rejected: items.filter((item) => item.state === 'rejected').length,
      sending,
      authRequired: lastReport?.authRequired ?? false,
      lastReport,
      enqueue: (item) => outbox.enqueue(item),
      sendNow: async () => {
        const report = await flush(true);
        await schedule();
        return report;
      },
      remove: (id) => outbox.remove(id),
      resendAsNew: async (id) => {
        const item = await outbox.resendAsNew(id);
        void flush(true).then(schedule);
        return item;
      },
    }),
    [items, sending, lastReport, outbox, flush, schedule, userId],
  );

  return <OutboxContext.Provider value={value}>{children}</OutboxContext.Provider>;
}
