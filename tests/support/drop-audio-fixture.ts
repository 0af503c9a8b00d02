import type { TestClient } from './http-client';

/** A short 8 kHz mono 16-bit PCM WAV: `ms` of a quiet tone. */
export function smallWav(ms = 500): Buffer {
  const samples = Math.round((8000 * ms) / 1000);
  const h = Buffer.alloc(44 + samples * 2);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + samples * 2, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) h.writeInt16LE(Math.round(2000 * Math.sin(i / 4)), 44 + i * 2);
  return h;
}

/** Uploads a drop recording as the settings page does: the raw bytes as the body, the label in a header. */
export async function uploadDropAudio(
  client: TestClient,
  teamId: string,
  campaignId: string,
  body: Uint8Array,
  name: string,
  contentType = 'audio/wav',
) {
  const res = await fetch(`${client.baseUrl}/api/teams/${teamId}/campaigns/${campaignId}/drop-messages/audio`, {
    method: 'POST',
    headers: {
      origin: client.baseUrl,
      cookie: client.cookieHeader,
      'x-csrf-token': client.csrfToken,
      'content-type': contentType,
      'x-message-name': encodeURIComponent(name),
    },
    body: Buffer.from(body),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON shapes
  const json: any = text ? JSON.parse(text) : null;
  return { status: res.status, json };
}
