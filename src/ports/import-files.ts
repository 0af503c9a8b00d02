/**
 * Where uploaded lead files wait for their import job. The local adapter keeps them under
 * DATA_DIR/imports; a scale-out deployment whose workers run on other hosts needs that directory
 * on shared storage (docs/decisions/0004-lead-import-pipeline.md).
 */
export interface ImportFiles {
  /** Starts a new file for `id`, replacing any leftover of an earlier attempt. */
  create(id: string): Promise<ImportFileWriter>;
  /** The file from byte `start` to `end` (exclusive; default its end), in chunks of about `chunkBytes`. */
  read(id: string, opts: { start: number; end?: number; chunkBytes?: number }): AsyncIterable<Uint8Array>;
  /** The file's size in bytes (a workbook's directory is at its end). */
  size(id: string): Promise<number>;
  /** Up to `bytes` bytes from the start of the file. */
  head(id: string, bytes: number): Promise<Uint8Array>;
  /** Deletes the file; no error when it is already gone. */
  remove(id: string): Promise<void>;
  /** The ids of the files kept, with when each was last written (for sweeping files whose import is gone). */
  list(): Promise<{ id: string; modifiedAt: Date }[]>;
}

export interface ImportFileWriter {
  /** Resolves once the chunk is handed to the OS, so a slow disk slows the upload instead of filling memory. */
  write(chunk: Uint8Array): Promise<void>;
  /** Flushes to stable storage: a crash after an accepted upload must not lose the file. */
  close(): Promise<void>;
  /** Closes and deletes the partial file. */
  abort(): Promise<void>;
}
