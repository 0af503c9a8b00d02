import { describe, expect, it } from 'vitest';
import { smallWav } from '../../../tests/support/drop-audio-fixture';
import { DROP_AUDIO_MAX_BYTES, checkDropAudio } from './drop-audio';

const concat = (...parts: Uint8Array[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));
/** 8 kHz mono 16-bit PCM, 100 samples. */
const wav = () => smallWav(12.5);
// MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: FF FB 90 00.
const frame = Uint8Array.from([0xff, 0xfb, 0x90, 0x00, ...new Array(413).fill(0)]);
const id3 = (size: number) => Uint8Array.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, (size >> 7) & 0x7f, size & 0x7f]);

describe('checkDropAudio', () => {
  it('recognises a WAV from its RIFF/WAVE header and fmt chunk', () => {
    expect(checkDropAudio(wav())).toEqual({ ok: true, format: 'wav', contentType: 'audio/wav' });
  });

  it('finds the fmt chunk after other chunks, and refuses a RIFF/WAVE without one', () => {
    const w = wav();
    const list = concat(Buffer.from('LIST'), Uint8Array.from([3, 0, 0, 0]), Buffer.from('abc\0'));
    const withList = concat(w.subarray(0, 12), list, w.subarray(12));
    expect(checkDropAudio(withList)).toMatchObject({ ok: true, format: 'wav' });
    const noFmt = concat(w.subarray(0, 12), Buffer.from('data'), Uint8Array.from([4, 0, 0, 0, 1, 2, 3, 4]));
    expect(checkDropAudio(noFmt).ok).toBe(false);
  });

  it('recognises an MP3 from a frame header, with or without an ID3 tag before it', () => {
    expect(checkDropAudio(frame)).toEqual({ ok: true, format: 'mp3', contentType: 'audio/mpeg' });
    const tagged = concat(id3(300), new Uint8Array(300), frame);
    expect(checkDropAudio(tagged)).toMatchObject({ ok: true, format: 'mp3' });
    // A tag whose size points past the frame is not trusted.
    expect(checkDropAudio(concat(id3(100), new Uint8Array(300), frame)).ok).toBe(false);
  });

  it('refuses other bytes whatever they would be called: text, an MPEG layer II frame, an Ogg file', () => {
    for (const bytes of [
      Buffer.from('name,phone\nAda,+12025550100\n'),
      Uint8Array.from([0xff, 0xfd, 0x90, 0x00, 1, 2, 3]),
      Buffer.from('OggS\0\x02\0\0\0\0'),
      Buffer.from('RIFF\x10\0\0\0AVI LIST'),
    ]) {
      const r = checkDropAudio(bytes);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/not a WAV or MP3/);
    }
  });

  it('refuses an empty file and one over the size limit, saying what to do', () => {
    expect(checkDropAudio(new Uint8Array())).toMatchObject({ ok: false, message: expect.stringMatching(/empty/) });
    const big = new Uint8Array(DROP_AUDIO_MAX_BYTES + 1);
    big.set(wav().subarray(0, 44));
    expect(checkDropAudio(big)).toMatchObject({ ok: false, message: expect.stringMatching(/larger than 5 MB/) });
  });
});
