// The ceiling of bench/ingest.ts, in a process of its own (forked by it; never run by hand): the least a
// server can do for a submission and still store it. Plain node:http and one pg pool, no framework, no
// auth, no validation: read the body, JSON.parse it, INSERT the submission row (a named prepared
// statement on a pool as large as the API's), answer 201. Started with `--ceiling`; it reports its
// port, and its CPU time when asked, over IPC.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';

export interface CeilingSettings {
  databaseUrl: string;
  themeId: string;
  userId: string;
  regionCode: string;
  periodKey: string;
}

export type CeilingMessage = { type: 'listening'; port: number } | { type: 'cpu'; micros: number };

const INSERT = `INSERT INTO submission (id, theme_id, version, is_report, region_code, period_key, data, request_hash, root_id, submitted_by)
  VALUES ($1, $2, 1, false, $3, $4, $5, 'ceiling', $1, $6)`;

function serve(settings: CeilingSettings): void {
  const pool = new Pool({ connectionString: settings.databaseUrl, max: 20 });
  pool.on('error', () => undefined);
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body: { id: string; data: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; data: unknown };
      } catch {
        response.writeHead(400).end();
        return;
      }
      pool
        .query({ name: 'ceiling_insert', text: INSERT, values: [body.id, settings.themeId, settings.regionCode, settings.periodKey, JSON.stringify(body.data), settings.userId] })
        .then(
          () => response.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: body.id })),
          () => response.writeHead(500).end(),
        );
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port } satisfies CeilingMessage));
  process.on('message', (message: unknown) => {
    if (message === 'cpu') {
      const usage = process.cpuUsage();
      process.send?.({ type: 'cpu', micros: usage.user + usage.system } satisfies CeilingMessage);
    }
  });
  process.on('disconnect', () => {
    server.close();
    void pool.end();
  });
}

if (process.argv.includes('--ceiling')) serve(JSON.parse(process.env.CEILING_SETTINGS ?? '{}') as CeilingSettings);
