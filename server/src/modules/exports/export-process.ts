import { fork } from 'node:child_process';
import { extname, join } from 'node:path';
import type { ExportMessage, ExportPlan } from './export-child';

/**
 * Runs an export plan in a process of its own (export-child.ts) and answers its row count: the
 * worker keeps its memory for its other jobs, and an export of any size stays within the few dozen
 * MB of a process that loads only the driver and the writers. Under ts-node (tests) the child runs
 * the TypeScript source the same way.
 */
export function runInChild(plan: ExportPlan, progress: (done: number, total: number) => void): Promise<number> {
  const typescript = extname(__filename) === '.ts';
  const child = fork(join(__dirname, `export-child${extname(__filename)}`), [], {
    // A roomier young generation: an export allocates rows and text at a steady pace, and collecting
    // them less often (promoting fewer) is faster for about 30 MB more.
    execArgv: ['--max-semi-space-size=32', ...(typescript ? ['-r', 'ts-node/register/transpile-only'] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let outcome: ExportMessage | null = null;
    child.on('message', (message: ExportMessage) => {
      if ('progress' in message) progress(message.progress, message.total);
      else outcome = message;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const result = outcome as ExportMessage | null;
      if (result && 'done' in result) resolve(result.done);
      else reject(new Error(result && 'error' in result ? result.error : `the export process ended (${signal ?? code})`));
    });
    child.send(plan);
  });
}
