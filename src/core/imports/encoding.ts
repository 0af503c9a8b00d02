import type { CsvEncoding } from '../leads/csv-sniff';

// How an upload's bytes become text, and back again for the resume cursor: the importer counts
// the bytes of the text it has consumed so a restart can seek straight to the first row not yet
// committed. Each supported encoding has an exact byte length per decoded string.

export type { CsvEncoding };

/** The WHATWG label TextDecoder takes (it drops a leading BOM itself). */
export function decoderLabel(encoding: CsvEncoding): 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' {
  return encoding === 'utf-8-bom' ? 'utf-8' : encoding;
}

/** Bytes of the byte order mark at the start of a file in `encoding`, when `head` begins with one. */
export function bomLength(encoding: CsvEncoding, head: Uint8Array): number {
  const b0 = head[0];
  const b1 = head[1];
  if ((encoding === 'utf-8' || encoding === 'utf-8-bom') && b0 === 0xef && b1 === 0xbb && head[2] === 0xbf) return 3;
  if (encoding === 'utf-16le' && b0 === 0xff && b1 === 0xfe) return 2;
  if (encoding === 'utf-16be' && b0 === 0xfe && b1 === 0xff) return 2;
  return 0;
}

/** UTF-8 length of a string (lone surrogates count as the 3-byte replacement a decoder produced them from). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a pair: 4 bytes for 2 code units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/**
 * The number of bytes `text` occupied in the file. Exact for valid input: the uploader makes sure a
 * file read as UTF-8 is valid UTF-8 throughout; windows-1252 maps every byte to one character and
 * UTF-16 every two bytes to one code unit.
 */
export function byteLengthIn(encoding: CsvEncoding, text: string): number {
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom':
      return utf8Length(text);
    case 'utf-16le':
    case 'utf-16be':
      return text.length * 2;
    case 'windows-1252':
      return text.length;
  }
}
