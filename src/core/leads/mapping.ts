// Which column of an uploaded lead file holds what: proposed from the header (synonyms people use)
// and, where the header says nothing we know, from the values; the user then confirms or edits it.

import { isValidEmail } from './email';
import { leadFields, slugKey, words, type LeadField } from './lead-fields';
import { normalisePhone, splitPhoneList } from './phone';

export { leadFields, slugKey, type LeadField };

/** One column's role; `column` is its 0-based index in each row, `header` its label as uploaded. */
export type ColumnMapping =
  | { column: number; header: string; field: Exclude<LeadField, 'custom'> }
  | { column: number; header: string; field: 'custom'; key: string };

/** Fields a lead has several of: every phone column is a candidate number, tags and notes are merged. */
const MULTI_VALUED: ReadonlySet<LeadField> = new Set(['phone', 'tags', 'notes', 'custom', 'ignore']);

// Header synonyms, compared in compact form (lower case, accents, spaces and punctuation removed). Besides English,
// the common headers of spreadsheets exported in German, French, Spanish, Italian, Dutch, Portuguese and Polish.
const synonyms: Readonly<Record<string, Exclude<LeadField, 'custom' | 'ignore'>>> = (() => {
  const table: Record<string, Exclude<LeadField, 'custom' | 'ignore'>> = {};
  const add = (field: Exclude<LeadField, 'custom' | 'ignore'>, names: string) => {
    for (const name of names.split(',')) table[name.trim()] = field;
  };
  add(
    'first_name',
    'firstname, first, fname, givenname, given, forename, contactfirstname, leadfirstname, prenom, vorname, nombre, nome, voornaam, imie, primeironome',
  );
  add(
    'last_name',
    'lastname, last, lname, surname, familyname, contactlastname, leadlastname, nom, nachname, apellido, apellidos, familienname, nomdefamille, cognome, achternaam, sobrenome, apelido, ultimonome, nazwisko',
  );
  add(
    'full_name',
    'name, fullname, contactname, contact, leadname, customername, clientname, displayname, person, ownername, vollername, nomcomplet, nombrecompleto, nomecompleto, volledigenaam, imieinazwisko',
  );
  add(
    'phone',
    'phone, phonenumber, phoneno, telephone, telephonenumber, tel, mobile, cell, work, home, number, contactnumber, directdial, direct, landline, cellular, primaryphone, telefono, telefon, telefonnummer, handy, mobil, mobiltelefon, rufnummer, telephonenum, portable, numerodetelephone, movil, celular, cellulare, telefoonnummer, telefoon, mobiel, telemovel, telefone, telefonkomorkowy, komorka, numertelefonu',
  );
  add(
    'email',
    'email, emailaddress, mail, emailid, correo, courriel, correoelectronico, mel, adressemail, adressecourriel, posta, postaelettronica, indirizzoemail, emailadres, mailadres, epost',
  );
  add(
    'address',
    'strasse, anschrift, adresse, rue, direccion, calle, indirizzo, via, straat, adres, endereco, rua, ulica, address, streetaddress, street, address1, addressline1, address2, addressline, mailingaddress, addr, homeaddress, street1',
  );
  add(
    'city',
    'city, town, locality, municipality, ciudad, ville, stadt, ort, wohnort, citta, comune, plaats, woonplaats, stad, cidade, miasto, miejscowosc, localidad, poblacion',
  );
  add(
    'state',
    'state, province, region, stateprovince, st, stateorprovince, statecode, bundesland, bundesstaat, staat, kanton, provinz, departement, provincia, estado, regione, provincie, wojewodztwo, uf',
  );
  add(
    'zip',
    'zip, zipcode, postalcode, postcode, zip5, postal, plz, cp, postleitzahl, codepostal, codigopostal, cap, postcode, cep, kodpocztowy',
  );
  add(
    'notes',
    'notes, note, comments, comment, remarks, description, memo, notizen, notiz, bemerkung, bemerkungen, kommentar, remarque, remarques, commentaire, notas, nota, comentarios, note, opmerkingen, opmerking, observacoes, uwagi, notatki',
  );
  add('tags', 'tags, tag, labels, label, groups, group, lists, list, segments, segment');
  add('status', 'status, leadstatus, stage, leadstage, disposition');
  return table;
})();

const PHONE_WORDS = new Set([
  'phone',
  'phones',
  'telephone',
  'tel',
  'mobile',
  'cell',
  'cellphone',
  'cellular',
  'landline',
  'telefono',
  'telefon',
  'telefone',
  'telefoon',
  'handy',
  'mobil',
  'movil',
  'celular',
  'cellulare',
  'portable',
  'telefonnummer',
]);
const EMAIL_WORDS = new Set(['email', 'emails', 'mail']);

type HeaderMatch = { field: Exclude<LeadField, 'custom' | 'ignore'>; exact: boolean };

/** The field a header names, or null when it is not one we know. */
export function fieldForHeader(header: string): Exclude<LeadField, 'custom' | 'ignore'> | null {
  return matchHeader(header)?.field ?? null;
}

function matchHeader(header: string): HeaderMatch | null {
  const ws = words(header);
  if (ws.length === 0) return null;
  const exact = synonyms[ws.join('')];
  if (exact !== undefined) return { field: exact, exact: true };
  const field = compoundField(ws);
  return field === null ? null : { field, exact: false };
}

/** Compound headers: "Phone 2", "Work Phone", "Mobile #", "Contact Email", "Billing Zip"… */
function compoundField(ws: readonly string[]): Exclude<LeadField, 'custom' | 'ignore'> | null {
  if (ws.includes('fax')) return null; // a fax number is not for calling
  if (ws.some((w) => EMAIL_WORDS.has(w)) || ws.join('').includes('email')) return 'email';
  if (ws.some((w) => PHONE_WORDS.has(w)) || /^(phone|tel|mobile|cell)\d+$/.test(ws.join(''))) return 'phone';
  if (ws.includes('zip') || ws.includes('postal') || ws.includes('postcode')) return 'zip';
  if (ws.includes('address') || ws.includes('street')) return 'address';
  if (ws.includes('city')) return 'city';
  if (ws.includes('state') || ws.includes('province')) return 'state';
  if (ws.includes('notes') || ws.includes('note') || ws.includes('comments')) return 'notes';
  if (ws.includes('tags')) return 'tags';
  if (ws.includes('first') && ws.includes('name')) return 'first_name';
  if ((ws.includes('last') || ws.includes('sur')) && ws.includes('name')) return 'last_name';
  return null;
}

const CONTENT_SHARE = 0.6;

function share(values: readonly string[], test: (v: string) => boolean): number | null {
  const filled = values.map((v) => v.trim()).filter((v) => v !== '');
  return filled.length === 0 ? null : filled.filter(test).length / filled.length;
}
// A contacts-app cell lists several numbers ("(206) 837-5431 ::: +1 202 555 0147"): any valid one makes it a phone.
const looksLikePhones = (values: readonly string[]) =>
  share(values, (v) => splitPhoneList(v).some((p) => normalisePhone(p).ok));
const looksLikeEmails = (values: readonly string[]) => share(values, (v) => isValidEmail(v.toLowerCase()));

/** What the sample values of an unlabelled column look like: phones, emails, or neither. */
function fieldForValues(values: readonly string[]): 'phone' | 'email' | null {
  if ((looksLikePhones(values) ?? 0) >= CONTENT_SHARE) return 'phone';
  if ((looksLikeEmails(values) ?? 0) >= CONTENT_SHARE) return 'email';
  return null;
}

/**
 * The header's field, unless a compound header's values say otherwise: "Email Opt Out" or
 * "Phone Type" name a phone or email without holding one.
 */
function fieldForColumn(header: string, values: readonly string[]): LeadField | null {
  const match = matchHeader(header);
  if (match === null) return fieldForValues(values);
  if (!match.exact && (match.field === 'phone' || match.field === 'email')) {
    const seen = match.field === 'phone' ? looksLikePhones(values) : looksLikeEmails(values);
    if (seen !== null && seen < CONTENT_SHARE) return null;
  }
  return match.field;
}

/**
 * A first guess at each column's role. Headers decide when they name a field we know; unknown
 * headers become custom fields unless their values are clearly phones or emails; an empty column
 * with no header is ignored. A single-valued field goes to its first column only; later columns
 * that claim it become custom fields, so no data is dropped without the user seeing it.
 */
/**
 * Columns our own lead export adds that describe DialerSeat's state, not the contact (which campaign,
 * attempts made, when it was created). Re-importing an export must reproduce the leads, so when a
 * file carries our export's header these columns are ignored rather than kept as custom fields.
 */
const EXPORT_STATE_COLUMNS = ['Campaign', 'Attempts', 'DNC', 'Created'];
const isOwnExport = (headers: readonly string[]) =>
  ['Phone', 'Alt phones', ...EXPORT_STATE_COLUMNS].every((h) => headers.some((x) => x.trim() === h));

export function proposeMapping(
  headers: readonly string[],
  sampleRows: readonly (readonly string[])[],
): ColumnMapping[] {
  const width = sampleRows.reduce((w, r) => Math.max(w, r.length), headers.length);
  const ownExport = isOwnExport(headers);
  const taken = new Set<LeadField>();
  const keys = new Set<string>();
  const out: ColumnMapping[] = [];
  for (let column = 0; column < width; column++) {
    const header = (headers[column] ?? '').trim();
    if (ownExport && EXPORT_STATE_COLUMNS.includes(header)) {
      out.push({ column, header, field: 'ignore' });
      continue;
    }
    const values = sampleRows.map((r) => r[column] ?? '');
    let field = fieldForColumn(header, values);
    if (field !== null && !MULTI_VALUED.has(field) && taken.has(field)) field = null;
    if (field === null) {
      if (header === '' && values.every((v) => v.trim() === '')) {
        out.push({ column, header, field: 'ignore' });
        continue;
      }
      const base = slugKey(header) || `column_${column + 1}`;
      let key = base;
      for (let n = 2; keys.has(key); n++) key = `${base}_${n}`;
      keys.add(key);
      out.push({ column, header, field: 'custom', key });
      continue;
    }
    taken.add(field);
    out.push({ column, header, field: field as Exclude<LeadField, 'custom'> });
  }
  return out;
}

export type MappingErrorCode =
  'no_phone' | 'duplicate_field' | 'duplicate_column' | 'invalid_custom_key' | 'duplicate_custom_key';
export type MappingError = { code: MappingErrorCode; message: string; column?: number };

const CUSTOM_KEY = /^[a-z0-9][a-z0-9_]{0,63}$/;

/** Problems that make a mapping unusable (e.g. no phone column); empty when it can be imported. */
export function validateMapping(mapping: readonly ColumnMapping[]): MappingError[] {
  const errors: MappingError[] = [];
  const columns = new Set<number>();
  const fields = new Set<LeadField>();
  const keys = new Set<string>();
  for (const m of mapping) {
    const label = m.header === '' ? `column ${m.column + 1}` : `"${m.header}"`;
    if (columns.has(m.column))
      errors.push({ code: 'duplicate_column', message: `Column ${m.column + 1} is mapped twice.`, column: m.column });
    columns.add(m.column);
    if (m.field === 'custom') {
      if (!CUSTOM_KEY.test(m.key)) {
        errors.push({
          code: 'invalid_custom_key',
          message: `The custom field name for ${label} must be lower-case letters, digits and _.`,
          column: m.column,
        });
      } else if (keys.has(m.key)) {
        errors.push({
          code: 'duplicate_custom_key',
          message: `Two columns are saved as the custom field "${m.key}".`,
          column: m.column,
        });
      }
      keys.add(m.key);
      continue;
    }
    if (!MULTI_VALUED.has(m.field) && fields.has(m.field)) {
      errors.push({
        code: 'duplicate_field',
        message: `${label} is the second column mapped to ${m.field.replace('_', ' ')}.`,
        column: m.column,
      });
    }
    fields.add(m.field);
  }
  if (!fields.has('phone'))
    errors.unshift({ code: 'no_phone', message: 'Choose at least one column with phone numbers.' });
  return errors;
}
