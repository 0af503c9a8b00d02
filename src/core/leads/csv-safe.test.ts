import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvSafeStringifyOptions, neutraliseCell } from './csv-safe';

describe('neutraliseCell', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
    ['+1+cmd|/C calc!A0', "'+1+cmd|/C calc!A0"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['\uff1d1+1', "'\uff1d1+1"],
    ['+14155552671', "'+14155552671"],
    ['Ann', 'Ann'],
    ['a=b', 'a=b'],
    [' =1', ' =1'],
    ['', ''],
  ])('%j → %j', (value, safe) => {
    expect(neutraliseCell(value)).toBe(safe);
  });

  it('never leaves a cell starting with a formula character, and only ever adds one quote', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const safe = neutraliseCell(value);
        expect(/^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(safe)).toBe(false);
        expect(safe === value || safe === `'${value}`).toBe(true);
      }),
    );
  });
});

describe('csvSafeStringifyOptions', () => {
  it('writes a BOM and neutralises cells and headers, leaving numbers as numbers', () => {
    const csv = stringify(
      [
        { name: '=cmd|"/C calc"!A0', phone: '+14155552671', balance: -5, note: 'ok, fine' },
        { name: '@evil', phone: '', balance: 12.5, note: '-x' },
      ],
      { ...csvSafeStringifyOptions, header: true, columns: [{ key: 'name', header: '=Name' }, 'phone', 'balance', 'note'] },
    );
    expect(csv).toBe(
      "\ufeff'=Name,phone,balance,note\n" +
        `"'=cmd|""/C calc""!A0",'+14155552671,-5,"ok, fine"\n` +
        "'@evil,,12.5,'-x\n",
    );
  });
});
