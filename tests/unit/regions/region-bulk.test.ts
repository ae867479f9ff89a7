import { planRegionRows, type KnownRegion } from '../../../server/src/modules/regions/region-bulk';

const KELURAHAN: KnownRegion = { code: '18.72.05.1001', name: 'Rejomulyo', level: 'kelurahan', parentCode: '18.72.05' };
const RW_01: KnownRegion = { code: '18.72.05.1001.001', name: 'RW 01', level: 'rw', parentCode: KELURAHAN.code };

describe('planRegionRows', () => {
  it('resolves parents by name path through existing regions and earlier rows', () => {
    const plan = planRegionRows(KELURAHAN, [RW_01], [
      { name: ' RW   02 ', level: 'rw' },
      { name: 'RT 01', level: 'rt', parent: 'RW 02' },
      { name: 'RT 01', level: 'rt', parent: 'rw 01' },
      { name: 'Melati', level: 'dasawisma', parent: 'RW 02 / RT 01' },
    ]);
    expect(plan.errors).toEqual([]);
    expect(plan.planned).toEqual([
      { row: 0, name: 'RW 02', level: 'rw', parent: { code: KELURAHAN.code } },
      { row: 1, name: 'RT 01', level: 'rt', parent: { row: 0 } },
      { row: 2, name: 'RT 01', level: 'rt', parent: { code: RW_01.code } },
      { row: 3, name: 'Melati', level: 'dasawisma', parent: { row: 1 } },
    ]);
  });

  it('refuses a name with a slash, since a slash separates the parent path', () => {
    const plan = planRegionRows(KELURAHAN, [], [{ name: 'RW 01/02', level: 'rw' }]);
    expect(plan.errors).toEqual([{ path: '/rows/0/name', keyword: 'pattern', message: 'Nama tidak boleh memuat garis miring (/)' }]);
  });

  it('does not let a refused row serve as a parent for later rows', () => {
    const plan = planRegionRows(KELURAHAN, [], [
      { name: 'RT 09', level: 'rt' },
      { name: 'Melati', level: 'dasawisma', parent: 'RT 09' },
    ]);
    expect(plan.errors.map((error) => `${error.path} ${error.keyword}`)).toEqual(['/rows/0/level parentLevel', '/rows/1/parent parentMissing']);
  });
});
