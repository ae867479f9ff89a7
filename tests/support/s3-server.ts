import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { S3Settings } from '../../server/src/config/app-config';

export interface TestS3 {
  /** The FILE_STORE=s3 settings that reach it, for createTestApp. */
  env: Record<string, string>;
  settings: S3Settings;
  /** The object's bytes as the bucket holds them (read with a client of its own), `null` when there is none. */
  object(key: string): Promise<Buffer | null>;
  /** Removes the bucket and all in it, as a store that lost it or refuses it would answer. */
  dropBucket(): void;
  close(): Promise<void>;
}

const BUCKET = 'wakuncar-uji';

/** s3rver's default key, for both the id and the secret (it does not check signatures). */
const KEY = 'S3RVER';

/**
 * An S3-compatible server in this process (s3rver), on a free loopback port, its bucket in a
 * temporary folder. It speaks the S3 REST protocol path-style, as MinIO or Garage would; it does not
 * check signatures, so the keys are its defaults.
 */
export async function startS3(): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'wakuncar-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port } = await server.run();
  const env = {
    FILE_STORE: 's3',
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_BUCKET: BUCKET,
    S3_ACCESS_KEY_ID: KEY,
    S3_SECRET_ACCESS_KEY: KEY,
  };
  const settings: S3Settings = { endpoint: env.S3_ENDPOINT, region: 'us-east-1', bucket: BUCKET, accessKeyId: KEY, secretAccessKey: KEY, forcePathStyle: true };
  const client = new S3Client({
    endpoint: settings.endpoint!,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
  });
  return {
    env,
    settings,
    object: async (key) => {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
        return Buffer.from(await answer.Body!.transformToByteArray());
      } catch (error) {
        if (error instanceof NoSuchKey) return null;
        throw error;
      }
    },
    dropBucket: () => server.reset(),
    close: async () => {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
