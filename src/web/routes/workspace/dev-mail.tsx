import { useEffect, useState } from 'react';
import { api } from '../../api';
import { PublicLayout } from '../../components/public-layout';

type Message = { id: string; toAddress: string; subject: string; text: string; createdAt: string };

/** The operator's view of the embedded outbox (non-production only). */
export function DevMailPage() {
  const [messages, setMessages] = useState<Message[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ messages: Message[] }>('GET', '/api/dev/mail').then(
      (r) => setMessages(r.messages),
      (e: Error) => setError(e.message),
    );
  }, []);
  const linkify = (text: string) =>
    text.split(/(https?:\/\/\S+)/).map((part, i) =>
      /^https?:\/\//.test(part) ? (
        <a key={i} href={part}>
          {part}
        </a>
      ) : (
        part
      ),
    );
  return (
    <PublicLayout>
      <h1>Mail outbox</h1>
      <p className="muted">Mail this instance would have sent. Configure SMTP_URL to deliver it for real.</p>
      {error && <p role="alert">{error}</p>}
      {messages?.length === 0 && <p>No mail yet.</p>}
      {messages?.map((m) => (
        <article key={m.id} className="card mail">
          <h2>{m.subject}</h2>
          <p className="muted small">
            To {m.toAddress} · {new Date(m.createdAt).toLocaleString()}
          </p>
          <pre>{linkify(m.text)}</pre>
        </article>
      ))}
    </PublicLayout>
  );
}
