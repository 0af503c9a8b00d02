// A streaming reader of delimited records (RFC 4180 quoting) that keeps what a lead import needs
// beyond the cells: where each record starts and ends in the text, so a rejected row can be handed
// back exactly as uploaded and the resume cursor can point just past the last committed row.
// Lenient like spreadsheet apps: ragged rows keep their own width, a quote inside an unquoted cell
// is text, text after a closing quote joins the cell, and \r\n, \n and \r all end a record.
// (udsv, the fast parser in our dependencies, assumes every row has the header's width and reports
// no positions; see docs/decisions/0004-lead-import-pipeline.md.)

export type CsvRecord = {
  cells: string[];
  /** Offsets into `reader.text` of the record's first character and just past its line break. */
  start: number;
  end: number;
  /** The input ended inside a quoted cell (the record is cut off). */
  unterminatedQuote: boolean;
};

export class RecordTooLongError extends Error {
  override name = 'RecordTooLongError';
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvRecordReader {
  private buf = '';
  private pos = 0;
  private ended = false;
  private readonly delim: number;

  constructor(
    delimiter: string,
    private readonly maxRecordChars = 1 << 20,
  ) {
    if (delimiter.length !== 1) throw new Error('the delimiter is one character');
    this.delim = delimiter.charCodeAt(0);
  }

  /** The current text window; record offsets refer to it until the next `feed`. */
  get text(): string {
    return this.buf;
  }

  /** Offset in `text` just past the last record returned (everything before it is consumed). */
  get position(): number {
    return this.pos;
  }

  get done(): boolean {
    return this.ended && this.pos >= this.buf.length;
  }

  /**
   * Appends decoded text. Returns the already-read text dropped from the front of the window, so the
   * caller can keep counting the bytes consumed before offsets are rebased.
   */
  feed(text: string): string {
    const dropped = this.pos === 0 ? '' : this.buf.slice(0, this.pos);
    this.buf = this.pos === 0 ? this.buf + text : this.buf.slice(this.pos) + text;
    this.pos = 0;
    return dropped;
  }

  /** No more input: the last record may end without a line break. */
  finish(): void {
    this.ended = true;
  }

  /** The record's text as uploaded, line break included. */
  raw(record: CsvRecord): string {
    return this.buf.slice(record.start, record.end);
  }

  /**
   * The next complete record, or null: when input has ended, there are no more; otherwise feed
   * more text and ask again (a record is never returned before its line break has been seen).
   */
  next(): CsvRecord | null {
    const buf = this.buf;
    const n = buf.length;
    const d = this.delim;
    const ended = this.ended;
    const start = this.pos;
    if (start >= n) return null;
    const cells: string[] = [];
    let unterminated = false;
    let i = start;
    for (;;) {
      if (i >= n) {
        // After a delimiter at the very end of the input: one more, empty cell.
        if (!ended) return this.needMore(start);
        cells.push('');
        break;
      }
      if (buf.charCodeAt(i) === QUOTE) {
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = buf.indexOf('"', j);
          if (q === -1) {
            if (!ended) return this.needMore(start);
            value += buf.slice(j);
            i = n;
            unterminated = true;
            break;
          }
          // A quote as the last character so far could be the first half of "".
          if (q + 1 >= n && !ended) return this.needMore(start);
          if (buf.charCodeAt(q + 1) === QUOTE) {
            value += buf.slice(j, q + 1);
            j = q + 2;
            continue;
          }
          value += buf.slice(j, q);
          i = q + 1;
          break;
        }
        if (!unterminated) {
          let k = i;
          while (k < n) {
            const c = buf.charCodeAt(k);
            if (c === d || c === LF || c === CR) break;
            k++;
          }
          if (k >= n && !ended) return this.needMore(start);
          if (k > i) value += buf.slice(i, k);
          i = k;
        }
        cells.push(value);
      } else {
        let k = i;
        while (k < n) {
          const c = buf.charCodeAt(k);
          if (c === d || c === LF || c === CR) break;
          k++;
        }
        if (k >= n && !ended) return this.needMore(start);
        cells.push(buf.slice(i, k));
        i = k;
      }
      if (i >= n) break;
      const c = buf.charCodeAt(i);
      if (c === d) {
        i++;
        continue;
      }
      if (c === CR) {
        // \r\n is one line break; wait for the next character to know.
        if (i + 1 >= n && !ended) return this.needMore(start);
        i += buf.charCodeAt(i + 1) === LF ? 2 : 1;
      } else {
        i++;
      }
      break;
    }
    this.pos = i;
    return { cells, start, end: i, unterminatedQuote: unterminated };
  }

  private needMore(start: number): null {
    if (this.buf.length - start > this.maxRecordChars)
      throw new RecordTooLongError(
        `A row is longer than ${this.maxRecordChars} characters; a quote is probably not closed`,
      );
    return null;
  }
}

/** True for a record with nothing but blanks in it (an empty line, or only delimiters). */
export function isBlankRecord(cells: readonly string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false;
  return true;
}
