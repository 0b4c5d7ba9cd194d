import { checkOptionalIns, insKey, insProblem } from './ins';

describe('the INS (NIR and its key)', () => {
  it('accepts NIRs whose key is 97 − (number mod 97)', () => {
    // Published examples (INSEE's key rule), and a provisional NIA (sex 7, pseudo-month 99 for an unknown month).
    expect(insProblem('184127645108946')).toBeUndefined();
    expect(insProblem('255081416802538')).toBeUndefined();
    expect(insProblem('799039912300126')).toBeUndefined();
  });

  it('refuses a wrong key, naming the expected one', () => {
    expect(insProblem('184127645108947')).toBe('has key 47, but the key of this NIR is 46');
    expect(insProblem('284127645108946')).toMatch(/has key 46, but the key of this NIR is/);
  });

  it('reads Corsica: 2A as 19 and 2B as 18 (20 minus 1,000,000 or 2,000,000)', () => {
    expect(insKey('159022A123456')).toBe(95);
    expect(insKey('159022B123456')).toBe(25);
    expect(insProblem('159022A12345695')).toBeUndefined();
    expect(insProblem('159022B12345625')).toBeUndefined();
    // The two Corsican departments do not share keys: a 2A key on a 2B number is refused.
    expect(insProblem('159022B12345695')).toMatch(/key of this NIR is 25/);
    expect(insProblem('159022a12345695')).toMatch(/must be a NIR/);
  });

  it('refuses what is not shaped like a NIR', () => {
    expect(insProblem('18412764510894')).toMatch(/15 characters/);
    expect(insProblem('584127645108946')).toMatch(/must be a NIR/);
    expect(insProblem('184137645108946')).toMatch(/month 13/);
    expect(insProblem('184120045108946')).toMatch(/department 00/);
    expect(insProblem('184127645100046')).toMatch(/order number 000/);
    expect(insProblem('1 84 12 76 451')).toMatch(/15 characters/);
    expect(insProblem(184127645108946)).toMatch(/must be a string/);
  });

  it('as a referral field: optional, and named when wrong', () => {
    const errors: { field: string; message: string }[] = [];
    checkOptionalIns(errors, 'patient.ins', undefined);
    expect(errors).toEqual([]);
    checkOptionalIns(errors, 'patient.ins', '184127645108947');
    expect(errors).toEqual([{ field: 'patient.ins', message: 'patient.ins has key 47, but the key of this NIR is 46' }]);
  });
});
