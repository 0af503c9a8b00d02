import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import { csvDownload } from './csv-download';

function appStreaming(chunks: () => AsyncGenerator<string>) {
  const app = new Hono();
  app.get('/file.csv', (c) => csvDownload(c, chunks(), 'calls-2026-12-05.csv'));
  app.onError((err, c) => c.json({ error: err.message }, err instanceof AppError ? 400 : 500));
  return app;
}

describe('csvDownload', () => {
  it('streams every chunk as a CSV attachment', async () => {
    const res = await appStreaming(async function* () {
      yield '\ufeffa,b\r\n';
      yield '1,2\r\n';
      yield '3,4\r\n';
    }).request('/file.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="calls-2026-12-05.csv"');
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer())).toBe(
      '\ufeffa,b\r\n1,2\r\n3,4\r\n',
    );
  });

  it('lets a check made before the first chunk answer as an error, not as a started file', async () => {
    const res = await appStreaming(async function* () {
      throw new AppError('invalid_input', 'from: not a date');
      yield '';
    }).request('/file.csv');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'from: not a date' });
  });

  it('stops reading the chunks when the client goes away', async () => {
    let finished = false;
    let produced = 0;
    const res = await appStreaming(async function* () {
      try {
        for (;;) {
          produced++;
          yield `${produced}\r\n`;
        }
      } finally {
        finished = true;
      }
    }).request('/file.csv');
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(finished).toBe(true);
    expect(produced).toBeLessThan(10);
  });
});
