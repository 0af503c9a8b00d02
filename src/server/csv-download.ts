import type { Context } from 'hono';

/**
 * A CSV file streamed from a use-case's chunks. The first chunk is awaited before the response starts, so whatever the
 * use-case checks up front (the filter, the row it exports) still answers as a JSON error instead of a broken file;
 * the rest is read only as the client takes it (flat memory), and a client that goes away stops the reading.
 */
export async function csvDownload(c: Context, chunks: AsyncGenerator<string>, fileName: string): Promise<Response> {
  const first = await chunks.next();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${fileName}"`,
  });
}
