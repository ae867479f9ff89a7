import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { FILE_STORAGE, FileStorage } from '../../../server/src/modules/files/file-storage';
import { FilesService } from '../../../server/src/modules/files/files.service';
import { periodKeyAt } from '../../../server/src/modules/submissions/period';
import { expectProblem } from '../../support/problem';
import { REJOMULYO } from '../../support/regions';
import { startS3, TestS3 } from '../../support/s3-server';
import { makeSubmission, postSubmission } from '../../support/submissions';
import { createTestApp, TestApp } from '../../support/test-app';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** FILE_STORE=s3: the same upload, read and sweep, with the bytes in an S3-compatible bucket on loopback. */
describe('files kept in an S3-compatible bucket', () => {
  let s3: TestS3;
  let t: TestApp;
  let kader: string;
  beforeAll(async () => {
    s3 = await startS3();
    t = await createTestApp(s3.env);
    kader = (await t.as('kader', REJOMULYO)).auth;
  });
  afterAll(async () => {
    await t.close();
    await s3.close();
  });

  const upload = (data: Buffer, filename: string, contentType: string) =>
    t.http().post('/api/files').set('Authorization', kader).attach('file', data, { filename, contentType });

  it('stores the upload in the bucket before the 201, and reads the same bytes back through the API', async () => {
    const response = await upload(PDF, 'bukti.pdf', 'application/pdf').expect(201);
    const id = response.body.id as string;
    expect(Buffer.compare((await s3.object(id))!, PDF)).toBe(0);
    expect(await t.db.query(`SELECT id FROM stored_file_content WHERE id = $1`, [id])).toEqual([]);

    const read = await t.http().get(`/api/files/${id}`).set('Authorization', kader).responseType('blob').expect(200);
    expect(read.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(read.body as Buffer, PDF)).toBe(0);
  });

  it('serves a photo exactly as it was stored, metadata stripped', async () => {
    const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'green' } }).jpeg().withExif({ IFD0: { Copyright: 'Kader Rejomulyo' } }).toBuffer();
    const id = (await upload(photo, 'foto.jpg', 'image/jpeg').expect(201)).body.id as string;
    const read = await t.http().get(`/api/files/${id}`).set('Authorization', kader).responseType('blob').expect(200);
    expect(Buffer.compare(read.body as Buffer, (await s3.object(id))!)).toBe(0);
    expect((await sharp(read.body as Buffer).metadata()).exif).toBeUndefined();
  });

  it('answers 404 for a file id the bucket never held, in any spelling', async () => {
    expectProblem(await t.http().get(`/api/files/${randomUUID()}`).set('Authorization', kader), 404, 'NOT_FOUND');
    expectProblem(await t.http().get(`/api/files/${randomUUID().toUpperCase()}`).set('Authorization', kader), 404, 'NOT_FOUND');
  });

  it('answers 404 when the row exists but the bucket lost the object', async () => {
    const id = (await upload(PDF, 'hilang.pdf', 'application/pdf').expect(201)).body.id as string;
    await t.app.get<FileStorage>(FILE_STORAGE).delete([id]);
    expect(await s3.object(id)).toBeNull();
    expectProblem(await t.http().get(`/api/files/${id}`).set('Authorization', kader), 404, 'NOT_FOUND');
  });

  it('removes the object of an upload no submission took up within a day; keeps the one a submission references', async () => {
    const orphan = (await upload(PDF, 'lupa.pdf', 'application/pdf').expect(201)).body.id as string;
    const used = (await upload(PDF, 'dipakai.pdf', 'application/pdf').expect(201)).body.id as string;
    const body = makeSubmission(
      REJOMULYO,
      { nama_posyandu: 'Posyandu Mawar', jumlah_kader: 5, balita_sasaran: 64, balita_ditimbang: 58, ibu_hamil: 6, lansia: 22, foto: used },
      { period: periodKeyAt('month', new Date()) },
    );
    expect((await postSubmission(t, kader, 'posyandu', body)).status).toBe(201);
    await t.db.query(`UPDATE stored_file SET created_at = now() - interval '25 hours' WHERE id = ANY($1::uuid[])`, [[orphan, used]]);

    await t.app.get(FilesService).sweep();

    expect(await s3.object(orphan)).toBeNull();
    expectProblem(await t.http().get(`/api/files/${orphan}`).set('Authorization', kader), 404);
    expect(Buffer.compare((await s3.object(used))!, PDF)).toBe(0);
    await t.http().get(`/api/files/${used}`).set('Authorization', kader).expect(200);
  });

  it('refuses a key that is not one of our UUIDs before sending anything to the bucket', async () => {
    const storage = t.app.get<FileStorage>(FILE_STORAGE);
    for (const key of ['../../etc/passwd', 'wakuncar-uji/x', randomUUID().toUpperCase(), '']) {
      await expect(storage.put(key, PDF)).rejects.toThrow(/bad file key/);
      await expect(storage.get(key)).rejects.toThrow(/bad file key/);
      await expect(storage.delete([randomUUID(), key])).rejects.toThrow(/bad file key/);
    }
  });

  // Last: the bucket is gone from here on.
  it('answers an upload the bucket refuses with 503 RETRYABLE and Retry-After, recording no file', async () => {
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM stored_file`)) as { n: number }[];
    s3.dropBucket();
    const response = await upload(PDF, 'nanti.pdf', 'application/pdf');
    expectProblem(response, 503, 'RETRYABLE');
    expect(response.headers['retry-after']).toBe('5');
    expect(await t.db.query(`SELECT count(*)::int AS n FROM stored_file`)).toEqual(before);
  });
});
