import { principalOf, PROFESSIONAL_ID_CLAIM } from './principal';

const RPPS = '10003456786';

describe('a Pro Santé Connect sign-in: a national identifier, no role list', () => {
  it("maps to a care-team professional carrying the RPPS number (idNat_PS: 8 + RPPS, or the bare number)", () => {
    expect(principalOf({ sub: 'psc-1', [PROFESSIONAL_ID_CLAIM]: `8${RPPS}` }, 'oidc')).toEqual({ sub: 'psc-1', roles: ['professional'], rpps: RPPS });
    expect(principalOf({ sub: 'psc-1', [PROFESSIONAL_ID_CLAIM]: RPPS, roles: [] }, 'oidc')).toEqual({ sub: 'psc-1', roles: ['professional'], rpps: RPPS });
  });

  it('an identifier that is no RPPS number (wrong Luhn key, ADELI, not a string) grants nothing', () => {
    for (const id of ['10003456787', `8${'10003456787'}`, `0${RPPS}`, 10003456786, '']) {
      expect(principalOf({ sub: 'psc-1', [PROFESSIONAL_ID_CLAIM]: id }, 'oidc')).toMatchObject({ roles: [] });
    }
  });

  it("a token with roles is our staff's: the identifier adds nothing, and no token claims `professional` as a role", () => {
    expect(principalOf({ sub: 'cm-1', roles: ['case_manager'], [PROFESSIONAL_ID_CLAIM]: RPPS }, 'oidc')).toMatchObject({ roles: ['case_manager'] });
    expect(principalOf({ sub: 'cm-1', roles: ['case_manager'], [PROFESSIONAL_ID_CLAIM]: RPPS }, 'oidc')?.rpps).toBeUndefined();
    expect(principalOf({ sub: 'x', roles: ['professional'] }, 'oidc')).toMatchObject({ roles: [] });
    expect(principalOf({ sub: 'x', roles: ['unknown'], [PROFESSIONAL_ID_CLAIM]: RPPS }, 'oidc')).toMatchObject({ roles: [] });
  });
});
