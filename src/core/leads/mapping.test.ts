import { describe, expect, it } from 'vitest';
import { fieldForHeader, proposeMapping, slugKey, validateMapping } from './mapping';
import type { ColumnMapping } from './mapping';

describe('fieldForHeader', () => {
  it.each([
    ['First Name', 'first_name'],
    ['first_name', 'first_name'],
    ['FirstName', 'first_name'],
    ['fname', 'first_name'],
    ['Given name', 'first_name'],
    ['Last Name', 'last_name'],
    ['Surname', 'last_name'],
    ['Name', 'full_name'],
    ['Full Name', 'full_name'],
    ['Phone', 'phone'],
    ['Phone Number', 'phone'],
    ['Mobile', 'phone'],
    ['Cell #', 'phone'],
    ['Work', 'phone'],
    ['Home', 'phone'],
    ['Phone 2', 'phone'],
    ['phone2', 'phone'],
    ['Work Phone', 'phone'],
    ['Tel.', 'phone'],
    ['E-mail', 'email'],
    ['Email Address', 'email'],
    ['Work Email', 'email'],
    ['Address', 'address'],
    ['Street Address', 'address'],
    ['Home Address', 'address'],
    ['City', 'city'],
    ['State', 'state'],
    ['ST', 'state'],
    ['State/Province', 'state'],
    ['Zip', 'zip'],
    ['ZIP Code', 'zip'],
    ['Postal Code', 'zip'],
    ['Zip/Postal Code', 'zip'],
    ['Notes', 'notes'],
    ['Comments', 'notes'],
    ['Tags', 'tags'],
    ['Status', 'status'],
    ['Lead Status', 'status'],
    ['Téléphone', 'phone'],
  ])('%j → %s', (header, field) => {
    expect(fieldForHeader(header)).toBe(field);
  });

  it.each([
    // German
    ['Vorname', 'first_name'],
    ['Nachname', 'last_name'],
    ['Telefon', 'phone'],
    ['Telefonnummer', 'phone'],
    ['Handy', 'phone'],
    ['Mobiltelefon', 'phone'],
    ['E-Mail', 'email'],
    ['Straße', 'address'],
    ['Ort', 'city'],
    ['Stadt', 'city'],
    ['PLZ', 'zip'],
    ['Postleitzahl', 'zip'],
    ['Bundesland', 'state'],
    ['Bundesstaat', 'state'],
    ['Bemerkung', 'notes'],
    // French
    ['Prénom', 'first_name'],
    ['Nom', 'last_name'],
    ['Courriel', 'email'],
    ['Adresse', 'address'],
    ['Ville', 'city'],
    ['Code postal', 'zip'],
    ['Portable', 'phone'],
    ['Numéro de téléphone', 'phone'],
    // Spanish
    ['Nombre', 'first_name'],
    ['Apellidos', 'last_name'],
    ['Teléfono', 'phone'],
    ['Móvil', 'phone'],
    ['Correo electrónico', 'email'],
    ['Dirección', 'address'],
    ['Ciudad', 'city'],
    ['Código postal', 'zip'],
    ['Provincia', 'state'],
    // Italian
    ['Cognome', 'last_name'],
    ['Cellulare', 'phone'],
    ['Indirizzo', 'address'],
    ['Città', 'city'],
    ['CAP', 'zip'],
    // Dutch
    ['Voornaam', 'first_name'],
    ['Achternaam', 'last_name'],
    ['Telefoonnummer', 'phone'],
    ['Woonplaats', 'city'],
    ['Postcode', 'zip'],
    // Portuguese
    ['Sobrenome', 'last_name'],
    ['Telefone', 'phone'],
    ['Celular', 'phone'],
    ['Endereço', 'address'],
    ['Cidade', 'city'],
    ['CEP', 'zip'],
    // Polish
    ['Imię', 'first_name'],
    ['Nazwisko', 'last_name'],
    ['Telefon komórkowy', 'phone'],
    ['Miejscowość', 'city'],
    ['Kod pocztowy', 'zip'],
    ['Województwo', 'state'],
    ['Ulica', 'address'],
  ])('%j (a non-English export) → %s', (header, field) => {
    expect(fieldForHeader(header)).toBe(field);
  });

  it.each([['Company'], ['Fax'], ['Fax Number'], [''], ['Lead Source']])('%j → not a lead field', (header) => {
    expect(fieldForHeader(header)).toBeNull();
  });
});

describe('slugKey', () => {
  it('makes a lower-case key from a header', () => {
    expect(slugKey('Lead Source (2024)')).toBe('lead_source_2024');
    expect(slugKey('Città')).toBe('citta');
    expect(slugKey('AnnualRevenue')).toBe('annual_revenue');
    expect(slugKey('***')).toBe('');
  });
});

describe('proposeMapping', () => {
  it('maps a typical CRM export by its headers', () => {
    const headers = ['First Name', 'Last Name', 'Phone', 'Mobile', 'Email', 'Company', 'State', 'Zip', 'Tags'];
    const rows = [['Ann', 'Lee', '415-555-2671', '(212) 555-0199', 'ann@example.com', 'Acme', 'CA', '94103', 'vip']];
    expect(proposeMapping(headers, rows)).toEqual<ColumnMapping[]>([
      { column: 0, header: 'First Name', field: 'first_name' },
      { column: 1, header: 'Last Name', field: 'last_name' },
      { column: 2, header: 'Phone', field: 'phone' },
      { column: 3, header: 'Mobile', field: 'phone' },
      { column: 4, header: 'Email', field: 'email' },
      { column: 5, header: 'Company', field: 'custom', key: 'company' },
      { column: 6, header: 'State', field: 'state' },
      { column: 7, header: 'Zip', field: 'zip' },
      { column: 8, header: 'Tags', field: 'tags' },
    ]);
  });

  it('recognises phone and email columns by their values when the header is unknown or missing', () => {
    const rows = [
      ['Ann Lee', '+1 415 555 2671', 'ann@example.com', 'x'],
      ['Bob Roe', '212-555-0199', 'bob@example.org', ''],
      ['Cy Doe', '(646) 555-0123', 'cy@example.net', ''],
    ];
    expect(proposeMapping(['Who', 'Digits', 'Contact info'], rows).map((m) => m.field)).toEqual([
      'custom',
      'phone',
      'email',
      'custom',
    ]);
    expect(proposeMapping([], rows)).toEqual<ColumnMapping[]>([
      { column: 0, header: '', field: 'custom', key: 'column_1' },
      { column: 1, header: '', field: 'phone' },
      { column: 2, header: '', field: 'email' },
      { column: 3, header: '', field: 'custom', key: 'column_4' },
    ]);
  });

  it('maps a contacts-app export whose phone cells list several numbers', () => {
    const headers = ['Name', 'Given Name', 'Family Name', 'E-mail 1 - Value', 'Phone 1 - Type', 'Phone 1 - Value'];
    const rows = [
      ['Ann Lee', 'Ann', 'Lee', 'ann@example.com', 'Mobile', '(206) 837-5431 ::: +1 202 555 0147'],
      ['Bo Li', 'Bo', 'Li', 'bo@example.com', 'Work', '+1 415 555 0100'],
    ];
    const fields = proposeMapping(headers, rows).map((m) => m.field);
    expect(fields).toEqual(['full_name', 'first_name', 'last_name', 'email', 'custom', 'phone']);
  });

  it('does not take "Email Opt Out" or "Phone Type" for an email or phone column', () => {
    const rows = [
      ['yes', 'mobile'],
      ['no', 'home'],
    ];
    expect(proposeMapping(['Email Opt Out', 'Phone Type'], rows)).toEqual<ColumnMapping[]>([
      { column: 0, header: 'Email Opt Out', field: 'custom', key: 'email_opt_out' },
      { column: 1, header: 'Phone Type', field: 'custom', key: 'phone_type' },
    ]);
  });

  it('keeps a second column for a single-valued field as a custom field, with unique keys', () => {
    const m = proposeMapping(
      ['Phone', 'Email', 'E-mail', 'Notes', 'Note', 'Source', 'source', ''],
      [['4155552671', '', '', '', '', '', '', '']],
    );
    expect(m).toEqual<ColumnMapping[]>([
      { column: 0, header: 'Phone', field: 'phone' },
      { column: 1, header: 'Email', field: 'email' },
      { column: 2, header: 'E-mail', field: 'custom', key: 'e_mail' },
      { column: 3, header: 'Notes', field: 'notes' },
      { column: 4, header: 'Note', field: 'notes' },
      { column: 5, header: 'Source', field: 'custom', key: 'source' },
      { column: 6, header: 'source', field: 'custom', key: 'source_2' },
      { column: 7, header: '', field: 'ignore' },
    ]);
    expect(validateMapping(m)).toEqual([]);
  });
});

describe('validateMapping', () => {
  it('requires a phone column', () => {
    const errors = validateMapping([{ column: 0, header: 'Name', field: 'full_name' }]);
    expect(errors.map((e) => e.code)).toEqual(['no_phone']);
  });

  it('reports duplicated fields, columns and custom keys', () => {
    const errors = validateMapping([
      { column: 0, header: 'Phone', field: 'phone' },
      { column: 1, header: 'Email', field: 'email' },
      { column: 2, header: 'Email 2', field: 'email' },
      { column: 2, header: 'X', field: 'custom', key: 'x' },
      { column: 3, header: 'Y', field: 'custom', key: 'x' },
      { column: 4, header: 'Z', field: 'custom', key: 'Not OK' },
    ]);
    expect(errors.map((e) => [e.code, e.column])).toEqual([
      ['duplicate_field', 2],
      ['duplicate_column', 2],
      ['duplicate_custom_key', 3],
      ['invalid_custom_key', 4],
    ]);
  });

  it('allows several phone, tag and note columns', () => {
    expect(
      validateMapping([
        { column: 0, header: 'Phone', field: 'phone' },
        { column: 1, header: 'Cell', field: 'phone' },
        { column: 2, header: 'Tags', field: 'tags' },
        { column: 3, header: 'Groups', field: 'tags' },
      ]),
    ).toEqual([]);
  });
});

describe('re-importing our own export', () => {
  it('ignores the export-only state columns so a round trip adds no custom fields', () => {
    const headers = [
      'Phone',
      'Alt phones',
      'First name',
      'Last name',
      'Email',
      'Campaign',
      'Attempts',
      'DNC',
      'Created',
      'favourite_colour',
    ];
    const m = proposeMapping(headers, [
      ['+14155552671', '', 'Ada', 'L', 'a@x.com', 'Spring', '0', 'no', '2026-12-01T00:00:00Z', 'blue'],
    ]);
    expect(m.filter((c) => c.field === 'ignore').map((c) => c.header)).toEqual([
      'Campaign',
      'Attempts',
      'DNC',
      'Created',
    ]);
    expect(m.find((c) => c.header === 'favourite_colour')).toMatchObject({ field: 'custom', key: 'favourite_colour' });
    // An ordinary file with a "Campaign" column keeps it.
    expect(proposeMapping(['Phone', 'Campaign'], [['4155552671', 'Fall']])[1]).toMatchObject({ field: 'custom' });
  });
});
