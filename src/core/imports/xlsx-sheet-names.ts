// A workbook names its sheets in xl/workbook.xml (name → relationship id) and finds each sheet's part through
// xl/_rels/workbook.xml.rels (relationship id → worksheets/sheetN.xml). Reading the two together gives every sheet
// part its name, whatever order the parts come in inside the zip.

const SHEET = /<(?:[\w.-]+:)?sheet\s([^>]*?)\/?>/g;
const RELATIONSHIP = /<(?:[\w.-]+:)?Relationship\s([^>]*?)\/?>/g;
const ATTRIBUTE = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const SHEET_PART = /(?:^|\/)worksheets\/sheet(\d+)\.xml$/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return ENTITIES[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(ATTRIBUTE)) out.set(m[1]!, decode(m[2] ?? m[3] ?? ''));
  return out;
}

/**
 * Each sheet's name by the number of its part ("3" for xl/worksheets/sheet3.xml). A sheet whose relationship or part
 * cannot be found is left out; the reader then falls back to its own name for it.
 */
export function xlsxSheetNames(workbookXml: string, relsXml: string): Map<string, string> {
  const partByRel = new Map<string, string>();
  for (const m of relsXml.matchAll(RELATIONSHIP)) {
    const attrs = attributes(m[1]!);
    const part = SHEET_PART.exec(attrs.get('Target') ?? '');
    const id = attrs.get('Id');
    if (part && id !== undefined) partByRel.set(id, part[1]!);
  }
  const names = new Map<string, string>();
  for (const m of workbookXml.matchAll(SHEET)) {
    const attrs = attributes(m[1]!);
    // The relationship attribute is r:id in the relationships namespace, whatever prefix the writer chose.
    const rel = [...attrs].find(([key]) => /^[\w.-]+:id$/.test(key))?.[1];
    const name = attrs.get('name');
    const part = rel === undefined ? undefined : partByRel.get(rel);
    if (name !== undefined && part !== undefined) names.set(part, name);
  }
  return names;
}
