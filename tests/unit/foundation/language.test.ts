import { messageLanguage } from '../../../server/src/common/language';

const pick = (header?: string) => messageLanguage({ headers: header === undefined ? {} : { 'accept-language': header } });

describe('message language from Accept-Language', () => {
  it('is Indonesian without a header, and for Indonesian or unrelated languages', () => {
    expect(pick()).toBe('id');
    expect(pick('id-ID,id;q=0.9')).toBe('id');
    expect(pick('fr-FR, de')).toBe('id');
    expect(pick('*')).toBe('id');
  });

  it('is English when English is preferred, a region subtag included', () => {
    expect(pick('en')).toBe('en');
    expect(pick('en-US,en;q=0.9,id;q=0.8')).toBe('en');
    expect(pick('fr;q=1, en-GB;q=0.7')).toBe('en');
  });

  it('follows the weights, then the order of the header', () => {
    expect(pick('en;q=0.5, id;q=0.8')).toBe('id');
    expect(pick('id;q=0.3, en;q=0.6')).toBe('en');
    expect(pick('en, id')).toBe('en');
    expect(pick('id, en')).toBe('id');
    expect(pick('en;q=0, id;q=0')).toBe('id');
    expect(pick('en;q=0.4, *;q=0.9')).toBe('id');
  });
});
