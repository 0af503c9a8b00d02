import { describe, expect, it } from 'vitest';
import { columnLetter, hasZipEnd, xlsxCellText, xlsxHeaderNames, xlsxRowCells } from './xlsx-cells';

describe('xlsx cell text', () => {
  it('prints phones Excel stored as numbers with every digit, never as 2.0255501E+09', () => {
    expect(xlsxCellText(2025550100)).toBe('2025550100');
    expect(xlsxCellText(442079460000)).toBe('442079460000');
    expect(xlsxCellText(12.5)).toBe('12.5');
  });

  it('writes dates as ISO dates, with the time only when there is one', () => {
    expect(xlsxCellText(new Date(Date.UTC(2026, 0, 15)))).toBe('2026-01-15');
    expect(xlsxCellText(new Date(Date.UTC(2026, 0, 15, 9, 30)))).toBe('2026-01-15T09:30:00');
  });

  it('uses the cached result of a formula, the text of rich text and hyperlinks, nothing for errors', () => {
    expect(xlsxCellText({ formula: 'A1&"x"', result: 'Cityx' })).toBe('Cityx');
    expect(xlsxCellText({ sharedFormula: 'E2', result: 4155550100 })).toBe('4155550100');
    expect(xlsxCellText({ formula: 'NOW()' })).toBe('');
    expect(xlsxCellText({ richText: [{ text: 'Zo' }, { text: 'ë' }] })).toBe('Zoë');
    expect(xlsxCellText({ text: 'a@b.co', hyperlink: 'mailto:a@b.co' })).toBe('a@b.co');
    expect(xlsxCellText({ error: '#N/A' })).toBe('');
    expect(xlsxCellText(true)).toBe('TRUE');
  });

  it('turns a sparse 1-based row into dense cells', () => {
    // eslint-disable-next-line no-sparse-arrays -- what the reader returns for an empty column B
    expect(xlsxRowCells([, 'a', , 3])).toEqual(['a', '', '3']);
  });

  it('names empty and merged-away header cells after their column', () => {
    expect(xlsxHeaderNames(['Name', '', 'Phone', ' '])).toEqual(['Name', 'Column B', 'Phone', 'Column D']);
    expect(columnLetter(27)).toBe('AA');
  });
});

describe('zip end record', () => {
  it('is found in a complete archive and missing from a cut-off one', () => {
    const end = new Uint8Array(22);
    end.set([0x50, 0x4b, 0x05, 0x06]);
    expect(hasZipEnd(new Uint8Array([1, 2, 3, ...end]))).toBe(true);
    expect(hasZipEnd(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]))).toBe(false);
  });
});
