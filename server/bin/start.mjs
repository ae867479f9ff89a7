#!/usr/bin/env node
// `npm start`: builds what is missing or out of date, then runs API + workers + client in one
// process (embedded PostgreSQL when DATABASE_URL is unset, in-process jobs when REDIS_URL is unset).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
process.chdir(root);

function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'generated') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function mtime(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

function run(command, args) {
  console.log(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const serverEntry = 'dist/server/src/main.js';
if (mtime(serverEntry) < Math.max(newest('server/src'), newest('schemas'))) {
  run('npx', ['nest', 'build']);
}
if (existsSync('client/index.html') && mtime('client/dist/index.html') < Math.max(newest('client/src'), newest('schemas/validator'), mtime('client/index.html'))) {
  run('npx', ['vite', 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn']);
}

const child = spawn(process.execPath, [serverEntry, '--all-in-one', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
