import { useCallback, useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, getCsrfToken } from '../../api';
import { Field, FormError, Notice, SubmitButton } from '../../components/form';
import { useLoad } from '../../use-load';
import type { DropLibrary, DropMessageView } from '../../../core/api/voicemail-drop.types';

type Errors = { name?: string; file?: string; text?: string };

const size = (bytes: number | null) =>
  bytes === null
    ? ''
    : bytes < 1024 * 1024
      ? `${Math.ceil(bytes / 1024)} kB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The server's answer to an upload: the new message, or its error with the field it concerns. */
type UploadAnswer = DropMessageView & { error?: { message: string; fields?: Record<string, string> } };

/**
 * A campaign's voicemail-drop library (admins): recordings uploaded with progress, messages read by text-to-speech,
 * a preview of each, and the one a machine hears after its beep (or none). The server checks every file by its bytes;
 * its 400/413/415 messages are shown beside the field they concern.
 */
export function DropLibraryPanel({ teamId, campaignId }: { teamId: string; campaignId: string }) {
  const base = `/api/teams/${teamId}/campaigns/${campaignId}/drop-messages`;
  const [library, setLibrary] = useState<DropLibrary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [upload, setUpload] = useState<{
    name: string;
    errors: Errors;
    sent: { loaded: number; total: number } | null;
  }>({ name: '', errors: {}, sent: null });
  const [tts, setTts] = useState<{ name: string; text: string; errors: Errors }>({ name: '', text: '', errors: {} });
  const fileRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const ids = { file: useId(), text: useId(), chosen: useId() };

  const load = useCallback(async () => {
    try {
      setLibrary(await api<DropLibrary>('GET', base));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load the voicemail messages');
    }
  }, [base]);
  useLoad(load);

  function sendFile(e: FormEvent) {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    const errors: Errors = {};
    if (!upload.name.trim() && !file) errors.name = 'Give the message a name';
    if (!file) errors.file = 'Choose a WAV or MP3 file';
    else if (library && file.size > library.maxBytes)
      errors.file = `The file is larger than ${library.maxBytes / 1024 / 1024} MB: shorten or compress it`;
    if (errors.name || errors.file || !file) return setUpload((u) => ({ ...u, errors }));
    setNotice(null);
    setUpload((u) => ({ ...u, errors: {}, sent: { loaded: 0, total: file.size } }));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${base}/audio`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('x-message-name', encodeURIComponent(upload.name.trim() || file.name));
    xhr.setRequestHeader('x-csrf-token', getCsrfToken());
    xhr.upload.onprogress = (p) =>
      setUpload((u) => ({ ...u, sent: { loaded: p.loaded, total: p.total || file.size } }));
    xhr.onload = () => {
      let body: Partial<UploadAnswer> = {};
      try {
        body = JSON.parse(xhr.responseText) as UploadAnswer;
      } catch {
        /* shown below */
      }
      if (xhr.status === 201) {
        setUpload({ name: '', errors: {}, sent: null });
        if (fileRef.current) fileRef.current.value = '';
        setNotice(`Recording “${body.name ?? ''}” added.`);
        void load();
        return;
      }
      const message = body.error?.message ?? `The upload failed (${xhr.status})`;
      const fields = body.error?.fields ?? {};
      setUpload((u) => ({
        ...u,
        sent: null,
        errors: fields.name ? { name: fields.name } : { file: message },
      }));
    };
    xhr.onerror = () =>
      setUpload((u) => ({
        ...u,
        sent: null,
        errors: { file: 'The upload was interrupted. Check your connection and try again.' },
      }));
    xhr.send(file);
  }

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'That did not work');
    } finally {
      setBusy(false);
    }
  }

  async function addText(e: FormEvent) {
    e.preventDefault();
    const errors: Errors = {};
    if (!tts.name.trim()) errors.name = 'Give the message a name';
    if (!tts.text.trim()) errors.text = 'Write the words to read';
    if (errors.name || errors.text) return setTts((t) => ({ ...t, errors }));
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const added = await api<DropMessageView>('POST', base, { name: tts.name.trim(), text: tts.text.trim() });
      setTts({ name: '', text: '', errors: {} });
      setNotice(`Message “${added.name}” added.`);
      await load();
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length > 0)
        setTts((t) => ({ ...t, errors: { name: err.fields.name, text: err.fields.text } }));
      else setError(err instanceof Error ? err.message : 'That did not work');
    } finally {
      setBusy(false);
    }
  }

  const choose = (messageId: string | null) =>
    run(async () => {
      setLibrary(await api<DropLibrary>('PUT', `${base}/chosen`, { messageId }));
      setNotice(messageId ? 'Drop message chosen.' : 'No drop message: machines are hung up on as before.');
    });

  const remove = (m: DropMessageView) => {
    if (!window.confirm(`Delete “${m.name}”? This cannot be undone.`)) return;
    return run(async () => {
      await api('DELETE', `${base}/${m.id}`);
      setNotice(`“${m.name}” deleted.`);
      await load();
      headingRef.current?.focus();
    });
  };

  const messages = library?.messages ?? [];
  const full = !!library && messages.length >= library.maxMessages;
  const sent = upload.sent;
  return (
    <section className="card" aria-labelledby={`${ids.chosen}-heading`}>
      <h2 id={`${ids.chosen}-heading`} ref={headingRef} tabIndex={-1}>
        Voicemail drop
      </h2>
      <p className="muted">
        With answering-machine detection on, a machine hears the chosen message after its beep, once per lead; an agent
        on a call with a machine can leave it with the V key.
      </p>
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      {!library && !error && <p aria-live="polite">Loading the messages…</p>}
      {library && (
        <fieldset className="drop-library" disabled={busy}>
          <legend>The campaign&apos;s drop message</legend>
          <ul className="drop-library__list" aria-label="Voicemail messages">
            <li>
              <label>
                <input
                  type="radio"
                  name={ids.chosen}
                  checked={!messages.some((m) => m.chosen)}
                  onChange={() => void choose(null)}
                />{' '}
                None (machines are hung up on)
              </label>
            </li>
            {messages.map((m) => (
              <li key={m.id} className="drop-library__item">
                <label>
                  <input type="radio" name={ids.chosen} checked={m.chosen} onChange={() => void choose(m.id)} />{' '}
                  <strong>{m.name}</strong>{' '}
                  <span className="muted">
                    {m.kind === 'audio' ? `Recording, ${size(m.sizeBytes)}` : 'Read by text-to-speech'}
                  </span>
                </label>
                {m.kind === 'audio' ? (
                  <audio controls preload="none" src={`${base}/${m.id}/audio`} aria-label={`Preview “${m.name}”`} />
                ) : (
                  <blockquote className="drop-library__text">{m.text}</blockquote>
                )}
                <button type="button" className="btn btn--small" onClick={() => void remove(m)}>
                  Delete <span className="sr-only">“{m.name}”</span>
                </button>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      {library && full && (
        <p className="muted">
          This campaign has {library.maxMessages} messages, the most it may keep: delete one to add another.
        </p>
      )}
      {library && !full && (
        <div className="drop-library__forms">
          <form onSubmit={sendFile} aria-label="Upload a recording" noValidate>
            <h3>Upload a recording</h3>
            <Field
              label="Name"
              value={upload.name}
              onChange={(e) => setUpload((u) => ({ ...u, name: e.target.value }))}
              error={upload.errors.name}
            />
            <div className={`field${upload.errors.file ? ' field--invalid' : ''}`}>
              <label htmlFor={ids.file}>WAV or MP3 file (at most {library.maxBytes / 1024 / 1024} MB)</label>
              <input
                id={ids.file}
                ref={fileRef}
                type="file"
                accept=".wav,.mp3,audio/wav,audio/mpeg"
                aria-invalid={upload.errors.file ? true : undefined}
                aria-describedby={upload.errors.file ? `${ids.file}-error` : undefined}
                onChange={() => setUpload((u) => ({ ...u, errors: { ...u.errors, file: undefined } }))}
              />
              {upload.errors.file && (
                <p className="field__error" id={`${ids.file}-error`} role="alert">
                  {upload.errors.file}
                </p>
              )}
            </div>
            {sent && (
              <p>
                <label>
                  Uploading… <progress value={sent.loaded} max={sent.total || 1} aria-label="Upload progress" />
                </label>
              </p>
            )}
            <SubmitButton busy={!!sent}>Upload</SubmitButton>
          </form>
          <form onSubmit={(e) => void addText(e)} aria-label="Add a text message" noValidate>
            <h3>Add a text message</h3>
            <Field
              label="Name"
              value={tts.name}
              onChange={(e) => setTts((t) => ({ ...t, name: e.target.value }))}
              error={tts.errors.name}
            />
            <div className={`field${tts.errors.text ? ' field--invalid' : ''}`}>
              <label htmlFor={ids.text}>Words to read</label>
              <textarea
                id={ids.text}
                rows={3}
                value={tts.text}
                onChange={(e) => setTts((t) => ({ ...t, text: e.target.value }))}
                aria-invalid={tts.errors.text ? true : undefined}
                aria-describedby={tts.errors.text ? `${ids.text}-error` : undefined}
              />
              {tts.errors.text && (
                <p className="field__error" id={`${ids.text}-error`}>
                  {tts.errors.text}
                </p>
              )}
            </div>
            <SubmitButton busy={busy}>Add message</SubmitButton>
          </form>
        </div>
      )}
    </section>
  );
}
