import { levelDepth, type Region, type RegionLevel, type Submission } from '../../api/types';
import { dueAt, type Period } from '../../lib/wib';

/**
 * done: sudah · pending: belum (still in time) · late: terlambat · open: no period, fill whenever
 * needed · unassigned: no region at the theme's level exists below the person's yet
 */
export type TaskState = 'done' | 'pending' | 'late' | 'open' | 'unassigned';

export interface TaskStateInput {
  period: Period;
  periodKey: string | null;
  dueAfter?: string | null;
  /** When this region's submissions for the period were stored on the server. */
  submittedAt: readonly string[];
  /** A submission for this region and period waits in the outbox. */
  queued: boolean;
  now: Date;
}

export interface TaskStatus {
  state: TaskState;
  due: Date | null;
  /** Sent, but after the due time. */
  sentLate: boolean;
  /** Counted as sent because it waits in the outbox. */
  queued: boolean;
}

/**
 * When each of a region's reports for the period was stored, of those that count as sent: a rejected
 * report does not, as the server's completeness does not count it, so the task is open again.
 */
export function countedSubmittedAt(submissions: readonly Pick<Submission, 'status' | 'createdAt'>[]): string[] {
  return submissions.filter((submission) => submission.status !== 'rejected').map((submission) => submission.createdAt);
}

export function taskStatus(input: TaskStateInput): TaskStatus {
  const due = input.periodKey ? dueAt(input.period, input.periodKey, input.dueAfter) : null;
  if (input.period === 'none') return { state: 'open', due: null, sentLate: false, queued: input.queued };
  const first = [...input.submittedAt].sort()[0];
  if (first || input.queued) {
    const sentLate = Boolean(due && first && new Date(first).getTime() > due.getTime());
    return { state: 'done', due, sentLate, queued: input.queued && !first };
  }
  if (due && input.now.getTime() > due.getTime()) return { state: 'late', due, sentLate: false, queued: false };
  return { state: 'pending', due, sentLate: false, queued: false };
}

const STATE_ORDER: Record<TaskState, number> = { late: 0, pending: 1, open: 2, done: 3, unassigned: 4 };

/** Late first, then what is still due, then open themes, then what is done. */
export const compareStates = (left: TaskState, right: TaskState): number => STATE_ORDER[left] - STATE_ORDER[right];

/** The worst state among a theme's regions decides the theme's badge. */
export function overallState(states: readonly TaskState[]): TaskState {
  if (states.length === 0) return 'unassigned';
  return [...states].sort(compareStates)[0];
}

/**
 * The regions at `level` in the subtree of `root` (the root itself when it is at that level), walking
 * down with `loadChildren`. Capped so a city-wide admin does not load ten thousand RTs. RTs are
 * numbered per RW, so "RT 01" comes once in every RW: a name that repeats is shown with its parent's
 * ("RW 02 · RT 01"), or a cadre could not tell which RT a task or a form is for.
 */
export async function regionsAtLevel(
  root: Region,
  level: RegionLevel,
  loadChildren: (code: string) => Promise<Region[]>,
  limit = 300,
): Promise<Region[]> {
  if (root.level === level) return [root];
  if (levelDepth(root.level) > levelDepth(level)) return [];
  const found: { region: Region; parentName: string }[] = [];
  const queue: Region[] = [root];
  let requests = 0;
  while (queue.length > 0 && found.length < limit && requests < 120) {
    const parent = queue.shift() as Region;
    requests += 1;
    for (const child of await loadChildren(parent.code)) {
      if (child.level === level) found.push({ region: child, parentName: parent.name });
      else if (levelDepth(child.level) < levelDepth(level)) queue.push(child);
    }
  }
  const kept = found.slice(0, limit);
  const uses = new Map<string, number>();
  for (const { region } of kept) uses.set(region.name, (uses.get(region.name) ?? 0) + 1);
  return kept.map(({ region, parentName }) => ((uses.get(region.name) ?? 0) > 1 ? { ...region, name: `${parentName} · ${region.name}` } : region));
}
