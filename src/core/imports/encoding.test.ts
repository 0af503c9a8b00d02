import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bomLength, byteLengthIn, utf8Length } from './encoding';

describe('byte accounting', () => {
  it('measures UTF-8 exactly as an encoder does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
      }),
    );
  });
  it('counts two bytes per UTF-16 code unit and one per Windows-1252 character', () => {
    expect(byteLengthIn('utf-16le', 'a😀')).toBe(6);
    expect(byteLengthIn('windows-1252', 'café')).toBe(4);
  });
  it('recognises the BOM of the detected encoding only', () => {
    expect(bomLength('utf-8-bom', new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe(3);
    expect(bomLength('utf-16le', new Uint8Array([0xff, 0xfe]))).toBe(2);
    expect(bomLength('utf-16be', new Uint8Array([0xff, 0xfe]))).toBe(0);
  });
});
