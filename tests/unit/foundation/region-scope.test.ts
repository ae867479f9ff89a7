import { isWithinRegion } from '../../../server/src/modules/regions/region-scope';
import { ancestorCodes } from '../../../server/src/modules/regions/regions.service';

describe('isWithinRegion', () => {
  it.each([
    ['18.72', '18.72', true],
    ['18.72.05', '18.72', true],
    ['18.72.05.1001.001.002', '18.72.05', true],
    ['18', '18.72', false],
    ['18.72.04', '18.72.05', false],
    // A code that merely starts with the same characters is not inside: 18.721 is not under 18.72.
    ['18.721', '18.72', false],
    ['18.72.051', '18.72.05', false],
    ['', '18.72', false],
  ])('%s within %s → %s', (code, scope, expected) => {
    expect(isWithinRegion(code, scope)).toBe(expected);
  });
});

describe('ancestorCodes', () => {
  it('lists every ancestor from the top, without the code itself', () => {
    expect(ancestorCodes('18.72.05.1001')).toEqual(['18', '18.72', '18.72.05']);
    expect(ancestorCodes('18')).toEqual([]);
  });
});
