import { useCallback, useState } from 'react';
import { api } from '../../api';
import { FormError } from '../../components/form';
import { PublicLayout } from '../../components/public-layout';
import { useLoad } from '../../use-load';

type Schema = Record<string, unknown>;
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Operation = {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string }>;
};
type OpenApiDocument = {
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
};

const typeOf = (s: Schema | undefined): string => {
  if (!s) return '';
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
  if (Array.isArray(s.anyOf)) return (s.anyOf as Schema[]).map(typeOf).filter(Boolean).join(' or ');
  return [s.type, s.format].filter(Boolean).join(', ');
};

/**
 * The API reference, rendered in the app from /api/v1/openapi.json (our own origin, our own code: no third-party
 * viewer, and the CSP stays 'self').
 */
export function ApiReferencePage() {
  const [doc, setDoc] = useState<OpenApiDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setDoc(await api<OpenApiDocument>('GET', '/api/v1/openapi.json'));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load the API description');
    }
  }, []);
  useLoad(load);

  const operations = doc
    ? Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({ path, method, op })),
      )
    : [];
  const tags = [...new Set(operations.map((o) => o.op.tags[0] ?? 'Other'))];

  return (
    <PublicLayout>
      <article className="prose api-reference">
        <h1>DialerSeat API reference</h1>
        <FormError message={error} />
        {!doc ? (
          !error && <p aria-live="polite">Loading the API description…</p>
        ) : (
          <>
            <p className="muted">
              Version {doc.info.version} · base URL <code>{doc.servers[0]?.url}</code> ·{' '}
              <a href="/api/v1/openapi.json">OpenAPI 3.1 document</a>
            </p>
            <p>{doc.info.description}</p>
            <nav aria-label="API sections">
              <ul>
                {tags.map((t) => (
                  <li key={t}>
                    <a href={`#${t.toLowerCase().replace(/\W+/g, '-')}`}>{t}</a>
                  </li>
                ))}
              </ul>
            </nav>
            {tags.map((tag) => (
              <section key={tag} aria-labelledby={tag.toLowerCase().replace(/\W+/g, '-')}>
                <h2 id={tag.toLowerCase().replace(/\W+/g, '-')}>{tag}</h2>
                {operations
                  .filter((o) => (o.op.tags[0] ?? 'Other') === tag)
                  .map(({ path, method, op }) => (
                    <section key={op.operationId} className="api-operation" aria-labelledby={op.operationId}>
                      <h3 id={op.operationId}>
                        <code>
                          {method.toUpperCase()} {path}
                        </code>{' '}
                        — {op.summary}
                      </h3>
                      {op.description && <p>{op.description}</p>}
                      {op.parameters && op.parameters.length > 0 && (
                        <table className="table">
                          <caption>Parameters</caption>
                          <thead>
                            <tr>
                              <th scope="col">Name</th>
                              <th scope="col">In</th>
                              <th scope="col">Type</th>
                              <th scope="col">Notes</th>
                            </tr>
                          </thead>
                          <tbody>
                            {op.parameters.map((p) => (
                              <tr key={`${p.in}-${p.name}`}>
                                <td>
                                  <code>{p.name}</code>
                                  {p.required ? ' (required)' : ''}
                                </td>
                                <td>{p.in}</td>
                                <td>{typeOf(p.schema)}</td>
                                <td>{p.description ?? ''}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      )}
                      {op.requestBody && (
                        <details>
                          <summary>Request body (JSON Schema)</summary>
                          <pre>{JSON.stringify(op.requestBody.content['application/json']?.schema, null, 2)}</pre>
                        </details>
                      )}
                      <p className="small muted">
                        Answers:{' '}
                        {Object.entries(op.responses)
                          .map(([status, r]) => `${status} ${r.description}`)
                          .join(' · ')}
                      </p>
                    </section>
                  ))}
              </section>
            ))}
          </>
        )}
      </article>
    </PublicLayout>
  );
}
