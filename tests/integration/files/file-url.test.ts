import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { KOTA_METRO, REJOMULYO } from '../../support/regions';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A file URL is an id the server handed out, in lower case: any other spelling is a file that does not exist. */
describe('file URLs', () => {
  let t: TestApp;
  let kader: string;
  let admin: string;
  let fileId: string;
  beforeAll(async () => {
    t = await createTestApp();
    kader = (await t.as('kader', REJOMULYO)).auth;
    admin = (await t.as('admin', KOTA_METRO)).auth;
    fileId = (await t.http().post('/api/files').set('Authorization', kader).attach('file', PDF, { filename: 'surat.pdf', contentType: 'application/pdf' }).expect(201)).body.id as string;
  });
  afterAll(() => t.close());

  it('answers 404, never 500, for an upper-case id, whether or not the file exists', async () => {
    for (const auth of [kader, admin]) {
      expectProblem(await t.http().get(`/api/files/${fileId.toUpperCase()}`).set('Authorization', auth), 404, 'NOT_FOUND');
      expectProblem(await t.http().get(`/api/files/${randomUUID().toUpperCase()}`).set('Authorization', auth), 404, 'NOT_FOUND');
    }
    await t.http().get(`/api/files/${fileId}`).set('Authorization', kader).expect(200);
  });
});
