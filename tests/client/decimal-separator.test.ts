import { getDecimalSeparator } from '../../client/src/forms/decimal-separator';

describe('the decimal separator RJSF asks for (memoised stand-in)', () => {
  it('answers the usual locales without building an Intl.NumberFormat', () => {
    const spy = jest.spyOn(Intl, 'NumberFormat');
    expect(getDecimalSeparator(['id-ID', 'en-US'])).toBe(',');
    expect(getDecimalSeparator('en-US')).toBe('.');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('asks Intl once for any other locale list, then remembers', () => {
    const spy = jest.spyOn(Intl, 'NumberFormat');
    expect(getDecimalSeparator(['de-DE'])).toBe(',');
    expect(getDecimalSeparator(['de-DE'])).toBe(',');
    expect(getDecimalSeparator(['ja-JP'])).toBe('.');
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });
});
