// Proof, from libphonenumber's own metadata, that a number prefix alone decides the library's
// verdict. isValid() on a +1 number only tests the national number against the regexes of the 25
// NANP regions (national pattern, leading digits, one pattern per number type) and their length
// lists. If every one of those regexes gives the same answer for all completions of a prefix, so
// does isValid() — and one library call can stand for every number of that prefix.
//
// The metadata regexes use a small dialect (digits, \d, [classes], (?:groups), |, ?, *, +, {n,m});
// each is compiled to an NFA and, per prefix, we check that the set of states reached is
// "all-or-none": every completion to the full length is accepted, or none is. Anything outside
// the dialect makes the oracle refuse to decide, so the caller falls back to the library.

type Node =
  | { kind: 'set'; mask: number }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; items: Node[] }
  | { kind: 'rep'; node: Node; min: number; max: number };

const ALL_DIGITS = 0x3ff;

class Unsupported extends Error {}

function parse(source: string): Node {
  let i = 0;
  const peek = () => source[i];
  const expect = (ch: string) => {
    if (source[i] !== ch) throw new Unsupported(`expected ${ch} at ${i} in ${source}`);
    i++;
  };
  const digit = (ch: string | undefined) => {
    const d = ch === undefined ? -1 : ch.charCodeAt(0) - 48;
    if (d < 0 || d > 9) throw new Unsupported(`unsupported ${ch ?? 'end'} at ${i} in ${source}`);
    return d;
  };
  const number = () => {
    const start = i;
    while (i < source.length && /\d/.test(source[i] ?? '')) i++;
    if (start === i) throw new Unsupported(`expected a count at ${i} in ${source}`);
    return Number(source.slice(start, i));
  };

  function alt(): Node {
    const items = [seq()];
    while (peek() === '|') {
      i++;
      items.push(seq());
    }
    return items.length === 1 ? (items[0] as Node) : { kind: 'alt', items };
  }
  function seq(): Node {
    const items: Node[] = [];
    while (i < source.length && peek() !== '|' && peek() !== ')') items.push(quantified(atom()));
    return { kind: 'seq', items };
  }
  function atom(): Node {
    const ch = peek();
    if (ch === '(') {
      i++;
      if (peek() === '?') {
        i++;
        expect(':');
      }
      const inner = alt();
      expect(')');
      return inner;
    }
    if (ch === '[') {
      i++;
      let mask = 0;
      while (peek() !== ']') {
        if (peek() === '\\') {
          i++;
          expect('d');
          mask |= ALL_DIGITS;
          continue;
        }
        const from = digit(source[i++]);
        if (peek() === '-' && source[i + 1] !== ']') {
          i++;
          const to = digit(source[i++]);
          for (let d = from; d <= to; d++) mask |= 1 << d;
        } else {
          mask |= 1 << from;
        }
      }
      i++;
      return { kind: 'set', mask };
    }
    if (ch === '\\') {
      i++;
      expect('d');
      return { kind: 'set', mask: ALL_DIGITS };
    }
    i++;
    return { kind: 'set', mask: 1 << digit(ch) };
  }
  function quantified(node: Node): Node {
    const ch = peek();
    const simple =
      ch === '?'
        ? ([0, 1] as const)
        : ch === '*'
          ? ([0, Infinity] as const)
          : ch === '+'
            ? ([1, Infinity] as const)
            : null;
    if (simple !== null) {
      i++;
      return { kind: 'rep', node, min: simple[0], max: simple[1] };
    }
    if (ch === '{') {
      i++;
      const min = number();
      let max = min;
      if (peek() === ',') {
        i++;
        max = peek() === '}' ? Infinity : number();
      }
      expect('}');
      return { kind: 'rep', node, min, max };
    }
    return node;
  }

  const node = alt();
  if (i !== source.length) throw new Unsupported(`unexpected ${source[i]} at ${i} in ${source}`);
  return node;
}

/** A Thompson NFA over digits: epsilon edges and digit-set edges. */
class Nfa {
  readonly eps: number[][] = [];
  readonly edges: { mask: number; to: number }[][] = [];
  readonly start: number;
  readonly accept: number;

  constructor(node: Node) {
    this.start = this.state();
    this.accept = this.compile(node, this.start);
  }

  private state(): number {
    this.eps.push([]);
    this.edges.push([]);
    return this.eps.length - 1;
  }

  private epsilon(from: number, to: number): void {
    this.eps[from]?.push(to);
  }

  /** Adds `node` after state `from`; returns the state reached at its end. */
  private compile(node: Node, from: number): number {
    switch (node.kind) {
      case 'set': {
        const to = this.state();
        this.edges[from]?.push({ mask: node.mask, to });
        return to;
      }
      case 'seq':
        return node.items.reduce((at, item) => this.compile(item, at), from);
      case 'alt': {
        const end = this.state();
        for (const item of node.items) {
          const start = this.state();
          this.epsilon(from, start);
          this.epsilon(this.compile(item, start), end);
        }
        return end;
      }
      case 'rep': {
        let at = from;
        for (let k = 0; k < node.min; k++) at = this.compile(node.node, at);
        if (node.max === Infinity) {
          const loop = this.state();
          this.epsilon(at, loop);
          this.epsilon(this.compile(node.node, loop), loop);
          return loop;
        }
        for (let k = node.min; k < node.max; k++) {
          const start = this.state();
          const out = this.state();
          this.epsilon(at, start);
          this.epsilon(start, out);
          this.epsilon(this.compile(node.node, start), out);
          at = out;
        }
        return at;
      }
    }
  }
}

type Outcome = 'all' | 'none' | 'mixed';
const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/**
 * One regex as the library applies it: `entire` = the whole number must match (matchesEntirely),
 * `prefix` = a match must start at the first digit (leading digits, `search() === 0`).
 */
class PatternTracker {
  private readonly nfa: Nfa;
  private readonly sets: number[][] = [];
  private readonly ids = new Map<string, number>();
  private readonly steps = new Map<number, number>();
  private readonly outcomes = new Map<number, Outcome>();
  private readonly matched: number; // prefix mode: the match already happened, the rest is irrelevant
  readonly startId: number;

  constructor(
    source: string,
    private readonly mode: 'entire' | 'prefix',
  ) {
    this.nfa = new Nfa(parse(source));
    this.matched = this.intern([-1]);
    this.startId = this.intern(this.closure([this.nfa.start]));
  }

  private closure(states: number[]): number[] {
    const seen = new Set(states);
    const stack = [...states];
    while (stack.length > 0) {
      const s = stack.pop() as number;
      for (const t of this.nfa.eps[s] ?? []) {
        if (!seen.has(t)) {
          seen.add(t);
          stack.push(t);
        }
      }
    }
    return [...seen].sort((a, b) => a - b);
  }

  private intern(states: number[]): number {
    if (this.mode === 'prefix' && states.includes(this.nfa.accept)) states = [-1];
    const key = states.join(',');
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(states);
      this.ids.set(key, id);
    }
    return id;
  }

  step(id: number, digit: number): number {
    if (id === this.matched) return id;
    const key = id * 10 + digit;
    let next = this.steps.get(key);
    if (next === undefined) {
      const targets: number[] = [];
      for (const s of this.sets[id] ?? [])
        for (const e of this.nfa.edges[s] ?? []) if (e.mask & (1 << digit)) targets.push(e.to);
      next = this.intern(this.closure(targets));
      this.steps.set(key, next);
    }
    return next;
  }

  /** Every state set reachable by `depth` digits (the first one from `firstDigits`). */
  reachable(depth: number, firstDigits: readonly number[]): number[] {
    let level = [this.startId];
    for (let k = 0; k < depth; k++) {
      const next = new Set<number>();
      for (const id of level) for (const d of k === 0 ? firstDigits : DIGITS) next.add(this.step(id, d));
      level = [...next];
    }
    return level;
  }

  /** Whether every, no, or only some completions by `remaining` more digits are accepted. */
  outcome(id: number, remaining: number): Outcome {
    if (id === this.matched) return 'all';
    const key = id * 32 + remaining;
    let result = this.outcomes.get(key);
    if (result !== undefined) return result;
    const states = this.sets[id] ?? [];
    if (states.length === 0) result = 'none';
    else if (remaining === 0) result = states.includes(this.nfa.accept) ? 'all' : 'none';
    else {
      let all = true;
      let none = true;
      for (let d = 0; d < 10 && (all || none); d++) {
        const o = this.outcome(this.step(id, d), remaining - 1);
        if (o !== 'all') all = false;
        if (o !== 'none') none = false;
      }
      result = all ? 'all' : none ? 'none' : 'mixed';
    }
    this.outcomes.set(key, result);
    return result;
  }
}

export type PrefixOracle = {
  /** True when every regex gives one answer for all `length`-digit numbers starting with `prefix`. */
  decides(prefix: string): boolean;
  /** True when decides(p) holds for every prefix p of `depth` digits whose first digit is in `firstDigits`. */
  decidesEveryPrefix(depth: number, firstDigits: readonly number[]): boolean;
};

/** An oracle over `patterns` for numbers of exactly `length` digits; never decides if a pattern is outside the dialect. */
export function createPrefixOracle(
  patterns: readonly { source: string; mode: 'entire' | 'prefix' }[],
  length: number,
): PrefixOracle {
  let trackers: PatternTracker[];
  try {
    trackers = patterns.map((p) => new PatternTracker(p.source, p.mode));
  } catch (error) {
    if (error instanceof Unsupported) return { decides: () => false, decidesEveryPrefix: () => false };
    throw error;
  }
  // Per prefix, the regexes it leaves undecided and their NFA states, built from the parent
  // prefix's list: a regex that dies or is settled after the area code is never looked at again.
  type Open = { tracker: number; state: number }[];
  const open = new Map<string, Open>([['', trackers.map((t, tracker) => ({ tracker, state: t.startId }))]]);
  const openAfter = (prefix: string): Open => {
    const known = open.get(prefix);
    if (known !== undefined) return known;
    const parent = openAfter(prefix.slice(0, -1));
    const digit = prefix.charCodeAt(prefix.length - 1) - 48;
    const remaining = length - prefix.length;
    const next: Open = [];
    for (const { tracker, state } of parent) {
      const t = trackers[tracker] as PatternTracker;
      const after = t.step(state, digit);
      if (t.outcome(after, remaining) === 'mixed') next.push({ tracker, state: after });
    }
    open.set(prefix, next);
    return next;
  };

  return {
    decidesEveryPrefix(depth, firstDigits) {
      // Per regex, over the state sets reachable (few), not over the prefixes (10^depth).
      return trackers.every((t) =>
        t.reachable(depth, firstDigits).every((id) => t.outcome(id, length - depth) !== 'mixed'),
      );
    },
    decides(prefix) {
      if (prefix.length > length || !/^\d*$/.test(prefix)) return false;
      return openAfter(prefix).length === 0;
    },
  };
}

type MinifiedPlan = readonly unknown[];
type MetadataLike = {
  version?: unknown;
  country_calling_codes: Record<string, readonly string[]>;
  countries: Record<string, MinifiedPlan | undefined>;
};

/**
 * The regexes isValid() applies to a national number of `callingCode`, read from libphonenumber-js
 * metadata (format version 4: [2] national pattern, [10] leading digits, [11] per-type [pattern]).
 * Null when the metadata is not in the shape this reading knows.
 */
export function validityPatterns(
  metadata: MetadataLike,
  callingCode: string,
): { source: string; mode: 'entire' | 'prefix' }[] | null {
  if (metadata.version !== 4) return null;
  const out: { source: string; mode: 'entire' | 'prefix' }[] = [];
  for (const country of metadata.country_calling_codes[callingCode] ?? []) {
    const plan = metadata.countries[country];
    if (plan === undefined || typeof plan[2] !== 'string' || !Array.isArray(plan[11])) return null;
    out.push({ source: plan[2], mode: 'entire' });
    if (typeof plan[10] === 'string') out.push({ source: plan[10], mode: 'prefix' });
    for (const type of plan[11] as unknown[]) {
      if (!Array.isArray(type)) continue;
      if (typeof type[0] === 'string' && type[0] !== '') out.push({ source: type[0], mode: 'entire' });
    }
  }
  return out.length > 0 ? out : null;
}
