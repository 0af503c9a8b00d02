import { describe, expect, it } from 'vitest';
import { xlsxSheetNames } from './xlsx-sheet-names';

const rels = (targets: Record<string, string>) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${Object.entries(targets)
    .map(([id, target]) => `<Relationship Id="${id}" Type="http://x/worksheet" Target="${target}"/>`)
    .join('')}<Relationship Id="rId9" Type="http://x/styles" Target="styles.xml"/></Relationships>`;

describe('xlsxSheetNames', () => {
  it('names each sheet part through its relationship, not by its position', () => {
    const workbook = `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
      <sheet name="Leads" sheetId="1" r:id="rId2"/><sheet name="Old" sheetId="2" r:id="rId1"/></sheets></workbook>`;
    const names = xlsxSheetNames(workbook, rels({ rId1: 'worksheets/sheet1.xml', rId2: 'worksheets/sheet2.xml' }));
    expect([...names]).toEqual([
      ['2', 'Leads'],
      ['1', 'Old'],
    ]);
  });

  it('reads prefixed elements, single quotes, absolute targets and escaped names', () => {
    const workbook = `<x:workbook xmlns:x="main" xmlns:rel="relationships"><x:sheets>
      <x:sheet sheetId='4' rel:id='a' name='Q1 &amp; Q2 &#x263A; &lt;new&gt;' /></x:sheets></x:workbook>`;
    const names = xlsxSheetNames(workbook, rels({ a: '/xl/worksheets/sheet7.xml' }));
    expect(names.get('7')).toBe('Q1 & Q2 ☺ <new>');
  });

  it('leaves out a sheet whose relationship is missing or is not a worksheet part', () => {
    const workbook = `<workbook><sheets><sheet name="Chart" sheetId="1" r:id="rId1"/>
      <sheet name="Gone" sheetId="2" r:id="rId5"/><sheet name="Data" sheetId="3" r:id="rId3"/></sheets></workbook>`;
    const names = xlsxSheetNames(workbook, rels({ rId1: 'chartsheets/sheet1.xml', rId3: 'worksheets/sheet3.xml' }));
    expect([...names]).toEqual([['3', 'Data']]);
  });

  it('gives nothing for text that is not a workbook', () => {
    expect(xlsxSheetNames('not xml', '').size).toBe(0);
  });
});
