import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateCaseManagerDto } from '../case-managers/dto/case-manager.dto';
import { AbsenceDto } from '../case-managers/dto/absence.dto';
import { PatientDto } from '../pathways/dto/create-pathway.dto';

/** Each failing property with its messages, as the ValidationPipe would report them. */
async function problems(cls: new () => object, body: object): Promise<Record<string, string[]>> {
  const errors = await validate(plainToInstance(cls, body), { whitelist: true, forbidNonWhitelisted: true });
  return Object.fromEntries(errors.map((e) => [e.property, Object.values(e.constraints ?? {})]));
}

describe("the DTOs say the domain's field rules, in the domain's words", () => {
  const patient = { externalId: 'NIR-1943-05-0001', firstName: 'Jeanne', lastName: 'Martin', birthDate: '1943-05-02', territory: 'T75-EST' };

  it('a birth date is a calendar date YYYY-MM-DD from 1900-01-01', async () => {
    expect(await problems(PatientDto, patient)).toEqual({});
    expect(await problems(PatientDto, { ...patient, birthDate: '2025-02-30' })).toEqual({
      birthDate: ['birthDate must be a calendar date YYYY-MM-DD (no time), e.g. 1943-05-02'],
    });
    expect(await problems(PatientDto, { ...patient, birthDate: '1943-05-02T00:00:00Z' })).toHaveProperty('birthDate');
    expect(await problems(PatientDto, { ...patient, birthDate: '0001-01-01' })).toEqual({ birthDate: ['birthDate (0001-01-01) is before 1900-01-01'] });
  });

  it('ids (external id, territory, case manager id) follow the alphabet', async () => {
    expect(Object.keys(await problems(PatientDto, { ...patient, externalId: '../admin', territory: "o'neil" }))).toEqual(['externalId', 'territory']);
    const cm = { name: 'Louise', email: 'louise@dac.example', territory: 'T75-EST' };
    expect(await problems(CreateCaseManagerDto, { ...cm, id: 'cm-louise' })).toEqual({});
    expect(await problems(CreateCaseManagerDto, { ...cm, id: '%00' })).toEqual({
      id: ['id must be 1 to 64 characters among A-Z a-z 0-9 . _ -, starting with a letter or digit'],
    });
  });

  it('an absence ends at most 2 years ahead', async () => {
    const from = new Date(Date.now() + 86_400_000).toISOString();
    expect(await problems(AbsenceDto, { from, to: new Date(Date.now() + 30 * 86_400_000).toISOString(), coveredBy: ['cm-david'] })).toEqual({});
    expect((await problems(AbsenceDto, { from, to: '9999-12-31T00:00:00Z', coveredBy: ['cm-david'] })).to).toEqual([expect.stringMatching(/^to \(9999-12-31T00:00:00Z\) is more than 2 years ahead/)]);
  });
});
