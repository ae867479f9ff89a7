import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Where file bytes live. Local disk now; an S3-compatible store can implement the same two calls. */
export interface FileStorage {
  put(key: string, data: Buffer): Promise<void>;
  /** `null` when nothing is stored under `key`. */
  get(key: string): Promise<Buffer | null>;
}

export const FILE_STORAGE = Symbol('FILE_STORAGE');

export class LocalFileStorage implements FileStorage {
  constructor(private readonly root: string) {}

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    // Write then rename, so a reader never sees half a file.
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, path);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Keys are UUIDs we made; two-character fan-out keeps directories small. */
  private path(key: string): string {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error(`bad file key ${key}`);
    return join(this.root, key.slice(0, 2), key);
  }
}
