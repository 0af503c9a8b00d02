import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalImportFiles } from './local-import-files';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dialerseat-import-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function text(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
}

describe('local import files', () => {
  const files = createLocalImportFiles(dir);
  const id = '6f1c2b1e-8d4a-4c55-9a4e-0d2c5b7e9f10';

  it('reads a byte range with its end excluded, and gives the size', async () => {
    const w = await files.create(id);
    await w.write(Buffer.from('0123456789'));
    await w.close();
    expect(await files.size(id)).toBe(10);
    expect(await text(files.read(id, { start: 2, end: 5 }))).toBe('234');
    expect(await text(files.read(id, { start: 7 }))).toBe('789');
    expect(await text(files.read(id, { start: 9, end: 10, chunkBytes: 1 }))).toBe('9');
  });

  it('refuses an id that is not one of ours before touching the disk', async () => {
    await expect(files.size('../etc/passwd')).rejects.toThrow('not an import id');
  });
});
