import { randomBytes, randomUUID } from 'node:crypto';
import { FileStoreUnavailable, S3FileStorage } from '../../../server/src/modules/files/s3-file-storage';
import { startS3, TestS3 } from '../../support/s3-server';

/** S3FileStorage against a real S3-compatible server (s3rver, in this process, on loopback). */
describe('S3FileStorage', () => {
  let s3: TestS3;
  let storage: S3FileStorage;
  beforeAll(async () => {
    s3 = await startS3();
    storage = new S3FileStorage(s3.settings);
  });
  afterAll(async () => {
    storage.onModuleDestroy();
    await s3.close();
  });

  it('puts bytes under a key and gets the same bytes back; a key never put is null', async () => {
    const key = randomUUID();
    const data = randomBytes(300_000);
    await storage.put(key, data);
    expect(Buffer.compare((await storage.get(key))!, data)).toBe(0);
    expect(Buffer.compare((await s3.object(key))!, data)).toBe(0);
    expect(await storage.get(randomUUID())).toBeNull();
  });

  it('replaces what a second put stores under the same key', async () => {
    const key = randomUUID();
    await storage.put(key, Buffer.from('pertama'));
    await storage.put(key, Buffer.from('kedua'));
    expect((await storage.get(key))!.toString()).toBe('kedua');
  });

  it('deletes many keys at once, missing ones included, and leaves the others', async () => {
    const keys = [randomUUID(), randomUUID(), randomUUID()];
    for (const key of keys) await storage.put(key, Buffer.from(key));
    await storage.delete([keys[0], keys[1], randomUUID()]);
    expect(await storage.get(keys[0])).toBeNull();
    expect(await storage.get(keys[1])).toBeNull();
    expect((await storage.get(keys[2]))!.toString()).toBe(keys[2]);
    await storage.delete([]);
    await storage.delete([keys[0]]);
  });

  it('deletes more keys than one DeleteObjects request takes', async () => {
    const keys = Array.from({ length: 1001 }, () => randomUUID());
    await storage.put(keys[1000], Buffer.from('terakhir'));
    await storage.delete(keys);
    expect(await storage.get(keys[1000])).toBeNull();
  });

  it('refuses a key that is not a lower-case UUID', async () => {
    await expect(storage.put('../rahasia', Buffer.from('x'))).rejects.toThrow(/bad file key/);
    await expect(storage.get('a/b')).rejects.toThrow(/bad file key/);
  });

  it('treats a missing bucket as the store being unavailable, not as a missing file', async () => {
    const elsewhere = new S3FileStorage({ ...s3.settings, bucket: 'tidak-ada' });
    try {
      await expect(elsewhere.get(randomUUID())).rejects.toBeInstanceOf(FileStoreUnavailable);
      await expect(elsewhere.put(randomUUID(), Buffer.from('x'))).rejects.toBeInstanceOf(FileStoreUnavailable);
    } finally {
      elsewhere.onModuleDestroy();
    }
  });
});
