import { createTestApp, TestApp } from '../../helpers/test-app';

describe('regions', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.as('admin', '18.72')).auth;
  });
  afterAll(() => t.close());

  it('lists the five kecamatan of Kota Metro with their Kemendagri codes', async () => {
    const response = await t.http().get('/api/regions?parent=18.72').set('Authorization', admin).expect(200);
    expect(response.body.items.map((r: { code: string; name: string }) => `${r.code} ${r.name}`)).toEqual([
      '18.72.01 Metro Pusat',
      '18.72.02 Metro Utara',
      '18.72.03 Metro Barat',
      '18.72.04 Metro Timur',
      '18.72.05 Metro Selatan',
    ]);
  });
});
