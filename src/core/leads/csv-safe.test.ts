import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseCell, neutralisePhoneCell, toSafeCsv } from './csv-safe';

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

describe('toSafeCsv', () => {
  it('writes a BOM and neutralises cells and headers, leaving numbers as numbers', () => {
    const csv = toSafeCsv(
      [
        ['=Name', 'phone', 'balance', 'note'],
        ['=cmd|"/C calc"!A0', '+14155552671', -5, 'ok, fine'],
        ['@evil', '', 12.5, '-x'],
      ],
      { bom: true },
    );
    expect(csv).toBe(
      "\ufeff'=Name,phone,balance,note\n" +
        `"'=cmd|""/C calc""!A0",'+14155552671,-5,"ok, fine"\n` +
        "'@evil,,12.5,'-x\n",
    );
  });

  it('writes E.164 numbers in a phone column as data, and neutralises anything else there', () => {
    const csv = toSafeCsv(
      [
        ['Phone', 'Alt phones', 'Note'],
        ['+14155552671', '+12025550147; +442079460958', '+14155552671'],
        ['+1 202 555 0147', '=HYPERLINK("http://x")', '-'],
        ['=1+2', '+1; =2', ''],
      ],
      { bom: false, phoneColumns: [0, 1] },
    );
    expect(csv.split('\n')).toEqual([
      'Phone,Alt phones,Note',
      "+14155552671,+12025550147; +442079460958,'+14155552671",
      `'+1 202 555 0147,"'=HYPERLINK(""http://x"")",'-`,
      "'=1+2,'+1; =2,",
      '',
    ]);
  });

  it('keeps the delimiter and line ending it is given', () => {
    expect(toSafeCsv([['a;b', '=x']], { bom: false, delimiter: ';', recordDelimiter: '\r\n' })).toBe(`"a;b";'=x\r\n`);
  });
});

describe('neutralisePhoneCell', () => {
  it('never leaves a cell starting with a formula character unless it is E.164 numbers', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const safe = neutralisePhoneCell(value);
        if (safe === value && /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(value))
          expect(value).toMatch(/^\+\d+(; \+\d+)*$/);
      }),
    );
  });
});
