// Reads an upload once, as it streams in, to learn what the first chunk cannot tell: how many
// records it holds (for an exact progress bar), whether it ends inside a quoted cell (cut off, or
// an unclosed quote), and whether any record is absurdly long. The state
// machine reads quotes exactly as CsvRecordReader does, so both agree on where records end.

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

export type UploadScan = {
  /** Records with any content (blank lines and rows of bare delimiters do not count). */
  contentRecords: number;
  /** The 1-based record number where an unclosed quote starts, when the input ends inside it. */
  openQuoteAtRecord: number | null;
  /** The 1-based record number of the first record over the length limit. */
  tooLongAtRecord: number | null;
};

export class UploadScanner {
  private state = FIELD_START;
  private records = 0;
  private content = 0;
  private hasContent = false;
  private recordUnits = 0;
  private prevCR = false;
  private quoteRecord = 0;
  private tooLong: number | null = null;
  private carry: Uint8Array | null = null;
  private readonly utf16: 'utf-16le' | 'utf-16be' | null;
  private readonly delim: number;

  constructor(opts: { delimiter: string; utf16: 'utf-16le' | 'utf-16be' | null; maxRecordUnits: number }) {
    this.delim = opts.delimiter.charCodeAt(0);
    this.utf16 = opts.utf16;
    this.maxRecordUnits = opts.maxRecordUnits;
  }

  private readonly maxRecordUnits: number;

  push(bytes: Uint8Array): void {
    if (this.utf16 === null) {
      // Quotes, delimiters and line breaks are ASCII, and in UTF-8 and Windows-1252 an ASCII byte
      // is always that character, so 8-bit files are scanned as bytes.
      this.run(bytes);
      return;
    }
    // UTF-16: whole code units (a chunk may end between the two bytes of one).
    const all = this.carry === null ? bytes : concat(this.carry, bytes);
    const even = all.length & ~1;
    this.carry = even < all.length ? all.slice(even) : null;
    const units = new Uint16Array(even / 2);
    const hi = this.utf16 === 'utf-16be' ? 0 : 1;
    for (let i = 0, j = 0; i < even; i += 2, j++) units[j] = (all[i + hi]! << 8) | all[i + 1 - hi]!;
    this.run(units);
  }

  /** The state machine over code units, with locals for speed (this runs over every byte uploaded). */
  private run(units: Uint8Array | Uint16Array): void {
    const n = units.length;
    const d = this.delim;
    const max = this.maxRecordUnits;
    let { state, records, content, hasContent, recordUnits, prevCR, quoteRecord } = this;
    for (let i = 0; i < n; i++) {
      if (state === QUOTED) {
        // Inside quotes only a quote matters: jump to it.
        const q = units.indexOf(QUOTE, i);
        const stop = q === -1 ? n : q;
        if (stop > i) hasContent = true;
        recordUnits += stop - i;
        if (q === -1) break;
        recordUnits++;
        i = q;
        state = QUOTE_IN_QUOTED;
        continue;
      }
      const c = units[i]!;
      if (prevCR) {
        prevCR = false;
        if (c === LF) continue;
      }
      recordUnits++;
      if (c === LF || c === CR) {
        prevCR = c === CR;
        if (recordUnits - 1 > max && this.tooLong === null) this.tooLong = records + 1;
        records++;
        if (hasContent) content++;
        hasContent = false;
        recordUnits = 0;
        state = FIELD_START;
        continue;
      }
      if (c === d) {
        state = FIELD_START;
        continue;
      }
      if (c === QUOTE) {
        if (state === FIELD_START) {
          state = QUOTED;
          quoteRecord = records + 1;
          continue;
        }
        if (state === QUOTE_IN_QUOTED) {
          // A doubled quote: a literal " inside the quoted cell.
          hasContent = true;
          state = QUOTED;
          continue;
        }
      }
      if (c !== SPACE && c !== TAB) hasContent = true;
      state = UNQUOTED;
    }
    if (recordUnits > max && this.tooLong === null) this.tooLong = records + 1;
    Object.assign(this, { state, records, content, hasContent, recordUnits, prevCR, quoteRecord });
  }

  finish(): UploadScan {
    const openQuote = this.state === QUOTED ? this.quoteRecord : null;
    if (this.recordUnits > 0 || this.state !== FIELD_START) this.run(new Uint8Array([LF]));
    return { contentRecords: this.content, openQuoteAtRecord: openQuote, tooLongAtRecord: this.tooLong };
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
