import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { DomainError, NotFound } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import type { User } from '../users/user.entity';
import { FileRepository } from './file.repository';
import { FILE_STORAGE, FileStorage } from './file-storage';
import type { StoredFile } from './stored-file.entity';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** An upload no submission took up within a day is removed (a photo of a form never sent). */
export const UNREFERENCED_FILE_TTL_MS = 24 * 3600 * 1000;
const SWEEP_BATCH = 500;

export class UnsupportedFile extends DomainError {
  constructor(detail = 'Hanya foto (JPEG, PNG, WebP) atau PDF yang dapat diunggah') {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type', detail);
  }
}

type Kind = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

/** The type from the bytes themselves; the client's Content-Type is not trusted. */
export function sniff(data: Buffer): Kind | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (data.length >= 5 && data.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  return null;
}

/**
 * Re-encodes an image without its metadata (EXIF, GPS, XMP): sharp drops metadata unless asked to
 * keep it; `rotate()` first applies the EXIF orientation so the photo still stands upright.
 */
async function stripImage(data: Buffer, kind: Kind): Promise<Buffer> {
  const image = sharp(data, { failOn: 'error', limitInputPixels: 50_000_000 }).rotate();
  if (kind === 'image/png') return image.png().toBuffer();
  if (kind === 'image/webp') return image.webp({ quality: 85 }).toBuffer();
  return image.jpeg({ quality: 85, mozjpeg: true }).toBuffer();
}

@Injectable()
export class FilesService {
  constructor(
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly files: FileRepository,
    private readonly audit: AuditService,
  ) {}

  async upload(actor: User, data: Buffer): Promise<{ id: string; contentType: string; size: number }> {
    const kind = sniff(data);
    if (!kind) throw new UnsupportedFile();
    let bytes: Buffer;
    try {
      bytes = kind === 'application/pdf' ? data : await stripImage(data, kind);
    } catch {
      throw new UnsupportedFile('Gambar rusak atau tidak dapat dibaca');
    }
    const id = randomUUID();
    await this.storage.put(id, bytes);
    await this.files.insert({ id, contentType: kind, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), uploadedBy: actor.id });
    return { id, contentType: kind, size: bytes.length };
  }

  /** Of these file ids, the ones that exist and that `actor` may read. */
  readable(actor: User, ids: string[]): Promise<Set<string>> {
    return ids.length ? this.files.readable(ids, actor.id, actor.regionCode) : Promise.resolve(new Set());
  }

  /** The sweep: forgets uploads no submission took up within a day, then their bytes. */
  async sweep(): Promise<boolean> {
    const gone = await this.files.deleteUnreferenced(UNREFERENCED_FILE_TTL_MS, SWEEP_BATCH);
    await this.storage.delete(gone);
    await this.files.deleteOrphanContent(UNREFERENCED_FILE_TTL_MS);
    return gone.length === SWEEP_BATCH;
  }

  /**
   * Readable by its uploader, and by whoever may read a submission that references it (admin or kader
   * whose subtree holds that submission's region). Anyone else gets 404.
   */
  async read(actor: User, id: string): Promise<{ file: StoredFile; data: Buffer }> {
    const file = await this.files.find(id);
    if (!file) throw new NotFound('Berkas');
    if (file.uploadedBy !== actor.id && !(await this.files.readable([id], actor.id, actor.regionCode)).has(id)) throw new NotFound('Berkas');
    const data = await this.storage.get(id);
    if (!data) throw new NotFound('Berkas');
    // A photo or document may show a person (UU PDP): who opened which file is kept, never its content.
    await this.audit.record({ actor, action: 'file.read', targetType: 'file', targetId: id, regionCode: actor.regionCode });
    return { file, data };
  }
}
