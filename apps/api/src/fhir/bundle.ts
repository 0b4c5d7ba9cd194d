/** Bundles (search results, the whole file) and OperationOutcome (every error under /fhir). */
import { randomUUID } from 'node:crypto';
import type { Resource } from './resources';

export interface Page {
  /** The absolute URL of this search, without its paging parameters. */
  selfUrl: URL;
  count: number;
  offset: number;
  total: number;
}

/** A searchset; with a page, the `self`/`first`/`previous`/`next` links FHIR clients page with. */
export function searchset(base: string, matches: Resource[], included: Resource[] = [], page?: Page): Resource {
  const entry = [
    ...matches.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' } })),
    ...included.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'include' } })),
  ];
  const link: { relation: string; url: string }[] = [];
  if (page) {
    const at = (offset: number) => {
      const url = new URL(page.selfUrl);
      url.searchParams.set('_count', String(page.count));
      url.searchParams.set('_offset', String(offset));
      return url.toString();
    };
    link.push({ relation: 'self', url: at(page.offset) }, { relation: 'first', url: at(0) });
    if (page.offset > 0) link.push({ relation: 'previous', url: at(Math.max(0, page.offset - page.count)) });
    if (page.offset + page.count < page.total) link.push({ relation: 'next', url: at(page.offset + page.count) });
  }
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated: new Date().toISOString() },
    type: 'searchset',
    total: page ? page.total : matches.length,
    ...(link.length ? { link } : {}),
    entry,
  };
}

const ISSUE_CODES: Record<number, string> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'too-costly',
  422: 'processing',
  429: 'throttled',
  503: 'transient',
};

/** The problem document of the REST API (common/problem.ts), said as an OperationOutcome. */
export function operationOutcome(problem: { status: number; title: string; detail: string; errors?: unknown }): Resource {
  const fields = Array.isArray(problem.errors) ? (problem.errors as { field?: unknown; message?: unknown }[]) : [];
  const code = ISSUE_CODES[problem.status] ?? (problem.status >= 500 ? 'exception' : 'processing');
  const issue = fields.length
    ? fields.map((f) => ({ severity: 'error', code, diagnostics: String(f.message), expression: [String(f.field)] }))
    : [{ severity: 'error', code, details: { text: problem.title }, diagnostics: problem.detail }];
  return { resourceType: 'OperationOutcome', id: randomUUID(), issue };
}
