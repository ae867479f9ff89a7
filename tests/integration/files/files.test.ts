import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { periodKeyAt } from '../../../server/src/modules/submissions/period';
import { FilesService } from '../../../server/src/modules/files/files.service';
import { createTestApp, publishTheme, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { KOTA_METRO, MARGOREJO, METRO_PUSAT, REJOMULYO } from '../../support/regions';
import { makeSubmission, postSubmission } from '../../support/submissions';
import { makeTheme } from '../../support/themes';

/** A small JPEG carrying EXIF with the camera owner and a GPS position (Metro, Lampung). */
async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 16, height: 12, channels: 3, background: 'red' } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'Kader Rejomulyo', Make: 'KameraUji' },
      IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '5/1 6/1 47/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 18/1 24/1' },
    })
    .toBuffer();
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

function posyanduData(foto?: string): Record<string, unknown> {
  return {
    nama_posyandu: 'Posyandu Mawar',
    jumlah_kader: 5,
    balita_sasaran: 64,
    balita_ditimbang: 58,
    ibu_hamil: 6,
    lansia: 22,
    ...(foto !== undefined && { foto }),
  };
}

describe('files', () => {
  let t: TestApp;
  let kader: string;
  beforeAll(async () => {
    t = await createTestApp();
    kader = (await t.as('kader', REJOMULYO)).auth;
  });
  afterAll(() => t.close());

  const upload = (auth: string, data: Buffer, filename: string, contentType: string) =>
    t.http().post('/api/files').set('Authorization', auth).attach('file', data, { filename, contentType });

  describe('upload', () => {
    it('stores a JPEG without its EXIF and GPS metadata (201 {id, contentType, size})', async () => {
      const original = await photoWithGps();
      const before = await sharp(original).metadata();
      expect(before.exif?.toString('latin1')).toContain('Kader Rejomulyo');

      const response = await upload(kader, original, 'posyandu.jpg', 'image/jpeg').expect(201);
      expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), contentType: 'image/jpeg', size: expect.any(Number) });

      const stored = await t.http().get(`/api/files/${response.body.id}`).set('Authorization', kader).responseType('blob').expect(200);
      expect(stored.headers['content-type']).toBe('image/jpeg');
      const bytes = stored.body as Buffer;
      expect(bytes.length).toBe(response.body.size);
      const after = await sharp(bytes).metadata();
      expect(after.exif).toBeUndefined();
      expect(after.format).toBe('jpeg');
      expect([after.width, after.height]).toEqual([16, 12]);
      expect(bytes.includes(Buffer.from('Kader Rejomulyo'))).toBe(false);
      // No HTTP cache keeps it: a shared phone must not show one person's photo to the next.
      expect(stored.headers['cache-control']).toBe('no-store');
    });

    it('keeps the bytes in PostgreSQL, committed before the 201, and nothing in DATA_DIR', async () => {
      const response = await upload(kader, PDF, 'bukti.pdf', 'application/pdf').expect(201);
      const [row] = (await t.db.query(`SELECT data FROM stored_file_content WHERE id = $1`, [response.body.id])) as { data: Buffer }[];
      expect(Buffer.compare(row.data, PDF)).toBe(0);
      expect(existsSync(join(t.config.dataDir, 'files', response.body.id.slice(0, 2), response.body.id))).toBe(false);
    });

    it('stores a PDF as it is (201)', async () => {
      const response = await upload(kader, PDF, 'surat.pdf', 'application/pdf').expect(201);
      expect(response.body).toEqual({ id: expect.any(String), contentType: 'application/pdf', size: PDF.length });
      const stored = await t.http().get(`/api/files/${response.body.id}`).set('Authorization', kader).responseType('blob').expect(200);
      expect(Buffer.compare(stored.body as Buffer, PDF)).toBe(0);
    });

    it('strips EXIF from a PNG too', async () => {
      const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'blue' } })
        .png()
        .withExif({ IFD0: { Copyright: 'Kader Rejomulyo' } })
        .toBuffer();
      expect((await sharp(png).metadata()).exif).toBeDefined();
      const response = await upload(kader, png, 'foto.png', 'image/png').expect(201);
      expect(response.body.contentType).toBe('image/png');
      const stored = await t.http().get(`/api/files/${response.body.id}`).set('Authorization', kader).responseType('blob').expect(200);
      expect((await sharp(stored.body as Buffer).metadata()).exif).toBeUndefined();
    });

    it('refuses a damaged image with 415', async () => {
      const damaged = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2048)]);
      expectProblem(await upload(kader, damaged, 'rusak.jpg', 'image/jpeg'), 415);
    });

    it('refuses a text file with 415, whatever type the client claims', async () => {
      expectProblem(await upload(kader, Buffer.from('bukan foto'), 'catatan.txt', 'text/plain'), 415);
      expectProblem(await upload(kader, Buffer.from('bukan foto'), 'foto.jpg', 'image/jpeg'), 415);
    });

    it('refuses a file over 5 MiB with 413 problem+json', async () => {
      const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(5 * 1024 * 1024)]);
      expectProblem(await upload(kader, big, 'besar.jpg', 'image/jpeg'), 413);
    });

    it('refuses a request without a file (400) and an opd upload (403)', async () => {
      expectProblem(await t.http().post('/api/files').set('Authorization', kader).field('nama', 'x'), 400);
      const opd = (await t.as('opd', KOTA_METRO)).auth;
      expectProblem(await upload(opd, PDF, 'surat.pdf', 'application/pdf'), 403);
    });
  });

  describe('who may read a file', () => {
    let fileId: string;
    let margorejo: string;
    let kotaAdmin: string;
    let opd: string;
    beforeAll(async () => {
      fileId = (await upload(kader, await photoWithGps(), 'posyandu.jpg', 'image/jpeg').expect(201)).body.id as string;
      margorejo = (await t.as('kader', MARGOREJO)).auth;
      kotaAdmin = (await t.as('admin', KOTA_METRO)).auth;
      opd = (await t.as('opd', KOTA_METRO)).auth;
    });

    it('before any submission references it: only its uploader', async () => {
      await t.http().get(`/api/files/${fileId}`).set('Authorization', kader).expect(200);
      expectProblem(await t.http().get(`/api/files/${fileId}`).set('Authorization', margorejo), 404);
      expectProblem(await t.http().get(`/api/files/${fileId}`).set('Authorization', kotaAdmin), 404);
      expectProblem(await t.http().get(`/api/files/${randomUUID()}`).set('Authorization', kader), 404);
    });

    it('once a Rejomulyo submission references it: whoever may read that submission', async () => {
      const body = makeSubmission(REJOMULYO, posyanduData(fileId), { period: periodKeyAt('month', new Date()) });
      const stored = await postSubmission(t, kader, 'posyandu', body);
      expect(stored.status).toBe(201);
      const links = (await t.db.query('SELECT file_id FROM submission_file WHERE submission_id = $1', [body.id])) as { file_id: string }[];
      expect(links).toEqual([{ file_id: fileId }]);

      await t.http().get(`/api/files/${fileId}`).set('Authorization', kotaAdmin).expect(200);
      expectProblem(await t.http().get(`/api/files/${fileId}`).set('Authorization', margorejo), 404);
      expectProblem(await t.http().get(`/api/files/${fileId}`).set('Authorization', opd), 403);
      const otherKecamatanAdmin = (await t.as('admin', METRO_PUSAT)).auth;
      expectProblem(await t.http().get(`/api/files/${fileId}`).set('Authorization', otherKecamatanAdmin), 404);
    });

    it('lets an admin above keep the kader’s photo when revising, since they may read it', async () => {
      const month = periodKeyAt('month', new Date());
      const body = makeSubmission(REJOMULYO, { ...posyanduData(fileId), jumlah_kader: 6 }, { period: month });
      expect((await postSubmission(t, kotaAdmin, 'posyandu', body)).status).toBe(201);
    });

    it('does not let a kader of another kelurahan gain access by naming the file in a submission of their own', async () => {
      const body = makeSubmission(MARGOREJO, posyanduData(fileId), { period: periodKeyAt('month', new Date()) });
      const problem = expectProblem(await postSubmission(t, margorejo, 'posyandu', body), 422, 'VALIDATION_FAILED');
      expect(problem.errors?.map((e) => e.path)).toEqual(['/foto']);
      expectProblem(await t.http().get(`/api/files/${fileId}`).set('Authorization', margorejo), 404);
    });

    it('follows a photo field written as a $ref: the file is linked, an unknown one refused', async () => {
      const { slug } = await publishTheme(
        t,
        kotaAdmin,
        makeTheme((d) => {
          d.schema.$defs = { foto: { type: 'string', format: 'file-id' } };
          d.schema.properties.foto = { $ref: '#/$defs/foto' };
          d.schema.properties.galeri = { type: 'array', maxItems: 3, items: { $ref: '#/$defs/foto' } };
        }),
      );
      const second = (await upload(kader, PDF, 'surat.pdf', 'application/pdf').expect(201)).body.id as string;
      const body = makeSubmission(REJOMULYO, { nama: 'Ani', jumlah: 1, foto: second, galeri: [second] });
      expect((await postSubmission(t, kader, slug, body)).status).toBe(201);
      await t.http().get(`/api/files/${second}`).set('Authorization', kotaAdmin).expect(200);

      const unknown = makeSubmission(REJOMULYO, { nama: 'Ani', jumlah: 1, galeri: [second, randomUUID()] });
      const problem = expectProblem(await postSubmission(t, kader, slug, unknown), 422, 'VALIDATION_FAILED');
      expect(problem.errors?.map((e) => e.path)).toEqual(['/galeri/1']);
    });

    it('refuses a submission naming a file that was never uploaded, at the field’s path (422)', async () => {
      const body = makeSubmission(REJOMULYO, posyanduData(randomUUID()), { period: periodKeyAt('month', new Date(Date.now() - 40 * 24 * 3600_000)) });
      const problem = expectProblem(await postSubmission(t, kader, 'posyandu', body), 422, 'VALIDATION_FAILED');
      expect(problem.errors?.map((e) => e.path)).toEqual(['/foto']);
      expect((await t.db.query('SELECT id FROM submission WHERE id = $1', [body.id])) as unknown[]).toEqual([]);
    });

    it('refuses a value that is not a file id at all, at the field’s path (422)', async () => {
      const body = makeSubmission(REJOMULYO, posyanduData('foto.jpg'), { period: periodKeyAt('month', new Date(Date.now() - 40 * 24 * 3600_000)) });
      const problem = expectProblem(await postSubmission(t, kader, 'posyandu', body), 422, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([expect.objectContaining({ path: '/foto', keyword: 'format' })]);
    });
  });

  describe('uploads no submission took up', () => {
    it('are removed after a day, bytes and all; one a submission references is kept', async () => {
      const orphan = (await upload(kader, PDF, 'lupa.pdf', 'application/pdf').expect(201)).body.id as string;
      const fresh = (await upload(kader, PDF, 'baru.pdf', 'application/pdf').expect(201)).body.id as string;
      const used = (await upload(kader, await photoWithGps(), 'posyandu.jpg', 'image/jpeg').expect(201)).body.id as string;
      const body = makeSubmission(REJOMULYO, posyanduData(used), { period: periodKeyAt('month', new Date()) });
      expect((await postSubmission(t, kader, 'posyandu', body)).status).toBe(201);
      await t.db.query(`UPDATE stored_file SET created_at = now() - interval '25 hours' WHERE id = ANY($1::uuid[])`, [[orphan, used]]);

      await t.app.get(FilesService).sweep();

      expectProblem(await t.http().get(`/api/files/${orphan}`).set('Authorization', kader), 404);
      expect(await t.db.query(`SELECT id FROM stored_file_content WHERE id = $1`, [orphan])).toEqual([]);
      await t.http().get(`/api/files/${fresh}`).set('Authorization', kader).expect(200);
      await t.http().get(`/api/files/${used}`).set('Authorization', kader).expect(200);
    });
  });
});
