import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportFiles, ImportFileWriter } from '../../ports/import-files';

const SAFE_ID = /^[0-9a-f-]{36}$/i;

/** Import files under `dir` (DATA_DIR/imports), one per import id, readable only by this user. */
export function createLocalImportFiles(dir: string): ImportFiles {
  const fileOf = (id: string) => {
    // Ids are UUIDs we generate; refusing anything else keeps a path from ever leaving `dir`.
    if (!SAFE_ID.test(id)) throw new Error(`not an import id: ${id}`);
    return path.join(dir, `${id}.upload`);
  };

  return {
    async create(id) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const file = fileOf(id);
      const handle = await open(file, 'w', 0o600);
      let closed = false;
      const writer: ImportFileWriter = {
        async write(chunk) {
          let offset = 0;
          while (offset < chunk.length) {
            const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
            offset += bytesWritten;
          }
        },
        async close() {
          if (closed) return;
          closed = true;
          await handle.sync();
          await handle.close();
        },
        async abort() {
          if (!closed) {
            closed = true;
            await handle.close().catch(() => {});
          }
          await rm(file, { force: true });
        },
      };
      return writer;
    },

    read(id, opts) {
      return createReadStream(fileOf(id), {
        start: opts.start,
        // createReadStream's end is inclusive.
        ...(opts.end === undefined ? {} : { end: opts.end - 1 }),
        highWaterMark: opts.chunkBytes ?? 256 * 1024,
      });
    },

    async size(id) {
      return (await stat(fileOf(id))).size;
    },

    async head(id, bytes) {
      const handle = await open(fileOf(id), 'r');
      try {
        const buf = new Uint8Array(bytes);
        const { bytesRead } = await handle.read(buf, 0, bytes, 0);
        return buf.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },

    async remove(id) {
      await rm(fileOf(id), { force: true });
    },

    async list() {
      const names = await readdir(dir).catch(() => [] as string[]);
      const out: { id: string; modifiedAt: Date }[] = [];
      for (const name of names) {
        const id = name.replace(/\.upload$/, '');
        if (!name.endsWith('.upload') || !SAFE_ID.test(id)) continue;
        const s = await stat(path.join(dir, name)).catch(() => null);
        if (s) out.push({ id, modifiedAt: s.mtime });
      }
      return out;
    },
  };
}
