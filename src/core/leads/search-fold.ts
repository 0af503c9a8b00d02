// Lead search folds case and accents the same way in the database and here, without the server's locale: a
// database created with --locale=C lowers ASCII only, so "Łukasz" or "ÓLAFUR" were never found. The fold is
// NFD, drop combining marks, map letters that do not decompose (Ł, Ø, Đ …) and non-Latin capitals (Greek,
// Cyrillic) with one table, then lower ASCII. The SQL function lead_search_fold (its migration holds this
// table verbatim; a test keeps them equal) fills leads.search_text, which the trigram index covers.

/** Letters NFD leaves alone, mapped to what a search should match them as (same length as FOLD_TO). */
export const FOLD_FROM = 'ŁłØøĐđĦħŦŧıĿŀƗƀƵƶÆŒÞÐðẞſςŊΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЂЄЅІЈЉЊЋЏ';
export const FOLD_TO = 'llooddhhttillibzzæœþddßsσŋαβγδεζηθικλμνξοπρστυφχψωабвгдежзиклмнопрстуфхцчшщъыьэюяђєѕіјљњћџ';

const table = new Map<string, string>();
for (let i = 0; i < FOLD_FROM.length; i++) table.set(FOLD_FROM[i]!, FOLD_TO[i]!);

// eslint-disable-next-line no-control-regex
const ASCII = /^[\u0000-\u007f]*$/;
const COMBINING = /[\u0300-\u036f]/g;

/** The search form of a text: what the database stores in leads.search_text and what a term is matched as. */
export function foldForSearch(text: string): string {
  let s = text;
  if (!ASCII.test(s)) {
    s = s.normalize('NFD').replace(COMBINING, '');
    let out = '';
    for (const ch of s) out += table.get(ch) ?? ch;
    s = out;
  }
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}
