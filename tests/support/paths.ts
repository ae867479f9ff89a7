import { join } from 'node:path';

/** The repository's root, for tests that read its files or start its entry points. */
export const REPO_ROOT = join(__dirname, '..', '..');
