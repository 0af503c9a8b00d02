/**
 * What a voicemail-drop upload must be (decision 0029): a WAV or an MP3, recognised from its bytes — the name and
 * the declared type prove nothing — and small enough for the provider to fetch at once when a machine beeps.
 */
export const DROP_AUDIO_MAX_BYTES = 5 * 1024 * 1024;
export const DROP_NAME_MAX = 80;
export const DROP_TEXT_MAX = 1000;

export type DropAudioFormat = { format: 'wav' | 'mp3'; contentType: 'audio/wav' | 'audio/mpeg' };

export type DropAudioCheck = ({ ok: true } & DropAudioFormat) | { ok: false; message: string };

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  bytes.length >= at + text.length && [...text].every((ch, i) => bytes[at + i] === ch.charCodeAt(0));

/** A RIFF/WAVE container whose first chunks include the `fmt ` chunk (the header every player needs). */
function isWav(bytes: Uint8Array): boolean {
  if (!ascii(bytes, 0, 'RIFF') || !ascii(bytes, 8, 'WAVE')) return false;
  let at = 12;
  while (at + 8 <= bytes.length) {
    if (ascii(bytes, at, 'fmt ')) return true;
    const size = bytes[at + 4]! | (bytes[at + 5]! << 8) | (bytes[at + 6]! << 16) | (bytes[at + 7]! * 2 ** 24);
    at += 8 + size + (size % 2);
  }
  return false;
}

/** An MPEG audio Layer III frame header: sync bits, a real version, layer III, a real bitrate and sample rate. */
function isMp3Frame(bytes: Uint8Array, at: number): boolean {
  if (at + 4 > bytes.length) return false;
  const b1 = bytes[at + 1]!;
  const b2 = bytes[at + 2]!;
  if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return false;
  const version = (b1 >> 3) & 0b11;
  const layer = (b1 >> 1) & 0b11;
  const bitrate = b2 >> 4;
  const sampleRate = (b2 >> 2) & 0b11;
  return version !== 0b01 && layer === 0b01 && bitrate !== 0 && bitrate !== 0xf && sampleRate !== 0b11;
}

/** An MP3: an ID3v2 tag (its size is synch-safe) followed by a frame, or a frame straight away. */
function isMp3(bytes: Uint8Array): boolean {
  if (ascii(bytes, 0, 'ID3')) {
    if (bytes.length < 10) return false;
    const size =
      ((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f);
    const footer = bytes[5]! & 0x10 ? 10 : 0;
    return isMp3Frame(bytes, 10 + size + footer);
  }
  return isMp3Frame(bytes, 0);
}

/** Checks a whole upload (it is at most DROP_AUDIO_MAX_BYTES, so it is held in memory). */
export function checkDropAudio(bytes: Uint8Array): DropAudioCheck {
  if (bytes.length === 0) return { ok: false, message: 'The file is empty: choose a WAV or MP3 recording' };
  if (bytes.length > DROP_AUDIO_MAX_BYTES)
    return {
      ok: false,
      message: `The file is larger than ${DROP_AUDIO_MAX_BYTES / 1024 / 1024} MB: shorten or compress it`,
    };
  if (isWav(bytes)) return { ok: true, format: 'wav', contentType: 'audio/wav' };
  if (isMp3(bytes)) return { ok: true, format: 'mp3', contentType: 'audio/mpeg' };
  return {
    ok: false,
    message: 'This file is not a WAV or MP3 recording (whatever its name says): export the message as WAV or MP3',
  };
}
