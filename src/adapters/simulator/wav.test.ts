import { describe, expect, it } from 'vitest';
import { parseWav } from '../telephony-contract';
import { WAV_HEADER_BYTES, renderWav, wavByteLength, wavSampleCount, type AudioSpan } from './wav';

const bytesOf = (spans: AudioSpan[], seed = 1, chunk?: number) => Buffer.concat([...renderWav(spans, seed, chunk)]);

describe('simulated recording WAV', () => {
  it('is 8 kHz mono 16-bit PCM with a consistent RIFF header', () => {
    const bytes = bytesOf([{ kind: 'voice', ms: 1500 }]);
    expect(bytes.length).toBe(WAV_HEADER_BYTES + 1.5 * 8000 * 2);
    expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8);
    expect(parseWav(bytes)).toMatchObject({ format: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16 });
    expect(wavByteLength([{ kind: 'voice', ms: 1500 }])).toBe(bytes.length);
  });

  it('renders silence as exact zeros between voiced spans', () => {
    const { samples } = parseWav(
      bytesOf([
        { kind: 'voice', ms: 1000 },
        { kind: 'silence', ms: 500 },
        { kind: 'voice', ms: 1000 },
      ]),
    );
    expect(samples.length).toBe(20_000);
    expect(samples.subarray(8000, 12_000).every((s) => s === 0)).toBe(true);
    // Voice is never silent for a whole 20 ms frame.
    for (const [from, to] of [
      [0, 8000],
      [12_000, 20_000],
    ] as const) {
      for (let f = from; f < to; f += 160)
        expect(samples.subarray(f, f + 160).some((s) => Math.abs(s) > 500)).toBe(true);
    }
  });

  it('does not drift when many fractional spans add up', () => {
    const spans: AudioSpan[] = Array.from({ length: 300 }, (_, i) => ({
      kind: i % 2 ? 'silence' : 'voice',
      ms: 1000 / 3,
    }));
    expect(wavSampleCount(spans)).toBe(800_000);
  });

  it('gives the same bytes for the same seed whatever the chunking, and other bytes for another seed', () => {
    const spans: AudioSpan[] = [
      { kind: 'voice', ms: 700 },
      { kind: 'silence', ms: 300 },
    ];
    expect(bytesOf(spans, 9, 100).equals(bytesOf(spans, 9))).toBe(true);
    expect(bytesOf(spans, 9).equals(bytesOf(spans, 10))).toBe(false);
  });

  it('an empty recording is a valid header-only file', () => {
    const bytes = bytesOf([]);
    expect(bytes.length).toBe(WAV_HEADER_BYTES);
    expect(parseWav(bytes).samples.length).toBe(0);
  });
});
