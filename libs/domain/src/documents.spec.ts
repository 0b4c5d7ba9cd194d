/**
 * Documents attached to a pathway: the type read from the bytes, the step's fields, and a discharge
 * letter meeting the discharge-letter clock when the workflow says so (its patch).
 */
import { decide } from './decide';
import { DOCUMENT_MAX_BYTES, sniffDocumentType, validateDocumentInput, AttachDocumentCommand } from './documents';
import { summarize } from './summary';
import { context, storyUpTo } from './testing/pathway-fixtures';

const letter = (over: Partial<AttachDocumentCommand> = {}): AttachDocumentCommand => ({
  type: 'attachDocument',
  documentId: '6f1c2a4e-0b7d-4c1e-9a53-2b8f0f1d9e21',
  kind: 'DISCHARGE_LETTER',
  documentDate: '2025-05-20T00:00:00Z',
  title: 'Compte rendu de sortie',
  sizeBytes: 48_213,
  contentType: 'application/pdf',
  ...over,
});

describe('a document: its type is read from its first bytes', () => {
  it('PDF, JPEG and PNG by their signatures; anything else (an executable, text) is none of them', () => {
    expect(sniffDocumentType(Buffer.from('%PDF-1.7\n%âãÏÓ'))).toBe('application/pdf');
    expect(sniffDocumentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]))).toBe('image/jpeg');
    expect(sniffDocumentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('image/png');
    expect(sniffDocumentType(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]))).toBeUndefined(); // ELF
    expect(sniffDocumentType(Buffer.from('MZ\x90\x00'))).toBeUndefined(); // a Windows .exe named letter.pdf
    expect(sniffDocumentType(Buffer.from('%PD'))).toBeUndefined();
    expect(sniffDocumentType(new Uint8Array())).toBeUndefined();
  });

  it("the step's fields: kind, a real date not in the future, up to 10 MB, a sniffed type", () => {
    const now = new Date('2025-05-21T09:00:00Z');
    expect(validateDocumentInput(letter(), now)).toEqual([]);
    expect(validateDocumentInput(letter({ kind: 'VIDEO' as never, documentDate: '2025-06-30T00:00:00Z', sizeBytes: DOCUMENT_MAX_BYTES + 1, documentId: 'x' }), now).map((e) => e.field)).toEqual([
      'documentId',
      'kind',
      'documentDate',
      'sizeBytes',
    ]);
    expect(validateDocumentInput(letter({ contentType: 'application/x-msdownload' as never }), now).map((e) => e.field)).toEqual(['contentType']);
  });
});

describe('a discharge letter attached meets the discharge-letter clock', () => {
  function dischargedHome() {
    const story = storyUpTo('FOLLOW_UP');
    story.step({ type: 'admitToHospital', admittedAt: '2025-05-02T08:00:00Z', facility: 'CHU Bichat', reason: 'fall' }, '2025-05-02T10:00:00Z', 'cm-1');
    story.step({ type: 'dischargeFromHospital', dischargedAt: '2025-05-20T11:00:00Z', destination: 'HOME' }, '2025-05-20T15:00:00Z', 'cm-1');
    story.advanceTo('2025-05-20T16:00:00Z');
    return story;
  }
  const at = '2025-05-20T16:00:00.000Z';

  it('with the patch: the letter is received at its upload, the clock stops, the timeline shows both', () => {
    const story = dischargedHome();
    const decision = decide(story.state, letter(), { ...context(at, story.policy, 'cm-1'), documentsMeetSteps: true });
    if (!decision.ok) throw new Error(decision.rejection.reason);
    expect(decision.events.map((e) => e.type)).toEqual(['DOCUMENT_ATTACHED', 'DISCHARGE_LETTER_RECEIVED']);
    expect(decision.events[0].data).toEqual({ documentId: letter().documentId, kind: 'DISCHARGE_LETTER', documentDate: '2025-05-20T00:00:00Z', title: 'Compte rendu de sortie', sizeBytes: 48_213, contentType: 'application/pdf' });
    expect(decision.state.lastDischarge?.dischargeLetterReceivedAt).toBe(at);
    expect(decision.state.clocks.find((c) => c.kind === 'dischargeLetterDue')).toBeUndefined();
    expect(summarize(decision.state, new Date(at)).deadlines.find((d) => d.kind === 'dischargeLetterDue')).toBeUndefined();
  });

  it('without it (a history from before), or for another kind, or a letter dated before the admission: only attached', () => {
    const story = dischargedHome();
    for (const [command, meets] of [
      [letter(), false],
      [letter({ kind: 'MEDICAL_CERTIFICATE' }), true],
      [letter({ documentDate: '2025-04-01T00:00:00Z' }), true],
    ] as const) {
      const decision = decide(story.state, command, { ...context(at, story.policy, 'cm-1'), documentsMeetSteps: meets });
      if (!decision.ok) throw new Error(decision.rejection.reason);
      expect(decision.events.map((e) => e.type)).toEqual(['DOCUMENT_ATTACHED']);
      expect(decision.state.clocks.find((c) => c.kind === 'dischargeLetterDue')).toBeDefined();
    }
  });

  it('a closed pathway takes no document', () => {
    const story = storyUpTo('CLOSED');
    const decision = decide(story.state, letter({ kind: 'OTHER' }), context('2025-06-01T00:00:00Z', story.policy, 'cm-1'));
    expect(decision.ok).toBe(false);
  });
});
