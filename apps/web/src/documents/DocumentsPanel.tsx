// The documents of a pathway (issue 19): the list, a download per document, and for its case manager an
// upload form. Files go to the API as multipart; the server reads their type from their content, so a
// refusal (415) comes back in plain words like any other.
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { asProblem, plainReason } from '../api/problem';
import { LoadState } from '../components/Status';
import { useLoad } from '../useLoad';
import { ACCEPTED, DOCUMENT_KINDS, MAX_BYTES, sizeFr, type DocumentKind } from './words';

/** The date a document bears (a calendar date: in UTC, as it was given). */
const dayOf = (iso: string) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));

/** Why the server refused a file, in plain words (its type is read from the content, not from the name). */
function refusal(status: number, error: unknown): string {
  if (status === 415) return 'ce fichier n’est ni un PDF ni une image JPEG ou PNG (son contenu a été vérifié, pas seulement son nom).';
  if (status === 413) return 'le fichier dépasse 10 Mo.';
  return plainReason(asProblem(status, error));
}

/** Saves a blob the API answered under a name (a download needs the bearer token: not a plain link). */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function DocumentsPanel({ pathwayId, canUpload, onAttached }: { pathwayId: string; canUpload: boolean; onAttached: () => void }) {
  const [documents, reload] = useLoad(() => api.GET('/api/v1/pathways/{id}/documents', { params: { path: { id: pathwayId } } }), [pathwayId]);
  const [kind, setKind] = useState<DocumentKind>('DISCHARGE_LETTER');
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return setNotice({ ok: false, text: 'Choisissez un fichier.' });
    if (file.size > MAX_BYTES) return setNotice({ ok: false, text: 'Le fichier dépasse 10 Mo.' });
    setBusy(true);
    try {
      const { error, response } = await api.POST('/api/v1/pathways/{id}/documents', {
        params: { path: { id: pathwayId } },
        body: { file: file as unknown as string, kind, documentDate: date, ...(title ? { title } : {}) },
        bodySerializer: (body) => {
          const form = new FormData();
          for (const [key, value] of Object.entries(body as Record<string, string | Blob>)) form.set(key, value);
          return form;
        },
      });
      if (!response.ok) {
        setNotice({ ok: false, text: `Document refusé : ${refusal(response.status, error)}` });
        return;
      }
      setNotice({ ok: true, text: 'Document ajouté au parcours.' });
      setFile(null);
      setTitle('');
      (event.target as HTMLFormElement).reset();
      await reload();
      onAttached();
    } finally {
      setBusy(false);
    }
  };

  const download = async (id: string, name: string) => {
    const { data, response } = await api.GET('/api/v1/pathways/{id}/documents/{documentId}/content', { params: { path: { id: pathwayId, documentId: id } }, parseAs: 'blob' });
    if (response.ok && data) save(data as Blob, name);
    else setNotice({ ok: false, text: 'Le document n’a pas pu être téléchargé.' });
  };

  return (
    <section aria-labelledby="titre-documents" className="card">
      <h2 id="titre-documents">Documents</h2>
      <LoadState loaded={documents} what="les documents" />
      {documents.state === 'loaded' &&
        (documents.data.length === 0 ? (
          <p className="muted">Aucun document.</p>
        ) : (
          <ul data-testid="documents">
            {documents.data.map((d) => (
              <li key={d.id}>
                <strong>{DOCUMENT_KINDS[d.kind as DocumentKind] ?? d.kind}</strong>
                {d.title ? ` — ${d.title}` : ''} <span className="muted">du {dayOf(d.documentDate)}, {sizeFr(d.sizeBytes)}, ajouté par {d.uploadedBy}</span>{' '}
                <button type="button" className="secondary" onClick={() => void download(d.id, d.fileName ?? `document-${d.id}`)}>
                  Télécharger<span className="visually-hidden"> {d.title ?? DOCUMENT_KINDS[d.kind as DocumentKind]}</span>
                </button>
              </li>
            ))}
          </ul>
        ))}
      {canUpload && (
        <form onSubmit={(e) => void upload(e)} aria-label="Ajouter un document">
          <div className="grid">
            <div className="field">
              <label htmlFor="document-kind">Type de document</label>
              <select id="document-kind" value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)}>
                {(Object.keys(DOCUMENT_KINDS) as DocumentKind[]).map((k) => (
                  <option key={k} value={k}>
                    {DOCUMENT_KINDS[k]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="document-date">Date du document</label>
              <input id="document-date" type="date" value={date} required onChange={(e) => setDate(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="document-title">Intitulé (facultatif)</label>
              <input id="document-title" type="text" maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="document-file">Fichier (PDF, JPEG ou PNG, 10 Mo au plus)</label>
              <input id="document-file" type="file" accept={ACCEPTED} required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </div>
          </div>
          <button type="submit" disabled={busy}>
            Ajouter le document
          </button>
        </form>
      )}
      {notice && (
        <p role={notice.ok ? 'status' : 'alert'} className={notice.ok ? 'success' : 'error'}>
          {notice.text}
        </p>
      )}
    </section>
  );
}

/** The plan on paper: the PDF the API renders, opened in a new tab to print or send. */
export function PlanPdfButton({ pathwayId }: { pathwayId: string }) {
  const [failed, setFailed] = useState(false);
  const open = async () => {
    const { data, response } = await api.GET('/api/v1/pathways/{id}/plan.pdf', { params: { path: { id: pathwayId } }, parseAs: 'blob' });
    if (!response.ok || !data) return setFailed(true);
    const url = URL.createObjectURL(data as Blob);
    window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  return (
    <p>
      <button type="button" onClick={() => void open()}>
        Plan au format PDF
      </button>
      {failed && <span role="alert"> Le plan n’a pas pu être produit.</span>}
    </p>
  );
}
