/**
 * Playable simulated recordings: 8 kHz mono 16-bit PCM WAV (telephone quality). Voice spans are a
 * speech-like modulated tone with a little seeded noise; paused spans are digital silence, so a pause
 * is visible in the file. Rendered lazily in chunks, so a long recording never sits in memory whole.
 */
import { seededRandom } from './random';

export const WAV_SAMPLE_RATE = 8000;
const BYTES_PER_SAMPLE = 2;
export const WAV_HEADER_BYTES = 44;

export type AudioSpan = { kind: 'voice' | 'silence'; ms: number };

/** Span boundaries are rounded on the running total, so lengths never drift however many spans there are. */
function boundaries(spans: readonly AudioSpan[]): { kind: AudioSpan['kind']; start: number; end: number }[] {
  let ms = 0;
  return spans.map((span) => {
    const start = Math.round((ms * WAV_SAMPLE_RATE) / 1000);
    ms += span.ms;
    return { kind: span.kind, start, end: Math.round((ms * WAV_SAMPLE_RATE) / 1000) };
  });
}

export function wavSampleCount(spans: readonly AudioSpan[]): number {
  return boundaries(spans).at(-1)?.end ?? 0;
}

export function wavByteLength(spans: readonly AudioSpan[]): number {
  return WAV_HEADER_BYTES + wavSampleCount(spans) * BYTES_PER_SAMPLE;
}

export function wavHeader(samples: number): Uint8Array {
  const dataBytes = samples * BYTES_PER_SAMPLE;
  const h = Buffer.alloc(WAV_HEADER_BYTES);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16); // fmt chunk size
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(WAV_SAMPLE_RATE, 24);
  h.writeUInt32LE(WAV_SAMPLE_RATE * BYTES_PER_SAMPLE, 28); // byte rate
  h.writeUInt16LE(BYTES_PER_SAMPLE, 32); // block align
  h.writeUInt16LE(16, 34); // bits per sample
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** The whole file, header first, in chunks of at most `chunkSamples` samples; the same seed gives the same bytes. */
export function* renderWav(
  spans: readonly AudioSpan[],
  seed: number,
  chunkSamples = WAV_SAMPLE_RATE,
): Generator<Uint8Array> {
  yield wavHeader(wavSampleCount(spans));
  const noise = seededRandom(seed);
  for (const { kind, start, end } of boundaries(spans)) {
    for (let first = start; first < end; first += chunkSamples) {
      const n = Math.min(chunkSamples, end - first);
      const chunk = Buffer.alloc(n * BYTES_PER_SAMPLE); // zeros: silence unless filled below
      if (kind === 'voice') {
        for (let i = 0; i < n; i++) chunk.writeInt16LE(voiceSample(first + i, noise), i * BYTES_PER_SAMPLE);
      }
      yield chunk;
    }
  }
}

/** A two-tone "voice" with a ~3 Hz syllable envelope; the envelope never reaches zero, so voice never reads as silence. */
function voiceSample(index: number, noise: () => number): number {
  const t = index / WAV_SAMPLE_RATE;
  const envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 3 * t);
  const tone = 0.6 * Math.sin(2 * Math.PI * 220 * t) + 0.3 * Math.sin(2 * Math.PI * 330 * t);
  const value = envelope * tone + 0.08 * (noise() * 2 - 1);
  return Math.round(Math.max(-1, Math.min(1, value)) * 0.5 * 32767);
}
