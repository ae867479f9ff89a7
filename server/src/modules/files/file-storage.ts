import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileRepository } from './file.repository';

/**
 * Where file bytes live: PostgreSQL by default (FILE_STORE=postgres), a folder (FILE_STORE=local), or
 * an S3-compatible bucket (FILE_STORE=s3, `S3FileStorage`). `put` resolves only once the bytes are
 * durable, so the upload's 201 can promise it.
 */
export interface FileStorage {
  put(key: string, data: Buffer): Promise<void>;
  /** `null` when nothing is stored under `key`. */
  get(key: string): Promise<Buffer | null>;
  /** Removes what is stored under these keys; a key with nothing stored is no error. */
  delete(keys: string[]): Promise<void>;
}

export const FILE_STORAGE = Symbol('FILE_STORAGE');

/** Keys are UUIDs we made, never a path a client chose. */
export function checkedKey(key: string): string {
  if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error(`bad file key ${key}`);
  return key;
}

export class LocalFileStorage implements FileStorage {
  constructor(private readonly root: string) {}

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    // Write then rename, so a reader never sees half a file.
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, data, { flush: true });
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

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) await rm(this.path(key), { force: true });
  }

  /** Two-character fan-out keeps directories small. */
  private path(key: string): string {
    return join(this.root, checkedKey(key).slice(0, 2), key);
  }
}

/**
 * Bytes in the `stored_file_content` table: committed means on disk, one backup holds them all and
 * every replica reads them. Files uploaded before this store existed are still read from `legacy`
 * (the folder they were written to).
 */
export class DatabaseFileStorage implements FileStorage {
  constructor(
    private readonly files: FileRepository,
    private readonly legacy: LocalFileStorage,
  ) {}

  put(key: string, data: Buffer): Promise<void> {
    return this.files.putContent(checkedKey(key), data);
  }

  async get(key: string): Promise<Buffer | null> {
    return (await this.files.content(checkedKey(key))) ?? this.legacy.get(key);
  }

  async delete(keys: string[]): Promise<void> {
    await this.files.deleteContent(keys.map(checkedKey));
    await this.legacy.delete(keys);
  }
}
