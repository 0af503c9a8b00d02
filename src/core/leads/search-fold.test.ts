import { describe, expect, it } from 'vitest';
import { searchTerm } from '../lead-table/filter';
import { FOLD_FROM, FOLD_TO, foldForSearch } from './search-fold';

describe('foldForSearch', () => {
  it('folds case and accents of every script a lead list may hold, not only ASCII', () => {
    expect(foldForSearch('Łukasz ÓLAFUR Øster Ærø')).toBe('lukasz olafur oster æro');
    expect(foldForSearch('François MÜLLER Ñúñez Dvořák Şahin İpek Straße')).toBe(
      'francois muller nunez dvorak sahin ipek straße',
    );
    expect(foldForSearch('ЖУКОВ Ёлкин Ελλάδα ΣΟΦΊΑ')).toBe('жуков елкин ελλαδα σοφια');
    expect(foldForSearch('ann@ACME.com +14155550100')).toBe('ann@acme.com +14155550100');
    expect(FOLD_FROM.length).toBe(FOLD_TO.length);
  });

  it('is what the search box matches', () => {
    expect(searchTerm('Łukasz')).toBe('lukasz');
    expect(searchTerm('øster')).toBe('oster');
  });
});
