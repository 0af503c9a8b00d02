// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { agentChoices, FilterOptions } from './filter-options';

afterEach(cleanup);

const options = (select: HTMLElement) =>
  [...(select as HTMLSelectElement).options].map((o) => ({ value: o.value, text: o.textContent }));

describe('FilterOptions', () => {
  it('offers "all" as the empty value first, then each choice by name with its id as the value', () => {
    render(
      <label>
        Campaign
        <select defaultValue="c2">
          <FilterOptions
            all="All campaigns"
            choices={[
              { id: 'c1', name: 'Spring' },
              { id: 'c2', name: 'Summer' },
            ]}
          />
        </select>
      </label>,
    );
    const select = screen.getByLabelText('Campaign');
    expect(options(select)).toEqual([
      { value: '', text: 'All campaigns' },
      { value: 'c1', text: 'Spring' },
      { value: 'c2', text: 'Summer' },
    ]);
    expect((select as HTMLSelectElement).value).toBe('c2');
  });

  it('lists agents by the user behind each member', () => {
    render(
      <label>
        Agent
        <select>
          <FilterOptions all="All" choices={agentChoices([{ userId: 'u1', name: 'Meg' }])} />
        </select>
      </label>,
    );
    expect(options(screen.getByLabelText('Agent'))).toEqual([
      { value: '', text: 'All' },
      { value: 'u1', text: 'Meg' },
    ]);
  });
});
