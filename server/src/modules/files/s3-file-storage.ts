import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Logger, OnModuleDestroy } from '@nestjs/common';
import { DomainError } from '../../common/domain-error';
import type { S3Settings } from '../../config/app-config';
import { checkedKey, FileStorage } from './file-storage';

/** Seconds a client should wait before sending an upload again that met the bucket away. */
const RETRY_AFTER_SECONDS = 5;
/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH = 1000;
const FAILURE_LOG_EVERY_MS = 10_000;

/** The bucket did not answer, or refused: nothing was stored, so the same upload may be sent again. */
export class FileStoreUnavailable extends DomainError {
  constructor() {
    super(503, 'RETRYABLE', 'Service unavailable', 'Penyimpanan berkas sedang tidak dapat dihubungi; kirim lagi sebentar lagi', undefined, { retryAfter: RETRY_AFTER_SECONDS });
  }
}

/** A missing object, as opposed to a missing bucket (a wrong setting, not an absent file). */
function isMissingKey(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NoSuchKey' || (error.$metadata.httpStatusCode === 404 && error.name !== 'NoSuchBucket');
}

/**
 * Bytes in an S3-compatible bucket (FILE_STORE=s3), one object per file, named by its UUID. `put`
 * resolves once the store answered the PUT, so the upload's 201 still means the bytes are kept.
 */
export class S3FileStorage implements FileStorage, OnModuleDestroy {
  private readonly logger = new Logger('S3FileStorage');
  private readonly client: S3Client;
  private readonly bucket: string;
  private lastFailureLog = 0;

  constructor(settings: S3Settings) {
    this.bucket = settings.bucket;
    this.client = new S3Client({
      endpoint: settings.endpoint ?? undefined,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      // A store that hangs must not hold the cadre's upload for minutes, and an outage must not
      // multiply the requests: a few seconds per attempt, three attempts at most.
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 3_000, requestTimeout: 15_000, throwOnRequestTimeout: true },
    });
  }

  async put(key: string, data: Buffer): Promise<void> {
    const name = checkedKey(key);
    await this.send('put', () => this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: name, Body: data, ContentLength: data.length })));
  }

  async get(key: string): Promise<Buffer | null> {
    const name = checkedKey(key);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: name }));
      const bytes = await object.Body!.transformToByteArray();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (error) {
      if (isMissingKey(error)) return null;
      throw this.unavailable('get', error);
    }
  }

  async delete(keys: string[]): Promise<void> {
    const names = keys.map(checkedKey);
    for (let start = 0; start < names.length; start += DELETE_BATCH) {
      const batch = names.slice(start, start + DELETE_BATCH);
      const answer = await this.send('delete', () =>
        this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } })),
      );
      // S3 answers a missing key as deleted; a store that reports it anyway is no error either.
      const failed = (answer.Errors ?? []).filter((error) => error.Code !== 'NoSuchKey');
      if (failed.length) throw this.unavailable('delete', new Error(failed.map((error) => `${error.Key}: ${error.Code} ${error.Message ?? ''}`).join('; ')));
    }
  }

  onModuleDestroy(): void {
    this.client.destroy();
  }

  private async send<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw this.unavailable(what, error);
    }
  }

  /** One log line per burst of failures (a store down for a minute is not a thousand lines). */
  private unavailable(what: string, error: unknown): FileStoreUnavailable {
    const now = Date.now();
    if (now - this.lastFailureLog >= FAILURE_LOG_EVERY_MS) {
      this.lastFailureLog = now;
      this.logger.warn(`${what} in bucket ${this.bucket} failed, answered 503: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
    return new FileStoreUnavailable();
  }
}
